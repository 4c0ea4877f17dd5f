package dev.mandelbrot.render;

import dev.mandelbrot.render.deep.DeepRenderer;
import dev.mandelbrot.render.kernel.Kernel;
import dev.mandelbrot.render.kernel.Kernels;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;

/**
 * The renderer: turns a {@link RenderRequest} into an {@link EscapeField}.
 *
 * <p>Thread-safe; meant to be created once per process and shared. Each render is cut into small
 * tiles that a private fork/join pool of {@code threads} workers shares out by work stealing;
 * concurrent renders share the same workers. An image of at most 256 x 256 pixels is one task on
 * one worker instead: under load that is cheaper than sharing it out. {@link #close()} shuts the
 * pool down.
 *
 * <p>The kernel (SIMD on the Vector API where available, otherwise scalar) is chosen once and
 * named by {@link #kernelName()}.
 */
public final class Renderer implements AutoCloseable {

    /** The most heap that fields handed back by {@link #recycle} hold while they wait for reuse. */
    public static final long RECYCLED_BYTES_MAX = FieldPool.MAX_BYTES;

    /**
     * The most heap that the deep-zoom engine keeps between renders: reference orbits and their BLA
     * tables, for nearby views (tiles) to reuse. A render that needs a new reference or table holds
     * it on top of this while it runs (up to ~12 MB for a 256x256 tile at the deepest map level).
     */
    public static final long DEEP_CACHE_BYTES_MAX = DeepRenderer.CACHE_BYTES;

    private final ForkJoinPool pool;
    private final Engine doubles;
    private final Engine deep;
    private final FieldPool fields = new FieldPool();

    private Renderer(int threads, Kernel kernel) {
        this.pool = new ForkJoinPool(threads);
        this.doubles = new DoubleEngine(kernel, pool, fields);
        this.deep = new DeepEngine(pool);
    }

    /** A renderer on every core with the best kernel for this machine. */
    public static Renderer create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /** A renderer with {@code threads} workers and the best kernel for this machine. */
    public static Renderer create(int threads) {
        return create(threads, Kernels.best());
    }

    /** For tests and benchmarks in this module: a chosen kernel. */
    static Renderer create(int threads, Kernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new Renderer(threads, Objects.requireNonNull(kernel, "kernel"));
    }

    /** Renders to completion. */
    public EscapeField render(RenderRequest request) {
        return render(request, Cancellation.never());
    }

    /**
     * Renders, polling {@code cancel} between tiles.
     *
     * @throws java.util.concurrent.CancellationException if cancelled before the render finished
     * @throws IllegalArgumentException if no engine can render the view
     */
    public EscapeField render(RenderRequest request, Cancellation cancel) {
        return render(request, cancel, Progress.none());
    }

    /**
     * Checks, without rendering, that this renderer can render {@code request}: what
     * {@link #render} would refuse, this refuses with the same reason, in microseconds rather than
     * after a reference orbit or half an image (for callers that want to fail before they start).
     *
     * @throws IllegalArgumentException if no engine can render the view
     */
    public void check(RenderRequest request) {
        engineFor(Objects.requireNonNull(request, "request")).check(request);
    }

    /**
     * Renders, polling {@code cancel} between tiles and telling {@code progress} as each tile is
     * finished. The image is the same whatever {@code progress} does: it observes, it does not cut
     * the view up.
     *
     * @throws java.util.concurrent.CancellationException if cancelled before the render finished
     * @throws IllegalArgumentException if no engine can render the view
     */
    public EscapeField render(RenderRequest request, Cancellation cancel, Progress progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(progress, "progress");
        return engineFor(request).render(request, cancel, progress);
    }

    /**
     * Hands back a field that this renderer returned, once its caller has finished reading it, so
     * that a later render of the same size may write into its arrays instead of allocating new ones
     * (at most {@link #RECYCLED_BYTES_MAX} bytes are kept; see {@code FieldPool} for why). Optional:
     * a field never handed back is simply garbage. The caller must not touch the field afterwards,
     * and must hand each field back at most once.
     */
    public void recycle(EscapeField field) {
        fields.give(Objects.requireNonNull(field, "field"));
    }

    /**
     * The seam for precision tiers: which engine renders this request. Centred views that double
     * cannot resolve (see {@link DoubleEngine#resolves}) go to the deep-zoom engine ({@link DeepEngine}).
     */
    Engine engineFor(RenderRequest request) {
        return DeepEngine.handles(request) ? deep : doubles;
    }

    /** The kernel in use, such as {@code vector-double-512} or {@code scalar}. */
    public String kernelName() {
        return doubles.name();
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
