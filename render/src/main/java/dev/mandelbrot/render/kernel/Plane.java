package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. A render job in double precision: the pixel grid and the iteration.
 * Pixel {@code (i, j)} is the complex number {@code (re0 + i * dx) + (im0 - j * dy) i}: {@code re0},
 * {@code im0} are the centre of the top-left pixel, rows go down (see {@code Viewport}).
 *
 * @param julia     false: Mandelbrot ({@code c} = pixel, {@code z0 = 0}); true: Julia
 *                  ({@code c = cRe + cIm i}, {@code z0} = pixel)
 * @param shortcuts use exact interior shortcuts (cardioid and bulb tests for Mandelbrot,
 *                  periodicity for both)
 */
public record Plane(double re0, double im0, double dx, double dy, boolean julia, double cRe, double cIm,
        int maxIterations, boolean shortcuts) {

    public Plane {
        if (!(dx > 0 && dy > 0 && Double.isFinite(dx) && Double.isFinite(dy))) {
            throw new IllegalArgumentException("pixel spacing must be positive and finite");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
    }

    /** A Mandelbrot plane. */
    public static Plane mandelbrot(double re0, double im0, double dx, double dy, int maxIterations, boolean shortcuts) {
        return new Plane(re0, im0, dx, dy, false, 0, 0, maxIterations, shortcuts);
    }

    public double re(int i) {
        return re0 + i * dx;
    }

    public double im(int j) {
        return im0 - j * dy;
    }
}
