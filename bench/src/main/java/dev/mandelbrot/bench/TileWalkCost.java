package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;

/**
 * What each map tile of {@code bench/wrk/tiles.lua}'s walk costs to render: the 160 x 160 tiles at
 * zoom 8 covering re in [-2, 0.5], im in [-1.25, 1.25], each rendered as the server renders a
 * tile (256 x 256, one task on a one-worker pool), timed by the CPU time of the calling thread and
 * the pool's worker after warm-up passes. Each tile's field is handed back once read, as the server
 * does after encoding, so the next tile reuses its arrays (before 2026-12-07 each tile allocated and
 * zeroed new ones: about 6% of the walk's samples went to {@code memset}, which the server does not
 * spend).
 * Prints the distribution and the tiles grouped by cost, with their share of the walk's time and
 * iterations, so one can see which tiles make a tile rate and which make its tail.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.mandelbrot.bench.TileWalkCost \
 *     [iterations (1000)] [every Nth tile (1)]
 * </pre>
 */
public final class TileWalkCost {

    private static final int SIDE = 160;
    private static final int FIRST_ROW = 48;
    private static final BigDecimal SPAN = new BigDecimal("0.015625"); // 4 / 2^8
    private static final double[] CLASS_LIMITS_MS = {0.6, 0.9, 1.5, 3, 6, Double.POSITIVE_INFINITY};

    private TileWalkCost() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        var threads = ManagementFactory.getThreadMXBean();
        try (Renderer renderer = Renderer.create(1)) {
            for (int pass = 0; pass < 3; pass++) {
                for (int n = pass; n < SIDE * SIDE; n += 7) {
                    renderer.recycle(renderer.render(tile(n, iterations)));
                }
            }
            long[] workers = poolWorkers();
            int tiles = (SIDE * SIDE + every - 1) / every;
            double[] ms = new double[tiles];
            long[] work = new long[tiles];
            int[] interior = new int[tiles];
            for (int t = 0; t < tiles; t++) {
                RenderRequest request = tile(t * every, iterations);
                long before = renderCpu(threads, workers);
                EscapeField field = renderer.render(request);
                long after = renderCpu(threads, workers);
                if (after < 0) { // a worker ended and another took its place: this tile again
                    workers = poolWorkers();
                    t--;
                    renderer.recycle(field);
                    continue;
                }
                ms[t] = (after - before) / 1e6;
                work[t] = field.iterations();
                for (int c : field.counts()) {
                    interior[t] += c < 0 ? 1 : 0;
                }
                renderer.recycle(field);
            }
            report(ms, work, interior, iterations);
        }
    }

    /**
     * The ids of the renderer's pool workers (a map tile is one task on the pool, see
     * {@code Tiles}), whose threads are named {@code ForkJoinPool-N-worker-M}; the common pool's are
     * not counted. Found once, not per tile: listing the threads walks every thread's stack, which
     * took a tenth of the harness's samples and part of each tile's measured time.
     */
    private static long[] poolWorkers() {
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("ForkJoinPool-") && thread.getName().contains("-worker-"))
                .mapToLong(Thread::threadId)
                .toArray();
        if (ids.length == 0) {
            throw new IllegalStateException("no render pool worker found: the tiles' CPU time would miss the render");
        }
        return ids;
    }

    /**
     * CPU time of the threads that render: the calling thread and {@code workers}; -1 if one of
     * those has ended.
     */
    private static long renderCpu(java.lang.management.ThreadMXBean threads, long[] workers) {
        long total = threads.getCurrentThreadCpuTime();
        for (long id : workers) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu < 0) {
                return -1;
            }
            total += cpu;
        }
        return total;
    }

    /** Tile {@code n} of the walk, in tiles.lua's order. */
    private static RenderRequest tile(int n, int iterations) {
        int x = n % SIDE;
        int y = FIRST_ROW + n / SIDE;
        BigDecimal re = new BigDecimal(x).add(new BigDecimal("0.5")).multiply(SPAN).subtract(BigDecimal.TWO);
        BigDecimal im = BigDecimal.TWO.subtract(new BigDecimal(y).add(new BigDecimal("0.5")).multiply(SPAN));
        return RenderRequest.of(new Viewport.Centred(re, im, SPAN, 256, 256), iterations);
    }

    private static void report(double[] ms, long[] work, int[] interior, int iterations) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(ms).sum();
        long totalWork = Arrays.stream(work).sum();
        System.out.printf(Locale.ROOT, "%d tiles at %d iterations, thread CPU per tile: mean %.3f ms, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f%n",
                ms.length, iterations, total / ms.length, at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted[sorted.length - 1]);
        System.out.println("class                     tiles  time%  iterations%  mean ms  mean M it  interior px%");
        double low = 0;
        for (double high : CLASS_LIMITS_MS) {
            int count = 0;
            double time = 0;
            long it = 0;
            long inside = 0;
            for (int t = 0; t < ms.length; t++) {
                if (ms[t] >= low && ms[t] < high) {
                    count++;
                    time += ms[t];
                    it += work[t];
                    inside += interior[t];
                }
            }
            String name = high == Double.POSITIVE_INFINITY ? String.format(Locale.ROOT, ">= %.1f ms", low)
                    : String.format(Locale.ROOT, "%.1f-%.1f ms", low, high);
            System.out.printf(Locale.ROOT, "%-24s %6d %6.1f %12.1f %8.3f %10.2f %13.1f%n", name, count,
                    100 * time / total, 100.0 * it / totalWork, count == 0 ? 0 : time / count,
                    count == 0 ? 0 : it / 1e6 / count, count == 0 ? 0 : 100.0 * inside / count / 65536);
            low = high;
        }
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
