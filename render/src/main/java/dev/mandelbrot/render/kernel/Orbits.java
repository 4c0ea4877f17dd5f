package dev.mandelbrot.render.kernel;

/**
 * The pieces of the escape-time iteration that every kernel shares, in scalar form: the exact
 * interior tests and the smooth value. Kept in one place so that all kernels agree by construction.
 */
final class Orbits {

    /** Squared escape radius of the count: |z| > 2. */
    static final double ESCAPE2 = 4.0;

    /** Squared bailout of the smooth value: R = 2^8. */
    static final double SMOOTH_R2 = 65536.0;

    /** log2(ln R^2) pieces: ln|z|/ln R = log2(|z|^2) / (2 * 8). */
    private static final double TWO_LOG2_R = 16.0;

    /** Guard against runaway continuation (cannot trigger for |c| <= 2; kept for arbitrary input). */
    static final int MAX_CONTINUATION = 64;

    /**
     * Safety margin of the closed-form tests. Both tests are evaluated in double; rounding of the
     * polynomials is a few ulps of quantities at most ~1, so shrinking the regions by 2^-50 keeps a
     * point that is outside by less than the rounding error from ever being called interior. It only
     * makes the shortcut skip fewer pixels (a band about 1e-15 wide), never changes a result.
     */
    static final double MARGIN = 0x1p-50;

    private Orbits() {}

    /**
     * True if {@code c} lies in the main cardioid or the period-2 bulb of the Mandelbrot set (and is
     * therefore interior for every iteration limit). Closed forms: with {@code q = (x - 1/4)^2 + y^2},
     * the cardioid is {@code q (q + x - 1/4) <= y^2 / 4}; the bulb is {@code (x + 1)^2 + y^2 <= 1/16}.
     */
    static boolean inCardioidOrBulb(double x, double y) {
        double y2 = y * y;
        double a = x - 0.25;
        double q = a * a + y2;
        if (q * (q + a) < 0.25 * y2 - MARGIN) {
            return true;
        }
        double b = x + 1.0;
        return b * b + y2 < 0.0625 - MARGIN;
    }

    /**
     * Smooth value of a pixel that escaped with count {@code n} at {@code z = z(n)}, |z| > 2: follows
     * the orbit to |z| > R and returns {@code m + 1 - log2(ln|z(m)| / ln R)}, at least {@code n}.
     */
    static float smooth(double zr, double zi, double cr, double ci, int n) {
        double mag = zr * zr + zi * zi;
        int m = n;
        int limit = n + MAX_CONTINUATION;
        while (mag <= SMOOTH_R2 && m < limit) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            mag = zr * zr + zi * zi;
            m++;
        }
        return (float) smoothOf(n, m, mag);
    }

    /**
     * The closed form once {@code |z(m)|^2 = mag > R^2} is known; clamped to at least the count
     * {@code n}, which only matters when the first escaping value is already beyond {@code R^2}
     * (a pixel far outside the set).
     */
    static double smoothOf(double n, double m, double mag) {
        double v = m + 1 - log2(log2(mag) / TWO_LOG2_R);
        return v > n ? v : n;
    }

    private static double log2(double x) {
        return Math.log(x) * 1.4426950408889634;
    }
}
