package dev.mandelbrot.server.image;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Turns an {@link ImageJob} into encoded bytes: from the cache when it can, otherwise through
 * admission control ({@link RenderGate}), the renderer and the encoder. Every render is
 * cancelled when its deadline passes or its client goes away, so no CPU burns for nobody.
 */
public final class ImageService {

    /** Seconds a refused client is asked to wait; renders take well under that. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Renderer renderer;
    private final RenderGate gate;
    private final ImageCache cache;
    private final Metrics metrics;
    private final Duration deadline;

    public ImageService(Renderer renderer, RenderGate gate, long cacheBytes, Metrics metrics, Duration deadline) {
        this.renderer = renderer;
        this.gate = gate;
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
        EscapeField field;
        long rendered;
        try {
            Cancellation cancel = () -> clientGone.isCancelled() || System.nanoTime() - end >= 0;
            long renderStart = System.nanoTime();
            try {
                field = renderer.render(job.request(), cancel);
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
            rendered = System.nanoTime() - renderStart;
        } finally {
            gate.leave();
        }
        // Encoding runs outside the gate: it is cheaper than rendering, and holding a render slot
        // for it would halve throughput at small sizes.
        long encodeStart = System.nanoTime();
        byte[] bytes = ImageEncoder.encode(job.format(), field, job.colouring());
        long encoded = System.nanoTime() - encodeStart;
        metrics.rendered(Duration.ofNanos(rendered), Duration.ofNanos(encoded));
        EncodedImage image = new EncodedImage(bytes, job.format().mediaType(), rendered, encoded, field.iterations());
        cache.put(job.key(), image);
        return new Result(image, false);
    }

    /** Renderer kernel name, for health and ETags (different kernels may round differently). */
    public String kernel() {
        return renderer.kernelName();
    }
}
