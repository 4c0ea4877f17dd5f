package dev.mandelbrot.bench;

import dev.mandelbrot.render.kernel.Kernel;
import dev.mandelbrot.render.kernel.Kernels;
import dev.mandelbrot.render.kernel.Plane;
import dev.mandelbrot.render.kernel.Tiles;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Escape-time throughput of the kernels on the seed's view (re in [-2.5, 1], im in [-1, 1],
 * 1024 x 1024, 1000 iterations), in iterations per second: the secondary result
 * {@code iterations} counts {@code EscapeField.iterations}, the work the kernel reports.
 *
 * <p>Scalar vs SIMD, one thread, shortcuts off, in one run:
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar KernelBenchmark \
 *     -p kernel=scalar,vector-double -p threads=1 -p shortcuts=false -p recycle=true
 * </pre>
 * Scaling, SIMD, 1 vs 2 threads: {@code -p kernel=vector-double -p threads=1,2 -p shortcuts=false -p recycle=true}.
 *
 * <p>With {@code recycle=true} every frame is rendered into the same two arrays, as the service
 * does with the fields it hands back once encoded (see {@code SeedFrameBenchmark}); with
 * {@code recycle=false} each frame allocates and zeroes its 8 MB first, on the calling thread
 * while the pool's workers wait: a serial part that counts against the 2-thread scaling but is
 * not the kernel's work. JMH runs both unless {@code -p recycle=...} names one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KernelBenchmark {

    static final int SIZE = 1024;

    @Param({"scalar", "vector-double"})
    public String kernel;

    @Param({"1", "2"})
    public int threads;

    @Param({"false", "true"})
    public boolean shortcuts;

    @Param({"true", "false"})
    public boolean recycle;

    private Kernel k;
    private ForkJoinPool pool;
    private Plane plane;
    private int[] counts;
    private float[] smooth;

    /** Work per call, reported by JMH as a rate next to the frames per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long iterations;

        @Setup(Level.Iteration)
        public void reset() {
            iterations = 0;
        }
    }

    @Setup
    public void setUp() {
        k = switch (kernel) {
            case "scalar" -> Kernels.scalar();
            case "vector-double" -> Kernels.vectorDouble();
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
        pool = new ForkJoinPool(threads);
        plane = seedPlane(1000, shortcuts);
        counts = new int[SIZE * SIZE];
        smooth = new float[SIZE * SIZE];
    }

    /** The seed's view, re in [-2.5, 1], im in [-1, 1], on {@value #SIZE} x {@value #SIZE} pixels. */
    static Plane seedPlane(int iterations, boolean shortcuts) {
        double dx = 3.5 / SIZE;
        double dy = 2.0 / SIZE;
        return Plane.mandelbrot(-2.5 + dx / 2, 1 - dy / 2, dx, dy, iterations, shortcuts);
    }

    @TearDown
    public void tearDown() {
        pool.shutdown();
    }

    @Benchmark
    public int[] seedFrame(Work work) {
        Tiles.Result r = recycle
                ? Tiles.render(plane, SIZE, SIZE, k, false, pool, () -> false, counts, smooth)
                : Tiles.render(plane, SIZE, SIZE, k, pool, () -> false);
        work.iterations += r.iterations();
        return r.counts();
    }
}
