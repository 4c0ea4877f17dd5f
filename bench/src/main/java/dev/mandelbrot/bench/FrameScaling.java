package dev.mandelbrot.bench;

import dev.mandelbrot.render.kernel.Kernel;
import dev.mandelbrot.render.kernel.Kernels;
import dev.mandelbrot.render.kernel.Plane;
import dev.mandelbrot.render.kernel.Tiles;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a frame's time goes when {@code Tiles} renders it on a pool of one or two threads, as
 * {@code KernelBenchmark}'s scaling figure does (the seed's view, 1024 x 1024, 1000 iterations,
 * shortcuts off, arrays reused). For each thread count it prints the median wall time per frame,
 * the process CPU time per frame (the same for one and two threads when the threads do not slow
 * each other down), and, per worker and frame, the mean time before its first tile starts, after
 * its last tile ends, and between its tiles: the time a worker waits rather than renders.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.mandelbrot.bench.FrameScaling [SECONDS]
 * </pre>
 * Each tile is timed with {@code System.nanoTime} around the kernel call, which adds two clock
 * reads to each of the 512 tiles: negligible against tiles of 10-250 microseconds.
 */
public final class FrameScaling {

    private static final int SIZE = KernelBenchmark.SIZE;
    private static final int WARM_UP = 100;

    private FrameScaling() {
    }

    /** The kernel, timing each tile into arrays that the caller resets before each frame. */
    private static final class Timed implements Kernel {
        private final Kernel inner = Kernels.vectorDouble();
        private final long[] start = new long[1 << 12];
        private final long[] end = new long[start.length];
        private final long[] thread = new long[start.length];
        private final AtomicInteger tiles = new AtomicInteger();

        @Override
        public String name() {
            return inner.name() + " (timed)";
        }

        @Override
        public long render(Plane plane, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
            long t0 = System.nanoTime();
            long work = inner.render(plane, x0, y0, w, h, counts, smooth, stride);
            long t1 = System.nanoTime();
            int i = tiles.getAndIncrement();
            start[i] = t0;
            end[i] = t1;
            thread[i] = Thread.currentThread().threadId();
            return work;
        }
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        Plane plane = KernelBenchmark.seedPlane(1000, false);
        int[] counts = new int[SIZE * SIZE];
        float[] smooth = new float[SIZE * SIZE];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Timed kernel = new Timed();
        for (int threads : new int[] {1, 2, 1, 2}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            for (int f = 0; f < WARM_UP; f++) {
                kernel.tiles.set(0);
                Tiles.render(plane, SIZE, SIZE, kernel, false, pool, () -> false, counts, smooth);
            }
            double[] wall = new double[100_000];
            double before = 0;
            double after = 0;
            double between = 0;
            int frames = 0;
            long cpu = os.getProcessCpuTime();
            long stop = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < stop && frames < wall.length) {
                kernel.tiles.set(0);
                long t0 = System.nanoTime();
                Tiles.render(plane, SIZE, SIZE, kernel, false, pool, () -> false, counts, smooth);
                long t1 = System.nanoTime();
                wall[frames++] = (t1 - t0) / 1e6;
                // per worker: first start, last end, time inside tiles
                Map<Long, long[]> workers = new HashMap<>();
                for (int i = 0; i < kernel.tiles.get(); i++) {
                    long[] w = workers.computeIfAbsent(kernel.thread[i], id -> new long[] {Long.MAX_VALUE, 0, 0});
                    w[0] = Math.min(w[0], kernel.start[i]);
                    w[1] = Math.max(w[1], kernel.end[i]);
                    w[2] += kernel.end[i] - kernel.start[i];
                }
                for (long[] w : workers.values()) {
                    before += (w[0] - t0) / 1e3 / threads;
                    after += (t1 - w[1]) / 1e3 / threads;
                    between += (w[1] - w[0] - w[2]) / 1e3 / threads;
                }
            }
            double cpuPerFrame = (os.getProcessCpuTime() - cpu) / 1e6 / frames;
            pool.shutdown();
            double[] sorted = java.util.Arrays.copyOf(wall, frames);
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT,
                    "%d thread(s): median wall %.2f ms/frame (%d frames), process CPU %.2f ms/frame; per worker and frame: "
                            + "%.0f us before its first tile, %.0f us after its last, %.0f us between tiles%n",
                    threads, sorted[frames / 2], frames, cpuPerFrame, before / frames, after / frames, between / frames);
        }
    }
}
