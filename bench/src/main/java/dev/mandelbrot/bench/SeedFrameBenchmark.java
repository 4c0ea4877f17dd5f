package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
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

/**
 * The whole seed frame through the public facade, render only (no colouring, no encoding):
 * 1024 x 1024, 1000 iterations, on every core, as the service does it. Sample mode, so JMH
 * prints the median ({@code p0.50}).
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

    private Renderer renderer;
    private RenderRequest request;

    @Setup
    public void setUp() {
        renderer = Renderer.create();
        request = RenderRequest.of(Viewport.seed(1024, 1024), 1000).withInteriorShortcuts(shortcuts);
    }

    @TearDown
    public void tearDown() {
        renderer.close();
    }

    @Benchmark
    public EscapeField render() {
        return renderer.render(request);
    }
}
