package dev.mandelbrot.server.config;

import dev.mandelbrot.render.Renderer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the service can be told at start-up. Immutable; build it with {@link #defaults()},
 * {@link #fromEnvironment(Map)} and the {@code with...} methods.
 *
 * <p>Defaults are sized for a 1 GiB, 1 vCPU t2.micro behind a load balancer: bind to every
 * interface (the load balancer reaches the instance on its private address), about one render
 * per core, a short queue, and a per-request deadline well below the load balancer's idle
 * timeout (60 s) so that a client never waits on work the balancer has already given up on.
 *
 * @param bind            address to listen on
 * @param port            TCP port; 0 picks a free one (tests)
 * @param maxPixels       largest width x height of one image
 * @param maxIterations   largest iteration count of one image
 * @param maxWork         largest pixels x iterations of one image (the real cost bound)
 * @param renderThreads   renders running at once (one more while all are small: {@code RenderGate})
 * @param queueCapacity   renders waiting for a slot; one more is answered 503 at once
 * @param queueWork       total work (pixels x iterations) of the waiting renders; a render that
 *                        would push it over is answered 503 at once, so a queue of tiles can be
 *                        long while a queue of huge images stays short
 * @param deadline        wall-clock budget of one render request, queueing included
 * @param shutdownGrace   how long in-flight renders and answers being written may take to finish on shutdown
 * @param cacheBytes      bytes of encoded images kept in memory
 * @param renderMemory    bytes of heap that renders, their encodings and answers being written may
 *                        hold at once; 0 derives it from the heap (see {@link #renderMemoryOrDefault(long)})
 * @param jsonLogs        one JSON object per request log line instead of key=value text
 */
public record ServerConfig(
        String bind,
        int port,
        long maxPixels,
        int maxIterations,
        long maxWork,
        int renderThreads,
        int queueCapacity,
        long queueWork,
        Duration deadline,
        Duration shutdownGrace,
        long cacheBytes,
        long renderMemory,
        boolean jsonLogs) {

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        require(port >= 0 && port <= 65_535, "port must be in [0, 65535]: " + port);
        require(maxPixels >= 1, "maxPixels must be >= 1: " + maxPixels);
        require(maxIterations >= 1, "maxIterations must be >= 1: " + maxIterations);
        require(maxWork >= 1, "maxWork must be >= 1: " + maxWork);
        require(renderThreads >= 1, "renderThreads must be >= 1: " + renderThreads);
        require(queueCapacity >= 0, "queueCapacity must be >= 0: " + queueCapacity);
        require(queueWork >= 0, "queueWork must be >= 0: " + queueWork);
        require(deadline.isPositive(), "deadline must be positive: " + deadline);
        require(!shutdownGrace.isNegative(), "shutdownGrace must not be negative: " + shutdownGrace);
        require(cacheBytes >= 0, "cacheBytes must be >= 0: " + cacheBytes);
        require(renderMemory == 0 || renderMemory >= MIN_RENDER_MEMORY,
                "renderMemory must be 0 (from the heap) or >= " + MIN_RENDER_MEMORY + ": " + renderMemory);
    }

    /** The smallest render memory budget: a few map tiles. */
    public static final long MIN_RENDER_MEMORY = 4L << 20;

    /** Heap kept back from renders for everything else: classes' data, connections, metrics, garbage. */
    static final long HEAP_RESERVE = 24L << 20;

    /**
     * The render memory budget: {@code renderMemory} when set, otherwise what a heap of
     * {@code maxHeap} bytes leaves after the image cache, what the renderer keeps between renders
     * (fields for reuse, {@link Renderer#RECYCLED_BYTES_MAX}; deep-zoom reference orbits,
     * {@link Renderer#DEEP_CACHE_BYTES_MAX}) and {@link #HEAP_RESERVE}, at least {@link #MIN_RENDER_MEMORY}.
     */
    public long renderMemoryOrDefault(long maxHeap) {
        return renderMemory > 0 ? renderMemory
                : Math.max(MIN_RENDER_MEMORY, maxHeap - cacheBytes - Renderer.RECYCLED_BYTES_MAX
                        - Renderer.DEEP_CACHE_BYTES_MAX - HEAP_RESERVE);
    }

    /** Production defaults; see the class comment for why. */
    public static ServerConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(
                "0.0.0.0",
                8080,
                4_194_304L,            // 2048 x 2048: about 60 MiB of fields and pixels per render
                100_000,
                4_000_000_000L,        // e.g. 2048 x 2048 at ~950 iterations, 1024 x 1024 at ~3800
                cores,
                64 * cores,            // tiles are cheap: many may wait, queueWork bounds the cost
                8_000_000_000L,        // two maximal renders, or ~120 tiles at 1000 iterations
                Duration.ofSeconds(20),
                Duration.ofSeconds(20),
                16L << 20,             // ~600 map tiles; CloudFront and browsers keep the rest
                0,                     // render memory from the heap
                false);
    }

    /**
     * Applies the environment variables documented in docs/API.md on top of {@code base}:
     * {@code PORT}, {@code BIND}, {@code MAX_PIXELS}, {@code MAX_ITERATIONS}, {@code MAX_WORK},
     * {@code RENDER_THREADS}, {@code QUEUE_CAPACITY}, {@code QUEUE_WORK}, {@code DEADLINE_MS}, {@code SHUTDOWN_GRACE_MS},
     * {@code CACHE_BYTES}, {@code RENDER_MEMORY}, {@code LOG_FORMAT} ({@code json} or {@code text}).
     *
     * @throws IllegalArgumentException naming the variable when a value does not parse or is out of range
     */
    public static ServerConfig fromEnvironment(ServerConfig base, Map<String, String> env) {
        var b = base;
        b = b.withBind(env.getOrDefault("BIND", b.bind()));
        b = b.withPort(whole(env, "PORT", b.port()));
        b = b.withMaxPixels(number(env, "MAX_PIXELS", b.maxPixels()));
        b = b.withMaxIterations(whole(env, "MAX_ITERATIONS", b.maxIterations()));
        b = b.withMaxWork(number(env, "MAX_WORK", b.maxWork()));
        b = b.withRenderThreads(whole(env, "RENDER_THREADS", b.renderThreads()));
        b = b.withQueueCapacity(whole(env, "QUEUE_CAPACITY", b.queueCapacity()));
        b = b.withQueueWork(number(env, "QUEUE_WORK", b.queueWork()));
        b = b.withDeadline(Duration.ofMillis(number(env, "DEADLINE_MS", b.deadline().toMillis())));
        b = b.withShutdownGrace(Duration.ofMillis(number(env, "SHUTDOWN_GRACE_MS", b.shutdownGrace().toMillis())));
        b = b.withCacheBytes(number(env, "CACHE_BYTES", b.cacheBytes()));
        b = b.withRenderMemory(number(env, "RENDER_MEMORY", b.renderMemory()));
        String format = env.get("LOG_FORMAT");
        if (format != null) {
            require(format.equals("json") || format.equals("text"), "LOG_FORMAT must be json or text: " + format);
            b = b.withJsonLogs(format.equals("json"));
        }
        return b;
    }

    public ServerConfig withBind(String v) { return new ServerConfig(v, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withPort(int v) { return new ServerConfig(bind, v, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withMaxPixels(long v) { return new ServerConfig(bind, port, v, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withMaxIterations(int v) { return new ServerConfig(bind, port, maxPixels, v, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withMaxWork(long v) { return new ServerConfig(bind, port, maxPixels, maxIterations, v, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withRenderThreads(int v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, v, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withQueueCapacity(int v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, v, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withQueueWork(long v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, v, deadline, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withDeadline(Duration v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, v, shutdownGrace, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withShutdownGrace(Duration v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, v, cacheBytes, renderMemory, jsonLogs); }
    public ServerConfig withCacheBytes(long v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, v, renderMemory, jsonLogs); }
    public ServerConfig withRenderMemory(long v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, v, jsonLogs); }
    public ServerConfig withJsonLogs(boolean v) { return new ServerConfig(bind, port, maxPixels, maxIterations, maxWork, renderThreads, queueCapacity, queueWork, deadline, shutdownGrace, cacheBytes, renderMemory, v); }

    private static long number(Map<String, String> env, String name, long fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + raw);
        }
    }

    private static int whole(Map<String, String> env, String name, int fallback) {
        long value = number(env, name, fallback);
        require(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE, name + " is out of range: " + value);
        return (int) value;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
