package dev.mandelbrot.server;

import dev.mandelbrot.server.config.ServerConfig;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for a test class: started on 127.0.0.1 and a free port before the class's tests,
 * stopped after them, with a client for it. Register it as a static field:
 * {@code @RegisterExtension static final LocalServer server = new LocalServer();}
 */
public final class LocalServer implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<ServerConfig> settings;
    private MandelbrotServer server;
    private Http http;

    /** The default configuration. */
    public LocalServer() {
        this(config -> config);
    }

    /** The default configuration changed by {@code settings} (address and port stay local and free). */
    public LocalServer(UnaryOperator<ServerConfig> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MandelbrotServer.start(settings.apply(ServerConfig.defaults()).withBind("127.0.0.1").withPort(0));
        http = Http.to(server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** A client for this server. */
    public Http http() {
        return http;
    }

    public int port() {
        return server.port();
    }

    /** The listening socket's configured accept queue. */
    public int acceptQueueSize() {
        return server.acceptQueueSize();
    }
}
