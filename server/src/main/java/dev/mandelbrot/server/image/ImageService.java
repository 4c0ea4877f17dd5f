package dev.mandelbrot.server.image;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Turns an {@link ImageJob} into encoded bytes: from the cache when it can, otherwise through
 * admission control ({@link RenderGate} for CPU, {@link MemoryBudget} for heap), the renderer and
 * the encoder. Every render is cancelled when its deadline passes or its client goes away, so no
 * CPU burns for nobody.
 */
public final class ImageService {

    /** Seconds a refused client is asked to wait; renders take well under that. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Renderer renderer;
    private final RenderGate gate;
    private final MemoryBudget memory;
    private final ImageCache cache;
    private final Metrics metrics;
    private final Duration deadline;

    public ImageService(Renderer renderer, RenderGate gate, MemoryBudget memory, long cacheBytes, Metrics metrics,
                        Duration deadline) {
        this.renderer = renderer;
        this.gate = gate;
        this.memory = memory;
        this.cache = new ImageCache(cacheBytes, metrics.registry());
        this.metrics = metrics;
        this.deadline = deadline;
    }

    /** The image and whether it came from the cache. */
    public record Result(EncodedImage image, boolean cached) {}

    /**
     * Produces the job's image.
     *
     * @param clientGone true once the client has disconnected
     * @throws ApiException 503 when the queue is full, the deadline passes or the server is stopping
     * @throws CancellationException when the client went away (nobody to answer)
     */
    public Result produce(ImageJob job, Cancellation clientGone) throws InterruptedException {
        EncodedImage hit = cache.get(job.key());
        if (hit != null) {
            return new Result(hit, true);
        }
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        var viewport = job.request().viewport();
        long work = (long) viewport.width() * viewport.height() * job.request().maxIterations();
        switch (gate.enter(work, deadline)) {
            case ADMITTED -> { }
            case FULL -> {
                metrics.rejected("full");
                throw ApiException.unavailable("the render queue is full (" + gate.running() + " running, "
                        + gate.queued() + " waiting); retry shortly", RETRY_AFTER_SECONDS);
            }
            case TIMED_OUT -> {
                metrics.rejected("timeout");
                throw ApiException.unavailable("no render slot freed within the deadline of "
                        + deadline.toMillis() + " ms; retry shortly", RETRY_AFTER_SECONDS);
            }
            case CLOSED -> {
                metrics.rejected("closed");
                throw ApiException.unavailable("the server is shutting down", RETRY_AFTER_SECONDS);
            }
        }
        long heap = heapBytes(job);
        boolean reserved = false;
        try {
            reserved = memory.reserve(heap, Duration.ofNanos(end - System.nanoTime()));
        } finally {
            if (!reserved) {
                gate.leave(); // refused, or interrupted while waiting: the slot goes back either way
            }
        }
        if (!reserved) {
            metrics.rejected("memory");
            throw ApiException.unavailable("no room in the render memory budget within the deadline of "
                    + deadline.toMillis() + " ms; retry shortly", RETRY_AFTER_SECONDS);
        }
        try {
            EscapeField field;
            long rendered;
            try {
                long renderStart = System.nanoTime();
                field = render(job, clientGone, end);
                rendered = System.nanoTime() - renderStart;
            } finally {
                gate.leave();
            }
            // Encoding runs outside the gate: it is cheaper than rendering, and holding a render slot
            // for it would halve throughput at small sizes. It stays inside the memory budget.
            long encodeStart = System.nanoTime();
            byte[] bytes = ImageEncoder.encode(job.format(), field, job.colouring());
            long encoded = System.nanoTime() - encodeStart;
            metrics.rendered(Duration.ofNanos(rendered), Duration.ofNanos(encoded));
            EncodedImage image = new EncodedImage(bytes, job.format().mediaType(), rendered, encoded, field.iterations());
            renderer.recycle(field); // the bytes are all we keep: its arrays can take the next render
            cache.put(job.key(), image);
            return new Result(image, false);
        } finally {
            memory.release(heap);
        }
    }

    private EscapeField render(ImageJob job, Cancellation clientGone, long end) {
        Cancellation cancel = () -> clientGone.isCancelled() || System.nanoTime() - end >= 0;
        try {
            return renderer.render(job.request(), cancel);
        } catch (IllegalArgumentException e) {
            // The renderer's word on what it cannot render, today views finer than double resolves.
            throw ApiException.unprocessable(job.depthParameter(), job.depthParameter()
                    + " is below the current precision limit: " + e.getMessage());
        } catch (CancellationException e) {
            if (clientGone.isCancelled()) {
                metrics.cancelled("client");
                throw e;
            }
            metrics.cancelled("deadline");
            throw ApiException.unavailable("the render did not finish within the deadline of "
                    + deadline.toMillis() + " ms; ask for fewer pixels or iterations", RETRY_AFTER_SECONDS);
        }
    }

    /**
     * Heap one job holds from the start of its render to the end of its encoding: the escape
     * field (an int and a float per pixel) and what its encoder needs on top. Measured as the
     * smallest {@code -Xmx} (serial collector) in which one 2048 x 2048 render and encode
     * completes: PNG 50 MiB, GIF 52, JPEG and .npy 76 (ImageIO's JPEG writer copies the RGB
     * raster; .npy builds its float array and then the file), i.e. about 12 and 18 bytes a
     * pixel with the young generation's slack included.
     */
    static long heapBytes(ImageJob job) {
        long pixels = (long) job.request().viewport().width() * job.request().viewport().height();
        return pixels * (job.format() == ImageFormat.JPEG || job.format() == ImageFormat.NPY ? 18 : 12);
    }

    /** Renderer kernel name, for health and ETags (different kernels may round differently). */
    public String kernel() {
        return renderer.kernelName();
    }
}
