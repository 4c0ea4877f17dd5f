package dev.mandelbrot.server.http;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The listening socket's accept queue (its {@code listen()} backlog). Jetty's default, 50, held
 * a third of a burst of 1000 connections back for the kernel's one-second SYN retry (one page of
 * the explorer asks for dozens of tiles at once, on as many connections as the browser allows,
 * and the load balancer opens its own at once after a scale-out). Connections cost the kernel a
 * few hundred bytes each while they wait; overload is refused further in, by the render gate,
 * with a fast 503, which is better than a silent second's wait. The kernel caps the value at
 * {@code net.core.somaxconn} (4096 on current kernels).
 */
public final class AcceptQueue {

    public static final int SIZE = 1024;

    private AcceptQueue() {}

    /** Sets {@link #SIZE} on the server's connectors as it starts (Javalin adds its connector late). */
    public static void applyTo(Server server) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof ServerConnector listening) {
                        listening.setAcceptQueueSize(SIZE);
                    }
                }
            }
        });
    }
}
