package dev.mandelbrot.server.cli;

import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code mandelbrot serve}: runs the HTTP service until SIGTERM or SIGINT, then shuts down
 * gracefully and exits 0. Settings come from the environment (see {@link ServerConfig#fromEnvironment})
 * and are overridden by flags.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve images, tiles, the explorer, health and metrics over HTTP.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "TCP port (env PORT, default 8080; 0 picks a free one)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (env BIND, default 0.0.0.0: the load balancer reaches the private address)")
    String bind;

    @Option(names = "--max-pixels", description = "largest width x height (env MAX_PIXELS)")
    Long maxPixels;

    @Option(names = "--max-iterations", description = "largest iteration count (env MAX_ITERATIONS)")
    Integer maxIterations;

    @Option(names = "--max-work", description = "largest width x height x iterations (env MAX_WORK)")
    Long maxWork;

    @Option(names = "--render-threads", description = "renders at once (env RENDER_THREADS, default: cores)")
    Integer renderThreads;

    @Option(names = "--queue", description = "renders waiting for a slot before 503 (env QUEUE_CAPACITY, default 64 x cores)")
    Integer queue;

    @Option(names = "--queue-work", description = "pixels x iterations of the waiting renders before 503 (env QUEUE_WORK, default 8e9)")
    Long queueWork;

    @Option(names = "--deadline-ms", description = "per-request budget in ms, queueing included (env DEADLINE_MS, default 20000)")
    Long deadlineMs;

    @Option(names = "--shutdown-grace-ms", description = "time in-flight renders and answers being written get on "
            + "shutdown (env SHUTDOWN_GRACE_MS, default 20000)")
    Long shutdownGraceMs;

    @Option(names = "--cache-bytes", description = "bytes of encoded images kept in memory (env CACHE_BYTES, default 16 MiB)")
    Long cacheBytes;

    @Option(names = "--render-memory", description = "bytes of heap renders, their encodings and answers being "
            + "written may hold at once (env RENDER_MEMORY, default: the heap less the image cache, the deep "
            + "engine's orbit cache, 8 MiB of reused arrays and 24 MiB)")
    Long renderMemory;

    @Option(names = "--log-format", description = "request log lines: text or json (env LOG_FORMAT)")
    String logFormat;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = config(ServerConfig.fromEnvironment(ServerConfig.defaults(), System.getenv()));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mandelbrot serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handling the signals ourselves (instead of a shutdown hook) lets the shutdown run on the
        // main thread and end with exit code 0, which systemd and CodeDeploy read as a clean stop.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        MandelbrotServer server;
        try {
            server = MandelbrotServer.start(config);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("mandelbrot serve: cannot start on " + config.bind() + ":"
                    + config.port() + ": " + rootMessage(e));
            return 1;
        }
        try (server) {
            stop.await();
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    ServerConfig config(ServerConfig base) {
        var c = base;
        if (port != null) c = c.withPort(port);
        if (bind != null) c = c.withBind(bind);
        if (maxPixels != null) c = c.withMaxPixels(maxPixels);
        if (maxIterations != null) c = c.withMaxIterations(maxIterations);
        if (maxWork != null) c = c.withMaxWork(maxWork);
        if (renderThreads != null) c = c.withRenderThreads(renderThreads);
        if (queue != null) c = c.withQueueCapacity(queue);
        if (queueWork != null) c = c.withQueueWork(queueWork);
        if (deadlineMs != null) c = c.withDeadline(Duration.ofMillis(deadlineMs));
        if (shutdownGraceMs != null) c = c.withShutdownGrace(Duration.ofMillis(shutdownGraceMs));
        if (cacheBytes != null) c = c.withCacheBytes(cacheBytes);
        if (renderMemory != null) c = c.withRenderMemory(renderMemory);
        if (logFormat != null) {
            if (!logFormat.equals("json") && !logFormat.equals("text")) {
                throw new IllegalArgumentException("--log-format must be json or text: " + logFormat);
            }
            c = c.withJsonLogs(logFormat.equals("json"));
        }
        return c;
    }
}
