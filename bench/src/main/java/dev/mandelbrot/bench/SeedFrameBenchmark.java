package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Fractal;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole seed frame through the public facade, render only (no colouring, no encoding):
 * 1024 x 1024, 1000 iterations, on every core, as the service does it. Sample mode, so JMH
 * prints the median ({@code p0.50}). {@code -p view=julia} renders instead the Julia set of
 * c = -0.8 + 0.156i, centred on the origin with span 3.2, the same size and budget. With
 * {@code recycle=true} each frame's field is handed back to the renderer once consumed, as the
 * service does after encoding, so the next frame reuses its 8 MB of arrays instead of allocating
 * and zeroing new ones; {@code recycle=false} measures a caller that never does. JMH runs both
 * unless {@code -p recycle=...} names one.
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar SeedFrameBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeedFrameBenchmark {

    @Param({"true", "false"})
    public boolean shortcuts;

    @Param({"seed"})
    public String view;

    @Param({"true", "false"})
    public boolean recycle;

    private Renderer renderer;
    private RenderRequest request;

    @Setup
    public void setUp() {
        renderer = Renderer.create();
        request = switch (view) {
            case "seed" -> RenderRequest.of(Viewport.seed(1024, 1024), 1000);
            case "julia" -> RenderRequest.of(new Viewport.Centred(BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("3.2"),
                    1024, 1024), 1000).withFractal(new Fractal.Julia(-0.8, 0.156));
            default -> throw new IllegalArgumentException("view: seed or julia, not " + view);
        };
        request = request.withInteriorShortcuts(shortcuts);
    }

    @TearDown
    public void tearDown() {
        renderer.close();
    }

    @Benchmark
    public void render(Blackhole blackhole) {
        EscapeField field = renderer.render(request);
        blackhole.consume(field);
        if (recycle) {
            renderer.recycle(field);
        }
    }
}
