package dev.mandelbrot.server.http;

import dev.mandelbrot.render.Cancellation;
import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Tells a render that its client has gone. Jetty reports a failed request (connection reset or
 * closed, idle timeout, connector stopping) to failure listeners; the render polls the flag
 * between work blocks through the renderer's {@link Cancellation}.
 *
 * <p>Limit: on an HTTP/1.1 connection Jetty does not read while a handler runs (the request has
 * no body), so a client that closes its socket mid-render is noticed only when the answer is
 * written. The per-request deadline ({@code DEADLINE_MS}) is what bounds the CPU spent then.
 */
public final class Disconnect {

    private Disconnect() {}

    /** A cancellation that turns true once Jetty sees the request's connection fail. */
    public static Cancellation of(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return Cancellation.never();
        }
        AtomicBoolean gone = new AtomicBoolean();
        request.addFailureListener(failure -> gone.set(true));
        return gone::get;
    }
}
