package dev.mandelbrot.server.cli;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Fractal;
import dev.mandelbrot.render.Progress;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.color.Palettes;
import dev.mandelbrot.render.image.ImageEncoder;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.limits.ViewBounds;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code mandelbrot render}: renders one image to a file (or to standard output with {@code -o -}).
 *
 * <p>Exit codes: 0 written; 2 bad arguments, including a view outside the bounds the HTTP API
 * uses ({@link ViewBounds}) or one the renderer cannot render (a one-line reason, then the
 * usage); 1 the render or the write failed (a one-line reason, never a stack trace). Everything
 * that can be checked before rendering is: the options, the view, the output's directory. How
 * the image is written (atomically for a file) is {@link ImageOutput}'s job; a closed pipe on
 * standard output ends the run with exit 1 and no message, as a unix tool ends on SIGPIPE.
 *
 * <p>The progress bar on standard error follows the one render of the whole image
 * ({@link dev.mandelbrot.render.Progress}), so showing it cannot change a pixel. It is drawn for
 * images of at least {@value #PROGRESS_PIXELS} pixels when standard error is a terminal, or
 * whenever {@code --progress} asks.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Main.VersionProvider.class,
        description = {"Render the Mandelbrot set, or a Julia set, to an image file.",
            "The view is a centre and span (--re --im --span, square pixels) or a rectangle (--rect)."},
        // Each line within picocli's 80 columns, or it re-wraps them mid-sentence (MainTest).
        footer = {"", "Exit codes: 0 written; 2 bad arguments; 1 the render or the write failed",
            "(a closed pipe on standard output ends the run quietly, with 1).",
            "The JVM's \"WARNING: Using incubator modules\" line on standard error comes from",
            "the JVM itself (the Vector API); -q cannot silence it.",
            "", "Examples:",
            "  mandelbrot render -o set.png",
            "  mandelbrot render --re -0.743643887 --im 0.131825904 --span 1e-7 -n 5000 \\",
            "      -o zoom.jpg",
            "  mandelbrot render --julia -0.8,0.156 --palette ocean -o julia.png",
            "  mandelbrot render --rect -2.5,1,-1,1 --width 1024 --height 1024 -o seed.npy"})
