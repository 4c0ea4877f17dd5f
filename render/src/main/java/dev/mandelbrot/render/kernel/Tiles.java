package dev.mandelbrot.render.kernel;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Internal, not API. Runs a kernel over a whole image on a fork/join pool.
 *
 * <p>The image is cut into tiles of {@value #TILE_W} x {@value #TILE_H} pixels (small enough that
 * a 1024 x 1024 image gives 512 of them, large enough that a vector kernel's per-tile set-up and
 * drain are negligible). The tile range is split in halves recursively; each worker keeps its
 * half and idle workers steal the other halves, so a thread that drew cheap exterior tiles ends
 * up helping with the expensive ones near the set. Cancellation is polled before every tile.
 */
public final class Tiles {

    static final int TILE_W = 64;
    static final int TILE_H = 32;

    private Tiles() {}

    /** Escape counts, smooth values and work of a whole image. */
    public record Result(int[] counts, float[] smooth, long iterations) {}

    /**
     * Renders {@code width x height} pixels of {@code plane}.
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
        int[] counts = new int[width * height];
        float[] smooth = new float[width * height];
        int across = ceilDiv(width, TILE_W);
        int tiles = across * ceilDiv(height, TILE_H);
        LongAdder work = new LongAdder();
        Job job = new Job(plane, width, height, across, kernel, guessing, counts, smooth, work, cancelled);
        pool.invoke(new Span(job, 0, tiles));
        return new Result(counts, smooth, work.sum());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private record Job(Plane plane, int width, int height, int across, Kernel kernel, boolean guessing, int[] counts,
            float[] smooth, LongAdder work, BooleanSupplier cancelled) {

        void tile(int t) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("render cancelled");
            }
            int x0 = (t % across) * TILE_W;
            int y0 = (t / across) * TILE_H;
            int w = Math.min(TILE_W, width - x0);
            int h = Math.min(TILE_H, height - y0);
            work.add(guessing
                    ? Guessing.render(kernel, plane, x0, y0, w, h, counts, smooth, width)
                    : kernel.render(plane, x0, y0, w, h, counts, smooth, width));
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
