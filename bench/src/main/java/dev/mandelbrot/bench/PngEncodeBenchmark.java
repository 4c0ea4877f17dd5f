package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.image.PngEncoder;
import dev.mandelbrot.render.image.PngEncoder.Filter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * PNG encoding of a 1024x1024 smooth-coloured full view (the seed's view, 1000 iterations,
 * rendered once in setup), for every option of {@link PngEncoder}: indexed or RGB pixels,
 * deflate level, strategy and row filter. Colouring is done in setup too: this is the encoder
 * alone. {@link #main} prints the encoded size of every option and its median CPU time.
 *
 * <pre>
 * ./mvnw -q -pl bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar PngEncodeBenchmark \
 *     -p strategy=DEFAULT -p level=1,2,4,6 -p filter=NONE,SUB,UP
 * java --add-modules jdk.incubator.vector -Xmx1g -cp bench/target/benchmarks.jar dev.mandelbrot.bench.PngEncodeBenchmark
 * </pre>
 * (Without {@code -p} JMH runs every combination: 216 of them.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PngEncodeBenchmark {
    @Param({"indexed", "rgb"})
    public String pixels;

    @Param({"1", "2", "3", "4", "6", "9"})
    public int level;

    @Param({"DEFAULT", "FILTERED", "HUFFMAN_ONLY", "RUN_LENGTH"})
    public String strategy;

    @Param({"NONE", "SUB", "UP", "PAETH", "ADAPTIVE"})
    public Filter filter;

    private Image image;
    private PngEncoder.Options options;

    @Setup
    public void setUp() {
        image = Image.render(pixels);
        options = new PngEncoder.Options(level, strategy(strategy), filter);
    }

    @Benchmark
    public byte[] encode() throws IOException {
        return image.encode(options);
    }

    /** A 1024x1024 full view, coloured with the default palette as indices or as RGB. */
    record Image(int width, int height, byte[] indices, int[] colours, int[] rgb) {
        static Image render(String pixels) {
            EscapeField field;
            try (Renderer renderer = Renderer.create()) {
                field = renderer.render(RenderRequest.of(Viewport.seed(1024, 1024), 1000));
            }
            Colouring colouring = Colouring.defaults();
            return switch (pixels) {
                case "indexed" -> new Image(1024, 1024, colouring.toIndices(field), colouring.colourTable(), null);
                case "rgb" -> new Image(1024, 1024, null, null, colouring.withLevels(Colouring.SMOOTH_LEVELS).toRgb(field));
                default -> throw new IllegalArgumentException("pixels: indexed or rgb, not " + pixels);
            };
        }

        byte[] encode(PngEncoder.Options options) throws IOException {
            var out = new ByteArrayOutputStream(1 << 20);
            if (indices != null) PngEncoder.writeIndexed(width, height, indices, colours, options, out);
            else PngEncoder.writeRgb(width, height, rgb, options, out);
            return out.toByteArray();
        }
    }

    static int strategy(String name) {
        return switch (name) {
            case "DEFAULT" -> Deflater.DEFAULT_STRATEGY;
            case "FILTERED" -> Deflater.FILTERED;
            case "HUFFMAN_ONLY" -> Deflater.HUFFMAN_ONLY;
            case "RUN_LENGTH" -> PngEncoder.RUN_LENGTH;
            default -> throw new IllegalArgumentException("strategy: DEFAULT, FILTERED, HUFFMAN_ONLY or RUN_LENGTH, not " + name);
        };
    }

    /**
     * Prints, for every option, the encoded size in bytes (it does not vary between runs) and the
     * median thread CPU time of 7 encodes after 2 warm-ups. On a shared machine CPU time is the
     * steadier companion of JMH's wall-clock median: other processes delay an encode without
     * adding to its CPU time. Timed for the default and run-length strategies; others get sizes.
     */
    public static void main(String[] args) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("pixels\tlevel\tstrategy\tfilter\tbytes\tcpu_ms_median");
        for (String pixels : new String[] {"indexed", "rgb"}) {
            Image image = Image.render(pixels);
            for (int level : new int[] {1, 2, 3, 4, 6, 9}) {
                for (String strategy : new String[] {"DEFAULT", "FILTERED", "HUFFMAN_ONLY", "RUN_LENGTH"}) {
                    if (strategy.equals("RUN_LENGTH") && level != 1) {
                        continue; // the run-length encoder has no levels
                    }
                    for (Filter filter : Filter.values()) {
                        var options = new PngEncoder.Options(level, strategy(strategy), filter);
                        int bytes = image.encode(options).length;
                        String cpu = "";
                        if (strategy.equals("DEFAULT") || strategy.equals("RUN_LENGTH")) {
                            image.encode(options);
                            double[] ms = new double[7];
                            for (int k = 0; k < ms.length; k++) {
                                long t0 = threads.getCurrentThreadCpuTime();
                                image.encode(options);
                                ms[k] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                            }
                            Arrays.sort(ms);
                            cpu = String.format(Locale.ROOT, "%.1f", ms[ms.length / 2]);
                        }
                        System.out.println(pixels + "\t" + level + "\t" + strategy + "\t" + filter + "\t" + bytes + "\t" + cpu);
                    }
                }
            }
        }
    }
}
