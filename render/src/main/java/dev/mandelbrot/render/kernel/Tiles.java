package dev.mandelbrot.render.kernel;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Internal, not API. Runs a kernel over a whole image on a fork/join pool.
 *
 * <p>The image is cut into tiles of {@value #TILE_W} x {@value #TILE_H} pixels (small enough that
 * a 1024 x 1024 image gives 512 of them, large enough that a vector kernel's per-tile set-up and
 * drain are negligible). The tile range is split in halves recursively; each worker keeps its
 * half and idle workers steal the other halves, so a thread that drew cheap exterior tiles ends
 * up helping with the expensive ones near the set. Cancellation is polled before every tile.
 *
 * <p>An image of at most {@value #ONE_TASK_PIXELS} pixels (a 256 x 256 map tile) is one task on
 * the pool instead, its tiles in order on one worker. Splitting it would halve its latency on an
 * idle machine (about 1 ms), but a server under load renders many at once, and then the forks,
 * steals and joins of 32 small tiles cost more than they share: measured with the server's
 * map-tile walk at 64 connections, 1.10x to 1.16x the requests a second and 7% less CPU per tile
 * (docs/BENCHMARKS.md). Rendering it on the calling thread saved a little more, but in the server
 * that thread is a virtual thread, and renders holding both carriers made {@code /health} wait
 * 160 ms at the median behind them (4 ms with the pool).
 *
 * <p>With exact shortcuts on, a Mandelbrot image whose rows are mirrored about the real axis
 * ({@link Plane#mirror()}) computes each mirrored pair of rows once: tiles cover only the rows
 * above the axis's mirror band and those beyond it, and each tile copies its rows' results to
 * their mirror rows. The copies are equal bit for bit to what computing them would give (see
 * {@link Plane}); the seed's view, symmetric about the axis, is computed half. A Julia set is
 * symmetric about the origin: when its columns are mirrored too ({@link Plane#mirrorRe()}) and
 * onto the image's own width, each row below the axis is the reverse of its mirror row. The
 * system property {@code mandelbrot.mirror=false} turns this off (for benchmarks that measure the
 * kernels alone).
 */
public final class Tiles {

    static final int TILE_W = 64;
    static final int TILE_H = 32;
    static final int ONE_TASK_PIXELS = 256 * 256;

    private static final boolean MIRROR = !"false".equals(System.getProperty("mandelbrot.mirror"));

    private Tiles() {}

    /** Escape counts, smooth values and work of a whole image. */
    public record Result(int[] counts, float[] smooth, long iterations) {}

    /**
     * Renders {@code width x height} pixels of {@code plane} on {@code pool}: shared out by work
     * stealing, or as one task for a small image (see the class comment).
     *
     * @throws CancellationException if {@code cancelled} turns true before the last tile started
     */
    public static Result render(Plane plane, int width, int height, Kernel kernel, ForkJoinPool pool,
            BooleanSupplier cancelled) {
        return render(plane, width, height, kernel, false, pool, cancelled);
    }

    /**
     * As above; with {@code guessing}, each tile goes through {@link Guessing} (inexact, opt-in).
     *
     * @throws CancellationException if {@code cancelled} turns true before the last tile started
     */
    public static Result render(Plane plane, int width, int height, Kernel kernel, boolean guessing,
            ForkJoinPool pool, BooleanSupplier cancelled) {
        return render(plane, width, height, kernel, guessing, pool, cancelled,
                new int[width * height], new float[width * height]);
    }

    /**
     * As above, into the given arrays of {@code width * height} values each, whatever they hold:
     * every value is overwritten (which lets a caller reuse the arrays of a field it has finished with).
     *
     * @throws CancellationException if {@code cancelled} turns true before the last tile started
     */
    public static Result render(Plane plane, int width, int height, Kernel kernel, boolean guessing,
            ForkJoinPool pool, BooleanSupplier cancelled, int[] counts, float[] smooth) {
        return render(plane, width, height, kernel, guessing, pool, cancelled, counts, smooth, pixels -> {});
    }

    /**
     * As above, telling {@code pixelsDone} (from the workers, concurrently) how many pixels each
     * finished tile made final, its mirror copies included: the calls sum to {@code width * height}.
     *
     * @throws CancellationException if {@code cancelled} turns true before the last tile started
     */
    public static Result render(Plane plane, int width, int height, Kernel kernel, boolean guessing,
            ForkJoinPool pool, BooleanSupplier cancelled, int[] counts, float[] smooth, IntConsumer pixelsDone) {
        if (counts.length != width * height || smooth.length != counts.length) {
            throw new IllegalArgumentException("arrays must hold width * height = " + width + " * " + height + " values");
        }
        boolean exact = MIRROR && plane.shortcuts() && !guessing;
        // Julia sets: a pixel mirrors its point reflection, used when columns mirror onto the image
        boolean point = plane.julia() && plane.mirrorRe() == width - 1;
        long k = exact && (!plane.julia() || point) ? plane.mirror() : -1;
        // rows [mirrorFrom, mirrorTo) are copies of rows k - j, which the first band computes
        int mirrorFrom = k < 0 ? height : (int) Math.min(height, k / 2 + 1);
        int mirrorTo = k < 0 ? height : (int) Math.min(height, Math.max(mirrorFrom, k + 1));
        int across = ceilDiv(width, TILE_W);
        int firstDown = ceilDiv(mirrorFrom, TILE_H);
        int tiles = across * (firstDown + ceilDiv(height - mirrorTo, TILE_H));
        LongAdder work = new LongAdder();
        Job job = new Job(plane, width, height, across, firstDown, mirrorFrom, mirrorTo, k, point, kernel, guessing,
                counts, smooth, work, cancelled, pixelsDone);
        if ((long) width * height <= ONE_TASK_PIXELS) {
            pool.invoke(ForkJoinTask.adapt(() -> {
                for (int t = 0; t < tiles; t++) {
                    job.tile(t);
                }
            }));
        } else {
            pool.invoke(new Span(job, 0, tiles));
        }
        return new Result(counts, smooth, work.sum());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * One image's tiles: {@code firstDown} rows of tiles over rows {@code [0, mirrorFrom)}, then
     * rows of tiles over {@code [mirrorTo, height)}; rows in between are mirror copies.
     */
    private record Job(Plane plane, int width, int height, int across, int firstDown, int mirrorFrom, int mirrorTo,
            long mirror, boolean point, Kernel kernel, boolean guessing, int[] counts, float[] smooth, LongAdder work,
            BooleanSupplier cancelled, IntConsumer pixelsDone) {

        void tile(int t) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("render cancelled");
            }
            int x0 = (t % across) * TILE_W;
            int down = t / across;
            int y0 = down < firstDown ? down * TILE_H : mirrorTo + (down - firstDown) * TILE_H;
            int w = Math.min(TILE_W, width - x0);
            int h = Math.min(TILE_H, (down < firstDown ? mirrorFrom : height) - y0);
            work.add(guessing
                    ? Guessing.render(kernel, plane, x0, y0, w, h, counts, smooth, width)
                    : kernel.render(plane, x0, y0, w, h, counts, smooth, width));
            int done = w * h;
            for (int j = y0; j < y0 + h; j++) {
                long copy = mirror - j;
                if (copy >= mirrorFrom && copy < mirrorTo) {
                    done += w;
                    int from = j * width + x0;
                    if (point) {
                        int to = (int) copy * width + (width - 1 - x0); // column i goes to width - 1 - i
                        for (int i = 0; i < w; i++) {
                            counts[to - i] = counts[from + i];
                            smooth[to - i] = smooth[from + i];
                        }
                    } else {
                        int to = (int) copy * width + x0;
                        System.arraycopy(counts, from, counts, to, w);
                        System.arraycopy(smooth, from, smooth, to, w);
                    }
                }
            }
            pixelsDone.accept(done);
        }
    }

    /** Tiles {@code [from, to)}: forks the upper half, runs the lower half itself. */
    private static final class Span extends RecursiveAction {
        private final Job job;
        private final int from;
        private final int to;

        Span(Job job, int from, int to) {
            this.job = job;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            int lo = from;
            int hi = to;
            Span forked = null;
            if (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                forked = new Span(job, mid, hi);
                forked.fork();
                hi = mid;
                new Span(job, lo, hi).compute();
            } else {
                job.tile(lo);
            }
            if (forked != null) {
                forked.join();
            }
        }
    }
}
