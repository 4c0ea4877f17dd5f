package dev.mandelbrot.server.cli;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Fractal;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.color.Palettes;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.render.image.ImageFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mandelbrot render}: renders one image to a file (or to standard output with {@code -o -}).
 *
 * <p>Exit codes: 0 written; 2 bad arguments (a one-line reason, then the usage); 1 the render or
 * the write failed (a one-line reason, never a stack trace). A file is written to a temporary
 * name beside the target and moved into place, so a failed run never leaves half an image.
 *
 * <p>Large images (at least {@value #PROGRESS_PIXELS} pixels) are rendered in horizontal bands
 * so that a progress bar on standard error can follow them; the bands sample exactly the pixel
 * centres of the whole view (see {@link Bands}).
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Main.VersionProvider.class,
        description = {"Render the Mandelbrot set, or a Julia set, to an image file.",
            "The view is a centre and span (--re --im --span, square pixels) or a rectangle (--rect)."},
        footer = {"", "Examples:",
            "  mandelbrot render -o set.png",
            "  mandelbrot render --re -0.743643887 --im 0.131825904 --span 1e-7 -n 5000 -o zoom.jpg",
            "  mandelbrot render --julia -0.8,0.156 --palette ocean -o julia.png",
            "  mandelbrot render --rect -2.5,1,-1,1 --width 1024 --height 1024 -o seed.npy"})
public final class RenderCommand implements Callable<Integer> {
    static final int PROGRESS_PIXELS = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--re", paramLabel = "DECIMAL",
            description = "real part of the centre (default -0.75, or 0 for a Julia set)")
    BigDecimal re;

    @Option(names = "--im", paramLabel = "DECIMAL", description = "imaginary part of the centre (default 0)")
    BigDecimal im;

    @Option(names = "--span", paramLabel = "DECIMAL",
            description = "width of the view along the real axis, > 0 (default 3.5); e.g. 1e-12")
    BigDecimal span;

    @Option(names = "--rect", split = ",", paramLabel = "XMIN,XMAX,YMIN,YMAX", hideParamSyntax = true,
            description = "the view as a rectangle instead of a centre; pixels may then be non-square")
    double[] rect;

    @Option(names = {"-W", "--width"}, paramLabel = "PIXELS", description = "image width (default 1024)")
    int width = 1024;

    @Option(names = {"-H", "--height"}, paramLabel = "PIXELS",
            description = "image height (default: 3/4 of the width, or the rectangle's aspect ratio)")
    Integer height;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "iteration limit (default 1000)")
    int iterations = 1000;

    @Option(names = "--julia", split = ",", paramLabel = "RE,IM", hideParamSyntax = true,
            description = "draw the Julia set of this c (|c| <= 2) instead of the Mandelbrot set")
    double[] julia;

    @Option(names = {"-p", "--palette"}, paramLabel = "NAME", description = "colour palette (default classic; see --list-palettes)")
    String palette;

    @Option(names = "--offset", paramLabel = "T", description = "shifts the palette; 0.5 is half a cycle (default 0)")
    double offset;

    @Option(names = "--density", paramLabel = "D", description = "palette cycles per unit of ln(1 + escape count) / 1.5, > 0 (default 1)")
    double density = 1;

    @Option(names = "--interior", paramLabel = "#RRGGBB", description = "colour of the set itself (default #000000)")
    String interior = "#000000";

    @Option(names = "--levels", paramLabel = "N",
            description = "palette colours, 2..4096 (default 255: indexed PNG; more gives truecolour PNG)")
    int levels = Colouring.INDEXED_LEVELS;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "png, jpg, gif or npy (escape counts for NumPy); default: from the output file name")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write; - for standard output")
    String output;

    @Option(names = "--guessing", description = "Mariani-Silver guessing: faster, may miss thin filaments")
    boolean guessing;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar and no summary")
    boolean quiet;

    @Option(names = "--progress", description = "show the progress bar whatever the size (by default from 1 megapixel)")
    boolean progress;

    @Option(names = "--list-palettes", description = "list the palettes and exit")
    boolean listPalettes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listPalettes) {
            for (Palette p : Palettes.all()) out.printf("%-10s %s%n", p.name(), p.description());
            out.flush();
            return 0;
        }
        Job job = parse();
        long start = System.nanoTime();
        try {
            EscapeField field;
            try (Renderer renderer = Renderer.create()) {
                long pixels = (long) job.request.viewport().width() * job.request.viewport().height();
                field = !quiet && (progress || pixels >= PROGRESS_PIXELS)
                        ? Bands.render(renderer, job.request, new ProgressBar(err))
                        : renderer.render(job.request);
            }
            long bytes = write(job, field);
            if (!quiet && !output.equals("-")) {
                out.printf(Locale.ROOT, "wrote %s: %dx%d %s, %,d bytes, %.2f s%n", output, field.width(), field.height(),
                        job.format, bytes, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            err.println("mandelbrot render: cannot write " + output + ": " + describe(e));
        } catch (OutOfMemoryError e) {
            err.println("mandelbrot render: not enough memory for a " + job.request.viewport().width() + "x"
                    + job.request.viewport().height() + " image; make it smaller or raise the heap (-Xmx)");
        } catch (RuntimeException e) {
            err.println("mandelbrot render: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private record Job(RenderRequest request, Colouring colouring, ImageFormat format) {}

    /** Checks the options together; anything wrong is a usage error (exit 2) with the reason. */
    private Job parse() {
        if (output == null) throw usage("missing the output file: -o FILE (or -o - for standard output)");
        ImageFormat imageFormat = format != null
                ? ImageFormat.parse(format).orElseThrow(() -> usage("unknown format '" + format + "': use " + ImageFormat.names()))
                : output.equals("-") ? ImageFormat.PNG
                : ImageFormat.ofFileName(output).orElseThrow(() -> usage("cannot tell the format from '" + output
                        + "': name the file .png, .jpg, .gif or .npy, or give --format"));
        Palette chosen = palette == null ? Palettes.defaultPalette() : Palettes.byName(palette).orElseThrow(
                () -> usage("unknown palette '" + palette + "': use one of " + String.join(", ", Palettes.names())));
        if (iterations < 1) throw usage("--iterations must be at least 1, got " + iterations);
        if (width < 1 || (height != null && height < 1)) throw usage("--width and --height must be at least 1");
        try {
            Fractal fractal = julia == null ? Fractal.mandelbrot() : julia();
            Viewport viewport = rect != null ? rectangle() : centred(fractal);
            var request = new RenderRequest(viewport, fractal, iterations, true, guessing);
            var colouring = new Colouring(chosen, offset, density, colour(interior), levels);
            return new Job(request, colouring, imageFormat);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Fractal julia() {
        if (julia.length != 2) throw usage("--julia takes RE,IM (two numbers), got " + julia.length);
        return Fractal.julia(julia[0], julia[1]);
    }

    private Viewport rectangle() {
        if (re != null || im != null || span != null) throw usage("give either --rect or --re/--im/--span, not both");
        if (rect.length != 4) throw usage("--rect takes XMIN,XMAX,YMIN,YMAX (four numbers), got " + rect.length);
        int h = height != null ? height : (int) Math.max(1, Math.round(width * (rect[3] - rect[2]) / (rect[1] - rect[0])));
        return new Viewport.Rectangle(rect[0], rect[1], rect[2], rect[3], width, h);
    }

    private Viewport centred(Fractal fractal) {
        BigDecimal centreRe = re != null ? re : fractal instanceof Fractal.Julia ? BigDecimal.ZERO : new BigDecimal("-0.75");
        BigDecimal centreIm = im != null ? im : BigDecimal.ZERO;
        BigDecimal s = span != null ? span : new BigDecimal("3.5");
        return new Viewport.Centred(centreRe, centreIm, s, width, height != null ? height : Math.max(1, width * 3 / 4));
    }

    private static int colour(String hex) {
        String digits = hex.startsWith("#") ? hex.substring(1) : hex;
        if (!digits.matches("[0-9a-fA-F]{6}")) throw new IllegalArgumentException("--interior must be #RRGGBB, got '" + hex + "'");
        return Integer.parseInt(digits, 16);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Encodes to the output; a file goes to a temporary sibling first, then is moved into place. */
    private long write(Job job, EscapeField field) throws IOException {
        if (output.equals("-")) {
            var counting = new CountingStream(System.out);
            ImageEncoder.encode(job.format, field, job.colouring, counting);
            return counting.count;
        }
        Path target = Path.of(output).toAbsolutePath();
        // Not Files.createTempFile: that makes the file owner-only, and the image would keep it.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            try (OutputStream file = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                ImageEncoder.encode(job.format, field, job.colouring, file);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such directory";
            case AccessDeniedException a -> "permission denied";
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) { super(out); }

        @Override public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /**
     * Renders a view as horizontal bands, reporting progress after each, and stitches them into
     * one field. Each band is a viewport of its own whose pixel centres are those of its rows in
     * the whole view: for a centred view the band keeps the pixel size and moves its centre by
     * whole and half pixels (exact in decimal), for a rectangle it takes the rows' edges.
     */
    static final class Bands {
        /** About this many bands, so the bar moves in steps of a few percent. */
        private static final int BANDS = 40;

        private Bands() {}

        static EscapeField render(Renderer renderer, RenderRequest request, IntConsumer percentDone) {
            Viewport v = request.viewport();
            int w = v.width();
            int h = v.height();
            int rows = Math.max(1, (h + BANDS - 1) / BANDS);
            int[] counts = new int[w * h];
            float[] smooth = new float[w * h];
            long iterations = 0;
            percentDone.accept(0);
            for (int top = 0; top < h; top += rows) {
                int bandRows = Math.min(rows, h - top);
                EscapeField band = renderer.render(request.withViewport(band(v, top, bandRows)));
                System.arraycopy(band.counts(), 0, counts, top * w, bandRows * w);
                System.arraycopy(band.smooth(), 0, smooth, top * w, bandRows * w);
                iterations += band.iterations();
                percentDone.accept((int) ((top + bandRows) * 100L / h));
            }
            return new EscapeField(w, h, request.maxIterations(), counts, smooth, iterations);
        }

        /** Rows {@code top .. top + rows - 1} of {@code v} as a viewport of their own. */
        static Viewport band(Viewport v, int top, int rows) {
            return switch (v) {
                case Viewport.Centred c -> {
                    // Centre of the band minus centre of the view, in pixels: (height - 2 top - rows) / 2.
                    BigDecimal shift = c.span().multiply(BigDecimal.valueOf(c.height() - 2L * top - rows))
                            .divide(BigDecimal.valueOf(2L * c.width()), new MathContext(c.span().precision() + 20));
                    yield new Viewport.Centred(c.re(), c.im().add(shift), c.span(), c.width(), rows);
                }
                case Viewport.Rectangle r -> {
                    double dy = (r.imMax() - r.imMin()) / r.height();
                    double bandMax = top == 0 ? r.imMax() : r.imMax() - top * dy;
                    double bandMin = top + rows == r.height() ? r.imMin() : r.imMax() - (top + rows) * dy;
                    yield new Viewport.Rectangle(r.reMin(), r.reMax(), bandMin, bandMax, r.width(), rows);
                }
            };
        }
    }

    /** {@code rendering [#########...........]  45%} on one line of standard error, redrawn in place. */
    static final class ProgressBar implements IntConsumer {
        private static final int CELLS = 30;
        private final PrintWriter err;
        private int shown = -1;

        ProgressBar(PrintWriter err) { this.err = err; }

        @Override
        public void accept(int percent) {
            if (percent == shown) return;
            shown = percent;
            int filled = percent * CELLS / 100;
            err.printf("\rrendering [%s%s] %3d%%", "#".repeat(filled), ".".repeat(CELLS - filled), percent);
            if (percent >= 100) err.println();
            err.flush();
        }
    }
}
