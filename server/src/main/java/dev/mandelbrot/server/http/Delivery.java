package dev.mandelbrot.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Marks each request whose answer could not be delivered, for the {@link RequestLog}. Jetty
 * tells its request log that a request is over, not whether the answer reached the client;
 * the handler's callback does know: it fails when the connection breaks under the answer (the
 * client left mid-render, then the write fails), and it fails before Jetty logs the request.
 */
public final class Delivery extends Handler.Wrapper {

    /** Request attribute set, to the failure, on a request whose answer failed. */
    static final String FAILED = "mandelbrot.delivery.failed";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void failed(Throwable failure) {
                request.setAttribute(FAILED, failure);
                super.failed(failure);
            }
        });
    }
}
