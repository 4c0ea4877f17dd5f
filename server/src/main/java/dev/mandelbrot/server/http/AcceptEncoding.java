package dev.mandelbrot.server.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads {@code Accept-Encoding} as RFC 9110 section 12.5.3 does, for Javalin's compression.
 * Javalin matches the header's elements as plain names: to it {@code gzip;q=0.5} is not gzip,
 * so a client that weighs its codings got no compression, and one that sent
 * {@code gzip;q=0.5, *;q=0} got the identity it had excluded. Requests reach Javalin with the
 * header reduced to the one decision that matters here: {@code gzip} when the client accepts it
 * (q > 0, named or through {@code *}), no header when it does not.
 */
public final class AcceptEncoding extends Handler.Wrapper {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        if (accept == null || accept.equals("gzip")) {
            return super.handle(request, response, callback);
        }
        HttpFields.Mutable headers = HttpFields.build(request.getHeaders()).remove(HttpHeader.ACCEPT_ENCODING);
        if (acceptsGzip(accept)) {
            headers.put(HttpHeader.ACCEPT_ENCODING, "gzip");
        }
        HttpFields reduced = headers.asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return reduced;
            }
        }, response, callback);
    }

    /**
     * True when {@code accept} gives gzip a weight above 0: its own entry ({@code x-gzip} is an
     * alias) decides, else {@code *}'s; unnamed, it is not acceptable.
     */
    static boolean acceptsGzip(String accept) {
        double gzip = -1;
        double any = -1;
        for (String element : accept.split(",")) {
            String[] parts = element.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = weight(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = Math.max(gzip, q);
            } else if (coding.equals("*")) {
                any = Math.max(any, q);
            }
        }
        return (gzip >= 0 ? gzip : any) > 0;
    }

    /** The element's q parameter, 1 when absent, 0 when malformed (a weight we cannot read accepts nothing). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
