package dev.mandelbrot.render;

/**
 * Which set to draw. Both use {@code z(n+1) = z(n)^2 + c}; they differ in what the pixel is.
 * <ul>
 *   <li>{@link Mandelbrot}: {@code c} = the pixel, {@code z(0) = 0}.</li>
 *   <li>{@link Julia}: {@code c} fixed, {@code z(0)} = the pixel.</li>
 * </ul>
 */
public sealed interface Fractal permits Fractal.Mandelbrot, Fractal.Julia {

    /** The Mandelbrot set. */
    record Mandelbrot() implements Fractal {}

    /**
     * The filled Julia set of a fixed {@code c} with {@code |c| <= 2}. Beyond that radius the set is
     * a Cantor dust of measure zero (every pixel escapes), and the radius bound is what guarantees
     * that an orbit which left the disc {@code |z| <= 2} never comes back, which the escape count
     * relies on.
     *
     * @throws IllegalArgumentException if c is not finite or {@code |c| > 2}
     */
    record Julia(double cRe, double cIm) implements Fractal {
        public Julia {
            if (!(Double.isFinite(cRe) && Double.isFinite(cIm)) || cRe * cRe + cIm * cIm > 4) {
                throw new IllegalArgumentException(
                        "Julia parameter c must satisfy |c| <= 2, got " + cRe + (cIm < 0 ? "" : "+") + cIm + "i");
            }
        }
    }

    static Fractal mandelbrot() {
        return new Mandelbrot();
    }

    static Fractal julia(double cRe, double cIm) {
        return new Julia(cRe, cIm);
    }
}
