package dev.mandelbrot.server.http;

import dev.mandelbrot.render.Cancellation;
import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Tells a render that its client has gone. Jetty reports a failed request (connection reset,
 * closed, idle timeout) to failure listeners; the render polls the flag between work blocks
 * through the renderer's {@link Cancellation}.
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
