package dev.mandelbrot.bench;

import dev.mandelbrot.render.kernel.Kernel;
import dev.mandelbrot.render.kernel.Kernels;
import dev.mandelbrot.render.kernel.Plane;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Thread CPU time of one kernel rendering a 1024 x 1024 frame on the calling thread, tile by tile
 * (64 x 32, as {@code Tiles} cuts it), for comparing kernel designs on a shared machine: CPU time
 * does not count the time the thread waits for a core, so two variants measured one after the
 * other compare fairly even when other processes come and go. Prints the median over the frames
 * rendered in {@code seconds}, after 15 warm-up frames.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.mandelbrot.bench.KernelCpuTime \
 *     vector-double|vector-float|scalar|best  shortcuts(true|false)  seconds  [seed|interior|outside]  [iterations]
 * </pre>
 * {@code seed} is the seed's view (re in [-2.5, 1], im in [-1, 1]); {@code interior} lies wholly in
 * the main cardioid, so with shortcuts off every pixel takes every step and nothing escapes: the
 * kernel's bare loop; {@code outside} lies wholly beyond radius 2 (re in [3, 4], im in [3, 4]), so
 * every pixel escapes at count 1: what a pixel costs besides its iterations (setting up its
 * group, the sprint's first test, its smooth value, the writes).
 *
 * <p>With {@code -Dhistory=mixed} the warm-up frames alternate, tile by tile, between the view and
 * the same view with shortcuts the other way, as a JVM serving both kinds would: the compiled code
 * then reflects both, which once made C2 box a vector at every step of {@code VectorKernel}'s loop.
 * The line printed ends with the heap bytes the measured frames allocated, per frame: 0 when the
 * kernel runs as SIMD instructions.
 */
public final class KernelCpuTime {

    private static final int SIZE = KernelBenchmark.SIZE;
    private static final int WARM_UP = 15;

    private KernelCpuTime() {
    }

    private static Plane plane(String view, int iterations, boolean shortcuts) {
        return switch (view) {
            case "seed" -> KernelBenchmark.seedPlane(iterations, shortcuts);
            case "interior" -> Plane.mandelbrot(-0.2, 0.2, 0.2 / SIZE, 0.2 / SIZE, iterations, shortcuts);
            case "outside" -> Plane.mandelbrot(3, 4, 1.0 / SIZE, 1.0 / SIZE, iterations, shortcuts);
            default -> throw new IllegalArgumentException("unknown view " + view);
        };
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: KernelCpuTime KERNEL SHORTCUTS SECONDS [seed|interior|outside] [ITERATIONS [TILE_W TILE_H]]");
            System.exit(2);
        }
        Kernel kernel = switch (args[0]) {
            case "scalar" -> Kernels.scalar();
            case "vector-double" -> Kernels.vectorDouble();
            case "vector-float" -> Kernels.vectorFloat();
            case "best" -> Kernels.best();
            default -> throw new IllegalArgumentException("unknown kernel " + args[0]);
        };
        boolean shortcuts = Boolean.parseBoolean(args[1]);
        long seconds = Long.parseLong(args[2]);
        String view = args.length > 3 ? args[3] : "seed";
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int tileW = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        int tileH = args.length > 6 ? Integer.parseInt(args[6]) : 32;
        Plane plane = plane(view, iterations, shortcuts);
        Plane other = plane(view, iterations, !shortcuts);
        boolean mixed = "mixed".equals(System.getProperty("history"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] counts = new int[SIZE * SIZE];
        float[] smooth = new float[SIZE * SIZE];
        double[] ms = new double[100_000];
        int frames = 0;
        long work = 0;
        long allocated = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int f = 0; System.nanoTime() < end && frames < ms.length; f++) {
            long start = threads.getCurrentThreadCpuTime();
            long bytes = threads.getCurrentThreadAllocatedBytes();
            work = 0;
            int tile = 0;
            for (int y = 0; y < SIZE; y += tileH) {
                for (int x = 0; x < SIZE; x += tileW) {
                    Plane p = mixed && f < WARM_UP && (tile++ & 1) == 1 ? other : plane;
                    work += kernel.render(p, x, y, Math.min(tileW, SIZE - x), Math.min(tileH, SIZE - y), counts, smooth, SIZE);
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            if (f >= WARM_UP) {
                ms[frames++] = cpu / 1e6;
                allocated += threads.getCurrentThreadAllocatedBytes() - bytes;
            }
        }
        if (frames == 0) {
            System.err.println("no frame measured after the warm-up: give it more seconds");
            System.exit(1);
        }
        double[] measured = Arrays.copyOf(ms, frames);
        Arrays.sort(measured);
        double median = measured[frames / 2];
        System.out.printf(Locale.ROOT, "%s shortcuts=%s view=%s iterations=%d%s: median CPU %.2f ms/frame (%d frames), %.3f G iterations/s, work %d, allocated %d bytes/frame%n",
                kernel.name(), shortcuts, view, iterations, mixed ? " history=mixed" : "", median, frames, work / median / 1e6, work,
                allocated / frames);
    }
}