public final class RenderCommand implements Callable<Integer> {
    static final int PROGRESS_PIXELS = 1 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--re", paramLabel = "DECIMAL", converter = Decimal.class,
            description = "real part of the centre (default -0.75, or 0 for a Julia set)")
    BigDecimal re;

    @Option(names = "--im", paramLabel = "DECIMAL", converter = Decimal.class, description = "imaginary part of the centre (default 0)")
    BigDecimal im;

    @Option(names = "--span", paramLabel = "DECIMAL", converter = Decimal.class,
            description = "width of the view along the real axis, > 0 (default 3.5); e.g. 1e-12")
    BigDecimal span;

    @Option(names = "--rect", split = ",", paramLabel = "XMIN,XMAX,YMIN,YMAX", hideParamSyntax = true, converter = Real.class,
            description = "the view as a rectangle instead of a centre; pixels may then be non-square "
                    + "(double precision only: --span zooms deeper)")
    double[] rect;

    @Option(names = {"-W", "--width"}, paramLabel = "PIXELS", description = "image width (default 1024)")
    int width = 1024;

    @Option(names = {"-H", "--height"}, paramLabel = "PIXELS",
            description = "image height (default: 3/4 of the width, or the rectangle's aspect ratio)")
    Integer height;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "iteration limit (default 1000)")
    int iterations = 1000;

    @Option(names = "--julia", split = ",", paramLabel = "RE,IM", hideParamSyntax = true, converter = Real.class,
            description = "draw the Julia set of this c (|c| <= 2) instead of the Mandelbrot set")
    double[] julia;

    @Option(names = {"-p", "--palette"}, paramLabel = "NAME", description = "colour palette (default classic; see --list-palettes)")
    String palette;

    @Option(names = "--offset", paramLabel = "T", converter = Real.class, description = "shifts the palette; 0.5 is half a cycle (default 0)")
    double offset;

    @Option(names = "--density", paramLabel = "D", converter = Real.class, description = "palette cycles per unit of ln(1 + escape count) / 1.5, > 0 (default 1)")
    double density = 1;

    @Option(names = "--interior", paramLabel = "#RRGGBB", description = "colour of the set itself (default #000000)")
    String interior = "#000000";

    @Option(names = "--levels", paramLabel = "N",
            description = "palette colours, 2..4096 (default 255: indexed PNG; more gives truecolour PNG)")
    int levels = Colouring.INDEXED_LEVELS;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "png, jpg, gif or npy (escape counts for NumPy); default: from the output file "
                    + "name, png for -o -")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write (an existing file is replaced once the image is complete); "
                    + "- for standard output")
    String output;

    @Option(names = "--guessing", description = "Mariani-Silver guessing: faster, may miss thin filaments")
    boolean guessing;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar and no summary")
    boolean quiet;

    @Option(names = "--progress",
            description = "always show the progress bar (by default: from 1 megapixel, when standard error is a terminal)")
    boolean progress;

    @Option(names = {"-v", "--verbose"}, description = "also log the renderer's choices (such as its SIMD kernel) on standard error")
    boolean verbose;

    @Option(names = "--list-palettes", description = "list the palettes and exit")
    boolean listPalettes;

    /** Whether standard error is a terminal; a field so that tests can say it is. */
    BooleanSupplier stderrIsTerminal = Terminal::standardError;

    /** The renderer's loggers; held here because java.util.logging keeps loggers only weakly. */
    private static final Logger RENDER_LOG = Logger.getLogger("dev.mandelbrot.render");

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
        // The renderer logs its kernel at INFO when it starts: right for a server's log, noise for
        // a command whose standard error is the user's screen (and -q's promise).
        Level logLevel = RENDER_LOG.getLevel();
        if (!verbose) RENDER_LOG.setLevel(Level.WARNING);
        try (Renderer renderer = Renderer.create()) {
            try {
                renderer.check(job.request);
            } catch (IllegalArgumentException e) {
                // only centred views go to the deep-zoom engine: a rectangle is drawn in double
                throw usage(e.getMessage() + (rect != null ? "; --rect views are drawn in double precision, "
                        + "--re/--im/--span zooms deeper" : ""));
            }
            return render(renderer, job, out, err);
        } finally {
            RENDER_LOG.setLevel(logLevel);
        }
    }

    private int render(Renderer renderer, Job job, PrintWriter out, PrintWriter err) {
        ImageOutput target = new ImageOutput(output);
        long start = System.nanoTime();
        ProgressBar bar = null;
        try {
            target.check(); // before the render, which may take minutes
            long pixels = (long) job.request.viewport().width() * job.request.viewport().height();
            boolean showBar = !quiet && (progress || pixels >= PROGRESS_PIXELS && stderrIsTerminal.getAsBoolean());
            bar = showBar ? new ProgressBar(err, pixels) : null;
            EscapeField field = renderer.render(job.request, Cancellation.never(), bar != null ? bar : Progress.none());
            if (bar != null) bar.encoding(job.format.toString());
            long bytes = target.write(stream -> ImageEncoder.encode(job.format, field, job.colouring, stream));
            if (bar != null) bar.end();
            if (!quiet && !target.isStandardOutput()) {
                out.printf(Locale.ROOT, "wrote %s: %dx%d %s, %,d bytes, %.2f s%n", output, field.width(), field.height(),
                        job.format, bytes, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            if (bar != null) bar.end();
            if (!target.isClosedPipe(e)) {
                err.println("mandelbrot render: cannot write " + output + ": " + ImageOutput.describe(e));
            }
        } catch (OutOfMemoryError e) {
            if (bar != null) bar.end();
            err.println("mandelbrot render: not enough memory for a " + job.request.viewport().width() + "x"
                    + job.request.viewport().height() + " image; make it smaller or raise the heap (-Xmx)");
        } catch (RuntimeException e) {
            if (bar != null) bar.end();
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
            if (viewport.width() > imageFormat.maxSide() || viewport.height() > imageFormat.maxSide()) {
                throw usage(String.format(Locale.ROOT, "%s images are at most %,d pixels a side, not %dx%d: "
                        + "use PNG or .npy, or fewer pixels", imageFormat, imageFormat.maxSide(),
                        viewport.width(), viewport.height()));
            }
            var request = new RenderRequest(viewport, fractal, iterations, true, guessing);
            if (!(density > 0)) throw usage("--density must be > 0, got " + density);
            if (levels < 2 || levels > Colouring.MAX_LEVELS) {
                throw usage("--levels must be in [2, " + Colouring.MAX_LEVELS + "], got " + levels);
            }
            var colouring = new Colouring(chosen, offset, density, colour(interior), levels);
            return new Job(request, colouring, imageFormat);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Fractal julia() {
        if (julia.length != 2) throw usage("--julia takes RE,IM (two numbers), got " + julia.length);
        try {
            return Fractal.julia(julia[0], julia[1]);
        } catch (IllegalArgumentException e) {
            throw usage("--julia: " + e.getMessage());
        }
    }

    private Viewport rectangle() {
        if (re != null || im != null || span != null) throw usage("give either --rect or --re/--im/--span, not both");
        if (rect.length != 4) throw usage("--rect takes XMIN,XMAX,YMIN,YMAX (four numbers), got " + rect.length);
        try {
            ViewBounds.checkRectangle(rect[0], rect[1], rect[2], rect[3]);
        } catch (ViewBounds.OutOfBounds e) {
            throw usage("--" + e.getMessage());
        }
        return new Viewport.Rectangle(rect[0], rect[1], rect[2], rect[3], width, height != null ? height : squareHeight());
    }

    /** The height that makes the rectangle's pixels square, refused (not wrapped around) if too large. */
    private int squareHeight() {
        double exact = width * ((rect[3] - rect[2]) / (rect[1] - rect[0])); // in double: an int overflowed
        long h = Math.max(1, Math.round(exact));
        if (!(exact <= Viewport.MAX_PIXELS) || h * width > Viewport.MAX_PIXELS) {
            throw usage(String.format(Locale.ROOT, "image too large: square pixels make the rectangle %dx%.0f pixels, "
                    + "beyond %d pixels; give --height or a smaller --width", width, exact, Viewport.MAX_PIXELS));
        }
        return (int) h;
    }

    private Viewport centred(Fractal fractal) {
        BigDecimal centreRe = re != null ? re : fractal instanceof Fractal.Julia ? BigDecimal.ZERO : new BigDecimal("-0.75");
        BigDecimal centreIm = im != null ? im : BigDecimal.ZERO;
        BigDecimal s = span != null ? span : new BigDecimal("3.5");
        try {
            ViewBounds.checkCentred(centreRe, centreIm, s);
        } catch (ViewBounds.OutOfBounds e) {
            throw usage("--" + e.getMessage());
        }
        return new Viewport.Centred(centreRe, centreIm, s, width, height != null ? height : (int) Math.max(1, width * 3L / 4));
    }

    private static int colour(String hex) {
        String digits = hex.startsWith("#") ? hex.substring(1) : hex;
        if (!digits.matches("[0-9a-fA-F]{6}")) throw new IllegalArgumentException("--interior must be #RRGGBB, got '" + hex + "'");
        return Integer.parseInt(digits, 16);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * A decimal number as typed (no NaN, hexadecimal or Java's exception text in the message);
     * how large it may be is the view's business (ViewBounds).
     */
    static final class Decimal implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            try {
                return new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a decimal number (such as -0.75 or 1e-12)");
            }
        }
    }

    /**
     * A finite number in decimal notation: Double.parseDouble would also take NaN, Infinity,
     * hexadecimal and a trailing d or f, and turn 1e999 into infinity.
     */
    static final class Real implements ITypeConverter<Double> {
        private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

        @Override
        public Double convert(String value) {
            String v = value.strip();
            if (!DECIMAL.matcher(v).matches()) {
                throw new TypeConversionException("'" + value + "' is not a decimal number (such as -0.75 or 1e-3)");
            }
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            return d;
        }
    }
}
