package dev.mandelbrot.render;

import java.util.Objects;

/**
 * The result of a render: one escape value per pixel, row-major, row 0 at the top
 * (see {@link Viewport} for the geometry). Index of pixel {@code (i, j)} is {@code j * width + i}.
 *
 * <h2>Escape count</h2>
 * With {@code z(0) = 0} (Mandelbrot) or the pixel (Julia) and {@code z(n+1) = z(n)^2 + c},
 * {@code counts[p]} is the first {@code n} with {@code |z(n)| > 2}, or {@code -1} if there is none
 * with {@code n <= maxIterations} ("interior"). For the Mandelbrot set {@code n >= 1}; for a Julia set
 * {@code n = 0} when the pixel itself lies outside the disc of radius 2.
 *
 * <h2>Smooth value</h2>
 * For an escaping pixel the orbit is followed further, to the larger bailout {@code R = 2^8}: with
 * {@code m} the first index where {@code |z(m)| > R},
 * <pre>   smooth = m + 1 - log2( ln|z(m)| / ln R )</pre>
 * which lies in {@code [m, m + 1)} and is continuous across the bands of integer counts (the
 * usual renormalised escape time). It is {@code >= counts[p]} and {@code -1} for interior pixels.
 * The extra iterations past radius 2 only feed this value; they never change {@code counts}.
 *
 * @param iterations work done: the sum over computed pixels of their escape count (interior
 *                   pixels: the iterations run before they were declared interior, {@code 0} for
 *                   pixels skipped by the closed-form cardioid and bulb tests). The few iterations
 *                   past radius 2 for the smooth value are not counted.
 */
public record EscapeField(int width, int height, int maxIterations, int[] counts, float[] smooth, long iterations) {

    /** Value of {@link #counts()} and {@link #smooth()} for pixels that never escape. */
    public static final int INTERIOR = -1;

    public EscapeField {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(smooth, "smooth");
        if (width < 1 || height < 1 || counts.length != width * height || smooth.length != counts.length) {
            throw new IllegalArgumentException("arrays must hold width * height = " + width + " * " + height + " values");
        }
    }

    /** Escape count of pixel (i, j), or {@link #INTERIOR}. */
    public int count(int i, int j) {
        return counts[j * width + i];
    }

    public boolean isInterior(int i, int j) {
        return counts[j * width + i] == INTERIOR;
    }
}
