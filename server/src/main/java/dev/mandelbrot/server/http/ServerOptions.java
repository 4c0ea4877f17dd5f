package dev.mandelbrot.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code OPTIONS *}: a question about the server itself, not about a resource (RFC 9110
 * section 9.3.7), which no route can take (its target is not a path). The answer is a 200 with
 * {@code Allow} naming the methods the service answers (GET and HEAD, on every route), no
 * content, the {@link SecurityHeaders} and {@code Cache-Control: no-store} (answers to OPTIONS
 * are not cacheable), as Apache httpd does; Jetty alone answered a bare 404, as if the server
 * were a missing resource.
 */
public final class ServerOptions extends Handler.Wrapper {

    /** The methods every route answers. */
    static final String ALLOW = "GET, HEAD";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.OPTIONS.is(request.getMethod()) || !"*".equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        request.setAttribute(RequestLog.ROUTE, "*");
        response.setStatus(200);
        SecurityHeaders.HEADERS.forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
        return true;
    }
}
