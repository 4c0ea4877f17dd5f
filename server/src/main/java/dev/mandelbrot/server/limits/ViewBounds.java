package dev.mandelbrot.server.limits;

import dev.mandelbrot.server.http.Query;
import java.math.BigDecimal;

/**
 * Where a view may look, the same for the HTTP API and the command line: the whole Mandelbrot set
 * (and every Julia set with {@code |c| <= 2}) lies within radius 2, so a centre within
 * [-{@value #MAX_CENTRE}, {@value #MAX_CENTRE}] and a width of at most {@value #MAX_SPAN} show
 * all there is. Beyond them the renderer's arithmetic fails (1e400 does not fit a double) rather
 * than draws anything, so views outside are refused before rendering, naming the parameter.
 * Whether a view inside is too <em>deep</em> is the renderer's call ({@code Renderer.check}).
 */
public final class ViewBounds {

    public static final int MAX_CENTRE = 10;
    public static final int MAX_SPAN = 100;

    private static final BigDecimal CENTRE = BigDecimal.valueOf(MAX_CENTRE);
    private static final BigDecimal SPAN = BigDecimal.valueOf(MAX_SPAN);

    private ViewBounds() {}

    /** A view outside the bounds: {@code parameter} is the one to blame, {@code rule} what it broke. */
    public static final class OutOfBounds extends IllegalArgumentException {
        private final String parameter;
        private final String rule;

        OutOfBounds(String parameter, String rule) {
            super(parameter + " " + rule);
            this.parameter = parameter;
            this.rule = rule;
        }

        public String parameter() { return parameter; }

        /** The rule alone, e.g. {@code must be <= 100}. */
        public String rule() { return rule; }
    }

    /**
     * Checks a centred view.
     *
     * @throws OutOfBounds naming {@code re}, {@code im} or {@code span}
     */
    public static void checkCentred(BigDecimal re, BigDecimal im, BigDecimal span) {
        checkExponent("re", re);
        checkExponent("im", im);
        checkExponent("span", span);
        if (span.signum() <= 0) {
            throw new OutOfBounds("span", "must be > 0, got " + Query.shorten(span.toString()));
        }
        checkCentre("re", re);
        checkCentre("im", im);
        if (span.compareTo(SPAN) > 0) {
            throw new OutOfBounds("span", "must be <= " + MAX_SPAN);
        }
    }

    /**
     * Checks a rectangle by the same rules: its centre within the bounds, each side at most
     * {@value #MAX_SPAN} wide.
     *
     * @throws OutOfBounds naming {@code rect}
     */
    public static void checkRectangle(double reMin, double reMax, double imMin, double imMax) {
        if (!(Double.isFinite(reMin) && Double.isFinite(reMax) && Double.isFinite(imMin) && Double.isFinite(imMax))) {
            throw new OutOfBounds("rect", "edges must be finite numbers");
        }
        if (!(reMin < reMax) || !(imMin < imMax)) {
            throw new OutOfBounds("rect", "needs reMin < reMax and imMin < imMax");
        }
        // halves first: (a + b) / 2 and b - a overflow for edges near +-1.8e308
        if (Math.abs(reMin / 2 + reMax / 2) > MAX_CENTRE || Math.abs(imMin / 2 + imMax / 2) > MAX_CENTRE) {
            throw new OutOfBounds("rect", "must have its centre within [-" + MAX_CENTRE + ", " + MAX_CENTRE
                    + "] on both axes: the whole set lies within radius 2");
        }
        if (reMax / 2 - reMin / 2 > MAX_SPAN / 2.0 || imMax / 2 - imMin / 2 > MAX_SPAN / 2.0) {
            throw new OutOfBounds("rect", "must be at most " + MAX_SPAN + " wide and high");
        }
    }

    private static void checkCentre(String name, BigDecimal value) {
        if (value.abs().compareTo(CENTRE) > 0) {
            throw new OutOfBounds(name, "must be within [-" + MAX_CENTRE + ", " + MAX_CENTRE
                    + "]: the whole set lies within radius 2");
        }
    }

    /** The HTTP API's parse rule ({@link Query#MAX_EXPONENT}), for values that did not come through it. */
    private static void checkExponent(String name, BigDecimal value) {
        long exponent = (long) value.precision() - value.scale() - 1;
        if (value.signum() != 0 && Math.abs(exponent) > Query.MAX_EXPONENT) {
            throw new OutOfBounds(name, "must have a decimal exponent within +-" + Query.MAX_EXPONENT);
        }
    }
}
