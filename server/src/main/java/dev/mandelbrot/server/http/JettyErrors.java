package dev.mandelbrot.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself, for requests no route ever sees: a request line or headers
 * beyond its buffers (414, 431), a URI it cannot parse (400), a failure outside Javalin. They get
 * the body every other error has ({@link ErrorBody}, JSON), the {@link SecurityHeaders} and
 * {@code Cache-Control: no-store}, instead of Jetty's HTML page without them.
 */
public final class JettyErrors extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Errors found while parsing, before a request exists; the connection closes after it. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers(fields);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Errors of a parsed request that Jetty answers itself. */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        headers(response.getHeaders());
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    private static void headers(HttpFields.Mutable fields) {
        SecurityHeaders.HEADERS.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** Jetty's reason, or the status's own name; never a cause, which may hold internals. */
    static byte[] body(int status, String reason) {
        String error = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        try {
            return JSON.writeValueAsBytes(new ErrorBody(status, error, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ErrorBody always serialises", e);
        }
    }
}
