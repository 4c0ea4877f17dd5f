package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.render.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
 * Colouring and every output format for a 1024x1024 smooth-coloured full view (the seed's view,
 * 1000 iterations, rendered once in setup), plus ImageIO's own PNG writer as the baseline our
 * {@code PngEncoder} has to beat. {@code colourAndEncode} is what a request pays after the render;
 * {@link #main} prints the size of each output.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar EncodeBenchmark.colourAndEncode
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar 'EncodeBenchmark.(colour|imageIoPng)$' -p format=PNG
 * java --add-modules jdk.incubator.vector -Xmx1g -cp bench/target/benchmarks.jar dev.mandelbrot.bench.EncodeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EncodeBenchmark {
    /** {@code indexed}: the default 255-level colouring; {@code rgb}: 1024 levels, truecolour. */
    @Param({"indexed", "rgb"})
    public String pixels;

    @Param({"PNG", "JPEG", "GIF", "NPY"})
    public ImageFormat format;

    private EscapeField field;
    private Colouring colouring;
    private BufferedImage image;

    @Setup
    public void setUp() {
        try (Renderer renderer = Renderer.create()) {
            field = renderer.render(RenderRequest.of(Viewport.seed(1024, 1024), 1000));
        }
        colouring = pixels.equals("rgb") ? Colouring.defaults().withLevels(Colouring.SMOOTH_LEVELS) : Colouring.defaults();
        image = pixels.equals("rgb") ? rgbImage() : indexedImage();
    }

    /** Colouring plus encoding, through the public facade. */
    @Benchmark
    public byte[] colourAndEncode() {
        return ImageEncoder.encode(format, field, colouring);
    }

    /** Colouring alone: smooth value to palette entry for every pixel. */
    @Benchmark
    public Object colour() {
        return colouring.indexed() ? colouring.toIndices(field) : colouring.toRgb(field);
    }

    /** The baseline: ImageIO's PNG writer on the same pixels, already coloured. */
    @Benchmark
    public byte[] imageIoPng() throws IOException {
        var out = new ByteArrayOutputStream(1 << 20);
        ImageIO.setUseCache(false);
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /**
     * Prints the size in bytes of every format and of ImageIO's PNG, for both kinds of pixels,
     * with the median thread CPU time of 7 runs after 2 warm-ups (steadier than wall-clock time
     * on a shared machine; see {@code PngEncodeBenchmark#main}).
     */
    public static void main(String[] args) throws IOException {
        System.out.println("pixels\toutput\tbytes\tcpu_ms_median");
        for (String pixels : new String[] {"indexed", "rgb"}) {
            var state = new EncodeBenchmark();
            state.pixels = pixels;
            state.setUp();
            for (ImageFormat f : ImageFormat.values()) {
                state.format = f;
                int bytes = state.colourAndEncode().length;
                System.out.println(pixels + "\t" + f + "\t" + bytes + "\t" + cpuMillis(state::colourAndEncode));
            }
            int bytes = state.imageIoPng().length;
            System.out.println(pixels + "\tImageIO PNG\t" + bytes + "\t" + cpuMillis(state::imageIoPng));
            System.out.println(pixels + "\tcolouring only\t\t" + cpuMillis(state::colour));
        }
    }

    private interface Task {
        Object run() throws IOException;
    }

    private static String cpuMillis(Task task) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        task.run();
        task.run();
        double[] ms = new double[7];
        for (int k = 0; k < ms.length; k++) {
            long t0 = threads.getCurrentThreadCpuTime();
            task.run();
            ms[k] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return String.format(Locale.ROOT, "%.1f", ms[ms.length / 2]);
    }

    private BufferedImage rgbImage() {
        var img = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        int[] rgb = colouring.toRgb(field);
        System.arraycopy(rgb, 0, ((DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        return img;
    }

    private BufferedImage indexedImage() {
        int[] table = colouring.colourTable();
        byte[] r = new byte[table.length], g = new byte[table.length], b = new byte[table.length];
        for (int k = 0; k < table.length; k++) {
            r[k] = (byte) (table[k] >>> 16);
            g[k] = (byte) (table[k] >>> 8);
            b[k] = (byte) table[k];
        }
        var img = new BufferedImage(1024, 1024, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, table.length, r, g, b));
        byte[] indices = colouring.toIndices(field);
        System.arraycopy(indices, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, indices.length);
        return img;
    }
}
