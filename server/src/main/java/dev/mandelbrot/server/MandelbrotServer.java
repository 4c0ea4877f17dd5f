package dev.mandelbrot.server;

import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.server.api.LimitsEndpoint;
import dev.mandelbrot.server.api.OpenApiEndpoint;
import dev.mandelbrot.server.api.PalettesEndpoint;
import dev.mandelbrot.server.api.RenderEndpoint;
import dev.mandelbrot.server.api.SeedEndpoint;
import dev.mandelbrot.server.config.ServerConfig;
import dev.mandelbrot.server.explorer.StaticAssets;
import dev.mandelbrot.server.health.Health;
import dev.mandelbrot.server.http.AcceptEncoding;
import dev.mandelbrot.server.http.AcceptQueue;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Delivery;
import dev.mandelbrot.server.http.Errors;
import dev.mandelbrot.server.http.JettyErrors;
import dev.mandelbrot.server.http.RequestLog;
import dev.mandelbrot.server.http.SecurityHeaders;
import dev.mandelbrot.server.http.ServerOptions;
import dev.mandelbrot.server.image.ImageResponder;
import dev.mandelbrot.server.image.ImageService;
import dev.mandelbrot.server.limits.Limits;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import dev.mandelbrot.server.minibrot.MinibrotEndpoint;
import dev.mandelbrot.server.minibrot.MinibrotSearch;
import dev.mandelbrot.server.tiles.TileEndpoint;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: Javalin on Jetty 12, handlers on virtual threads.
 *
 * <pre>{@code
 * try (var server = MandelbrotServer.start(ServerConfig.defaults().withPort(0))) {
 *     URI base = URI.create("http://127.0.0.1:" + server.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} is the graceful shutdown: health turns 503, renders not yet admitted are
 * refused, admitted ones and every answer still being written get {@link ServerConfig#shutdownGrace()}
 * (in all) to finish, then the listener closes.
 */
public final class MandelbrotServer implements AutoCloseable {

    /** Every route this server answers (besides static files); the OpenAPI test checks the document lists them. */
    public static final List<String> ROUTES = List.of(
            "/mandelbrot", "/api/v1/render", "/tiles/{z}/{x}/{file}", "/api/v1/minibrot", "/api/v1/palettes", "/api/v1/limits",
            "/openapi.json", "/health", "/metrics");

    private static final Logger LOG = LoggerFactory.getLogger(MandelbrotServer.class);

    private final ServerConfig config;
    private final Renderer renderer;
    private final Metrics metrics;
    private final RenderGate gate;
    private final MinibrotSearch minibrots;
    private final Health health;
    private final MemoryBudget memory;
    private final Javalin app;
    private final GracefulHandler exchanges = new GracefulHandler();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MandelbrotServer(ServerConfig config) {
        this.config = config;
        this.renderer = Renderer.create();
        this.metrics = new Metrics();
        this.gate = new RenderGate(config.renderThreads(), config.queueCapacity(), config.queueWork());
        this.health = new Health(Version.get(), Version.build(), renderer.kernelName());
        metrics.gauge("render.queue.depth", "Renders waiting for a slot", gate::queued);
        metrics.gauge("render.in.flight", "Renders running now", gate::running);
        metrics.gauge("render.queue.work", "Pixels x iterations of the renders waiting", gate::queuedWork);
        var limits = new Limits(config.maxPixels(), config.maxIterations(), config.maxWork());
        this.memory = new MemoryBudget(config.renderMemoryOrDefault(Runtime.getRuntime().maxMemory()));
        metrics.gauge("render.memory.reserved", "Bytes of heap reserved by renders, their encodings and answers still being written", memory::reserved);
        metrics.gauge("render.memory.waiting", "Renders waiting for room in the render memory budget", memory::waiting);
        var images = new ImageService(renderer, gate, memory, config.cacheBytes(), metrics, config.deadline());
        var responder = new ImageResponder(images, Version.get() + "+" + Version.build());
        var seed = new SeedEndpoint(limits, responder);
        var render = new RenderEndpoint(limits, responder);
        var tiles = new TileEndpoint(limits, responder);
        this.minibrots = new MinibrotSearch(gate, metrics, config.deadline());
        var minibrot = new MinibrotEndpoint(minibrots);
        var palettes = new PalettesEndpoint();
        var limitsEndpoint = new LimitsEndpoint(limits);
        var openApi = new OpenApiEndpoint();
        var assets = new StaticAssets(MandelbrotServer.class.getClassLoader());
        var requestLog = new RequestLog(metrics, config.jsonLogs());
        Handler scrape = ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());

        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.jetty.host = config.bind();
            c.jetty.port = config.port();
            c.jetty.modifyServer(server -> {
                // Jetty's graceful stop: refuse new requests, let in-flight ones complete. It also
                // counts the exchanges in flight, written answers included, for close().
                server.setHandler(exchanges);
                server.setStopTimeout(config.shutdownGrace().toMillis() + 1_000);
                server.setErrorHandler(new JettyErrors());
                // Jetty's request log, not Javalin's: it also hears of requests no route saw and
                // of answers the client left before (Delivery marks those).
                server.setRequestLog(requestLog);
                server.insertHandler(new Delivery());
                server.insertHandler(new AcceptEncoding()); // q-values, which Javalin's gzip does not read
                server.insertHandler(new ServerOptions()); // OPTIONS *, which no route can take
                AcceptQueue.applyTo(server);
            });
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                // Jetty keeps a per-connection trie of repeated header fields (tens of KiB of
                // char[] each); at hundreds of keep-alive connections that was ~32 MiB of heap.
                http.setHeaderCacheSize(0);
            });
            c.routes.before(SecurityHeaders::apply);
            // Javalin gzips large text answers for clients that ask: shared caches must key on it.
            // Images, never compressed, take the header off again (ImageResponder).
            c.routes.before(ctx -> ctx.header("Vary", "Accept-Encoding"));
            c.routes.exception(ApiException.class, Errors::api);
            c.routes.exception(Exception.class, Errors::unexpected);
            c.routes.error(404, Errors::notFound);
            route(c, "/mandelbrot", seed::handle);
            route(c, "/api/v1/render", render::handle);
            route(c, "/tiles/{z}/{x}/{file}", tiles::handle);
            route(c, "/api/v1/minibrot", minibrot::handle);
            route(c, "/api/v1/palettes", palettes::handle);
            route(c, "/api/v1/limits", limitsEndpoint::handle);
            route(c, "/openapi.json", openApi::handle);
            route(c, "/health", health::handle);
            route(c, "/metrics", scrape);
            if (assets.present()) {
                route(c, RequestLog.STATIC_ROUTE, assets::handle); // last: only paths no route above took
            }
        });
    }

    private static void route(io.javalin.config.JavalinConfig c, String path, Handler handler) {
        Handler logged = RequestLog.routed(path, handler);
        c.routes.get(path, logged);
        c.routes.head(path, logged);
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @throws RuntimeException when the port cannot be bound
     */
    public static MandelbrotServer start(ServerConfig config) {
        var server = new MandelbrotServer(config);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.minibrots.close();
            server.renderer.close();
            server.metrics.close();
            throw e;
        }
        LOG.info("listening on {}:{} (kernel {}, {} render slots, queue {} renders / {} work, render memory {} MiB, "
                        + "deadline {} ms, version {})",
                config.bind(), server.port(), server.renderer.kernelName(), config.renderThreads(),
                config.queueCapacity(), config.queueWork(), server.memory.capacity() >> 20, config.deadline().toMillis(),
                Version.get());
        return server;
    }

    /** The port the server listens on (the chosen one when configured with port 0). */
    public int port() {
        return app.port();
    }

    /** The accept queue (backlog) the listening socket was opened with; see {@link AcceptQueue}. */
    int acceptQueueSize() {
        return ((org.eclipse.jetty.server.ServerConnector) app.jettyServer().server().getConnectors()[0]).getAcceptQueueSize();
    }

    public ServerConfig config() {
        return config;
    }

    /** Graceful shutdown; see the class comment. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        LOG.info("shutting down: health turns 503 and renders not yet admitted are refused; admitted ones and answers "
                + "being written get up to {} ms", config.shutdownGrace().toMillis());
        health.drain();
        gate.close();
        memory.close(); // renders waiting for memory would only be refused by the closed gate after it
        try {
            if (!gate.awaitIdle(config.shutdownGrace())) {
                LOG.warn("renders still running after the shutdown grace of {} ms; stopping anyway",
                        config.shutdownGrace().toMillis());
            } else if (!awaitNoExchange(start + config.shutdownGrace().toNanos())) {
                LOG.warn("answers still being written after the shutdown grace of {} ms; stopping anyway",
                        config.shutdownGrace().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Jetty's graceful stop gets what is left of the grace (and a second to close connections),
        // not a whole grace of its own on top of the one spent above.
        long left = Math.max(0, Duration.ofNanos(start + config.shutdownGrace().toNanos() - System.nanoTime()).toMillis());
        exchanges.getServer().setStopTimeout(left + 1_000);
        app.stop();
        minibrots.close();
        renderer.close();
        metrics.close();
        LOG.info("stopped in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /**
     * Waits until no exchange is in flight, up to {@code end} ({@link System#nanoTime()}): a render
     * gives its slot back before its answer is encoded and written, and a slow client may take
     * many seconds to read it. Jetty's own graceful stop would not wait for that: stopping, it
     * gives every connection a one-second idle timeout, which cuts off a client that pauses.
     *
     * @return true if none is left
     */
    private boolean awaitNoExchange(long end) throws InterruptedException {
        while (exchanges.getCurrentRequestCount() > 0) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
