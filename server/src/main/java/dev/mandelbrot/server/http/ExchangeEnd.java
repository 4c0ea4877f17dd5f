package dev.mandelbrot.server.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * Runs an action once Jetty is done with a request: its answer written to the last byte, or the
 * exchange failed (client gone, idle timeout, server stopping). The handler returns long before
 * that when the answer is large and its client slow: Javalin and Jetty write it afterwards, for
 * as long as the client takes to read it.
 */
public final class ExchangeEnd {

    private ExchangeEnd() {}

    /** Runs {@code action} once, when {@code ctx}'s exchange has ended, on whichever thread ends it. */
    public static void then(Context ctx, Runnable action) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            action.run(); // not served by Jetty: nothing will tell us later
            return;
        }
        Request.addCompletionListener(request, failure -> action.run());
    }
}
