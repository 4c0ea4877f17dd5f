package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. A render job in double precision: the pixel grid and the iteration.
 * Pixel {@code (i, j)} is the complex number {@code (re0 + i * dx) + (im0 - j * dy) i}: {@code re0},
 * {@code im0} are the centre of the top-left pixel, rows go down (see {@code Viewport}).
 *
 * <p><b>Rows mirrored about the real axis.</b> When the real axis runs through the centre of a
 * row, or exactly between two rows ({@code 2 * im0 / dy} is a whole number {@code K} to within
 * 2^-44 of a pixel or a few ulps of {@code im0}), the rows below the axis are given the exact negatives of the rows
 * above, {@code im(j) = -im(K - j)}, and a row on the axis is given 0. Each differs from {@code im0 - j * dy} by at most a few ulps,
 * as that product and difference are themselves rounded; but computed independently, the two
 * halves would differ in the last bit on most rows of most image heights (only heights that make
 * {@code dy} a power of two come out symmetric by themselves). With exact negatives, the Mandelbrot
 * set's symmetry ({@code c} and its conjugate have conjugate orbits, and every kernel's arithmetic
 * is symmetric in the sign of the imaginary part, rounding included) makes mirrored rows' results
 * equal bit for bit, which {@link Tiles} uses to compute them once. A Julia set is symmetric
 * about the origin instead, so for it the columns are mirrored the same way about the imaginary
 * axis ({@link #mirrorRe()}), and a pixel's point reflection is computed once.
 */
public final class Plane {

    private final double re0;
    private final double im0;
    private final double dx;
    private final double dy;
    private final boolean julia;
    private final double cRe;
    private final double cIm;
    private final int maxIterations;
    private final boolean shortcuts;
    private final long mirror;
    private final long mirrorRe;

    /**
     * @param julia     false: Mandelbrot ({@code c} = pixel, {@code z0 = 0}); true: Julia
     *                  ({@code c = cRe + cIm i}, {@code z0} = pixel)
     * @param shortcuts use exact shortcuts: cardioid and bulb tests and mirrored rows for
     *                  Mandelbrot, periodicity for both
     * @throws IllegalArgumentException if a spacing is not positive and finite, or
     *                                  {@code maxIterations < 1}
     */
    public Plane(double re0, double im0, double dx, double dy, boolean julia, double cRe, double cIm,
            int maxIterations, boolean shortcuts) {
        if (!(dx > 0 && dy > 0 && Double.isFinite(dx) && Double.isFinite(dy))) {
            throw new IllegalArgumentException("pixel spacing must be positive and finite");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
        this.re0 = re0;
        this.im0 = im0;
        this.dx = dx;
        this.dy = dy;
        this.julia = julia;
        this.cRe = cRe;
        this.cIm = cIm;
        this.maxIterations = maxIterations;
        this.shortcuts = shortcuts;
        this.mirror = mirrorOf(im0, dy);
        this.mirrorRe = julia ? mirrorOf(-re0, dx) : -1;
    }

    /** A Mandelbrot plane. */
    public static Plane mandelbrot(double re0, double im0, double dx, double dy, int maxIterations, boolean shortcuts) {
        return new Plane(re0, im0, dx, dy, false, 0, 0, maxIterations, shortcuts);
    }

    /**
     * {@code K} with the axis at row {@code K / 2} ({@code im(K - j) = -im(j)}), or -1 if the
     * axis is not at a row or midway between two, or lies above row 0; for columns, called with
     * {@code -re0} and {@code dx}.
     */
    private static long mirrorOf(double im0, double dy) {
        if (!Double.isFinite(im0)) {
            return -1;
        }
        double k = 2 * im0 / dy;
        if (!(k > -0.5 && k < 1e15)) {
            return -1;
        }
        long rounded = Math.round(k);
        // The axis may be off by what rounding left in im0: a few of its ulps, or, for a view cut
        // from a larger one (a band of rows starting at the axis: im0 ~ 1e-16 instead of 0), of
        // the coordinates it was computed from. 2^-44 of a pixel covers both and is still far
        // below anything a view can mean.
        double tolerance = Math.max(4 * Math.ulp(im0), 0x1p-44 * dy);
        return Math.abs(im0 - rounded * dy / 2) <= tolerance ? rounded : -1;
    }

    /**
     * The real part of column {@code i}: {@code re0 + i * dx}; for a Julia set whose columns are
     * mirrored about the imaginary axis ({@link #mirrorRe()}), 0 on the axis and the negative of
     * the mirror column's value right of it.
     */
    public double re(int i) {
        if (mirrorRe < 0 || 2L * i < mirrorRe) {
            return re0 + i * dx;
        }
        return 2L * i == mirrorRe ? 0.0 : -(re0 + (mirrorRe - i) * dx);
    }

    /**
     * The imaginary part of row {@code j}: {@code im0 - j * dy}; with mirrored rows (above), 0 on
     * the axis and the negative of the mirror row's value below it.
     */
    public double im(int j) {
        if (mirror < 0 || 2L * j < mirror) {
            return im0 - j * dy;
        }
        return 2L * j == mirror ? 0.0 : -(im0 - (mirror - j) * dy);
    }

    /**
     * {@code K} such that row {@code K - j} mirrors row {@code j} (its {@link #im} is the exact
     * negative), or -1 if this plane's rows are not mirrored.
     */
    public long mirror() {
        return mirror;
    }

    /**
     * For a Julia set only: {@code K} such that column {@code K - i} mirrors column {@code i}
     * (its {@link #re} is the exact negative), or -1. With {@link #mirror()} it makes pixel
     * {@code (K - i, K' - j)} the point reflection of {@code (i, j)}, where a Julia set is
     * symmetric ({@code z0} and {@code -z0} have the same {@code z1}).
     */
    public long mirrorRe() {
        return mirrorRe;
    }

    public double re0() {
        return re0;
    }

    public double im0() {
        return im0;
    }

    public double dx() {
        return dx;
    }

    public double dy() {
        return dy;
    }

    public boolean julia() {
        return julia;
    }

    public double cRe() {
        return cRe;
    }

    public double cIm() {
        return cIm;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public boolean shortcuts() {
        return shortcuts;
    }

    @Override
    public String toString() {
        return "Plane[re0=" + re0 + ", im0=" + im0 + ", dx=" + dx + ", dy=" + dy + ", julia=" + julia
                + (julia ? ", c=" + cRe + (cIm < 0 ? "" : "+") + cIm + "i" : "") + ", maxIterations="
                + maxIterations + ", shortcuts=" + shortcuts + ", mirror=" + mirror + ", mirrorRe=" + mirrorRe + "]";
    }
}
