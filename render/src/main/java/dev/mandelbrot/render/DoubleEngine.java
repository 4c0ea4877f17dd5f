package dev.mandelbrot.render;

import dev.mandelbrot.render.kernel.Kernel;
import dev.mandelbrot.render.kernel.Plane;
import dev.mandelbrot.render.kernel.Tiles;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.ForkJoinPool;

/** Renders in double precision: the viewport becomes a {@link Plane}, tiles go to a kernel. */
final class DoubleEngine implements Engine {

    /**
     * Smallest pixel spacing, relative to the largest coordinate in view, that double resolves:
     * 2^-48 is 16 ulps, so neighbouring pixels still map to distinct, evenly spaced numbers.
     */
    static final double MIN_RELATIVE_SPACING = 0x1p-48;

    private final Kernel kernel;
    private final ForkJoinPool pool;
    private final FieldPool fields;

    DoubleEngine(Kernel kernel, ForkJoinPool pool, FieldPool fields) {
        this.kernel = kernel;
        this.pool = pool;
        this.fields = fields;
    }

    @Override
    public String name() {
        return kernel.name();
    }

    /** True if double arithmetic can tell this view's pixels apart. */
    static boolean resolves(Viewport viewport) {
        Plane p = plane(viewport, new Fractal.Mandelbrot(), 1, false);
        if (p == null) {
            return false;
        }
        double reEnd = p.re(viewport.width() - 1);
        double imEnd = p.im(viewport.height() - 1);
        double largest = Math.max(Math.max(Math.abs(p.re0()), Math.abs(reEnd)),
                Math.max(Math.abs(p.im0()), Math.abs(imEnd)));
        return Math.min(p.dx(), p.dy()) >= MIN_RELATIVE_SPACING * largest && Double.isFinite(largest);
    }

    @Override
    public void check(RenderRequest r) {
        if (!resolves(r.viewport())) {
            throw new IllegalArgumentException("view too deep for double precision: pixel spacing must be at least "
                    + "2^-48 times the largest coordinate in view");
        }
    }

    @Override
    public EscapeField render(RenderRequest r, Cancellation cancel, Progress progress) {
        check(r);
        Viewport v = r.viewport();
        Plane plane = plane(v, r.fractal(), r.maxIterations(), r.interiorShortcuts());
        int pixels = v.width() * v.height();
        EscapeField reused = fields.take(pixels);
        int[] counts = reused == null ? new int[pixels] : reused.counts();
        float[] smooth = reused == null ? new float[pixels] : reused.smooth();
        Tiles.Result t = Tiles.render(plane, v.width(), v.height(), kernel, r.guessing(), pool, cancel::isCancelled,
                counts, smooth, progress::pixelsDone);
        return new EscapeField(v.width(), v.height(), r.maxIterations(), t.counts(), t.smooth(), t.iterations());
    }

    /** The viewport's pixel centres in double (see {@link Viewport} for the geometry), or null if not finite. */
    static Plane plane(Viewport v, Fractal f, int maxIterations, boolean shortcuts) {
        double re0;
        double im0;
        double dx;
        double dy;
        switch (v) {
            case Viewport.Rectangle r -> {
                dx = (r.reMax() - r.reMin()) / r.width();
                dy = (r.imMax() - r.imMin()) / r.height();
                re0 = r.reMin() + 0.5 * dx;
                im0 = r.imMax() - 0.5 * dy;
            }
            case Viewport.Centred c -> {
                // Exact decimal arithmetic, rounded to double once per quantity.
                BigDecimal step = c.pixelSize();
                BigDecimal half = BigDecimal.valueOf(0.5);
                BigDecimal left = c.re().subtract(c.span().multiply(half)).add(step.multiply(half));
                BigDecimal top = c.im().add(step.multiply(BigDecimal.valueOf(c.height())).multiply(half))
                        .subtract(step.multiply(half));
                dx = step.doubleValue();
                dy = dx;
                re0 = left.round(MathContext.DECIMAL64).doubleValue();
                im0 = top.round(MathContext.DECIMAL64).doubleValue();
            }
        }
        if (!(dx > 0 && Double.isFinite(dx) && Double.isFinite(re0) && Double.isFinite(im0))) {
            return null;
        }
        return switch (f) {
            case Fractal.Mandelbrot m -> new Plane(re0, im0, dx, dy, false, 0, 0, maxIterations, shortcuts);
            case Fractal.Julia j -> new Plane(re0, im0, dx, dy, true, j.cRe(), j.cIm(), maxIterations, shortcuts);
        };
    }
}
