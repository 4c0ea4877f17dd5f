package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. Mariani-Silver guessing, interior-only: a rectangle whose border pixels are all
 * interior is filled as interior without computing its inside.
 *
 * <p>Why it is almost right: the set of points that have not escaped after {@code n} iterations is
 * a filled, simply connected region (for Mandelbrot, and for a Julia set whose {@code c} is in the
 * Mandelbrot set), so an escaping point inside a rectangle would have to reach the outside through
 * the rectangle's border. Why it is not exact: the border is sampled only at pixel centres, and a
 * filament thinner than a pixel can slip between two samples. Hence opt-in only. A rectangle with
 * any non-interior border pixel is split into four and each part guessed again, down to
 * {@value #MIN_SIDE} pixels a side, below which everything is computed.
 */
final class Guessing {

    static final int MIN_SIDE = 8;

    private Guessing() {}

    /** Renders the block like {@link Kernel#render}, guessing where the border allows; returns the work done. */
    static long render(Kernel k, Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        if (w < MIN_SIDE || h < MIN_SIDE) {
            return k.render(p, x0, y0, w, h, counts, smooth, stride);
        }
        long work = k.render(p, x0, y0, w, 1, counts, smooth, stride)
                + k.render(p, x0, y0 + h - 1, w, 1, counts, smooth, stride)
                + k.render(p, x0, y0 + 1, 1, h - 2, counts, smooth, stride)
                + k.render(p, x0 + w - 1, y0 + 1, 1, h - 2, counts, smooth, stride);
        int ix = x0 + 1;
        int iy = y0 + 1;
        int iw = w - 2;
        int ih = h - 2;
        if (borderIsInterior(x0, y0, w, h, counts, stride)) {
            for (int j = iy; j < iy + ih; j++) {
                java.util.Arrays.fill(counts, j * stride + ix, j * stride + ix + iw, -1);
                java.util.Arrays.fill(smooth, j * stride + ix, j * stride + ix + iw, -1f);
            }
            return work;
        }
        int hw = iw / 2;
        int hh = ih / 2;
        return work
                + render(k, p, ix, iy, hw, hh, counts, smooth, stride)
                + render(k, p, ix + hw, iy, iw - hw, hh, counts, smooth, stride)
                + render(k, p, ix, iy + hh, hw, ih - hh, counts, smooth, stride)
                + render(k, p, ix + hw, iy + hh, iw - hw, ih - hh, counts, smooth, stride);
    }

    private static boolean borderIsInterior(int x0, int y0, int w, int h, int[] counts, int stride) {
        for (int i = x0; i < x0 + w; i++) {
            if (counts[y0 * stride + i] != -1 || counts[(y0 + h - 1) * stride + i] != -1) {
                return false;
            }
        }
        for (int j = y0 + 1; j < y0 + h - 1; j++) {
            if (counts[j * stride + x0] != -1 || counts[j * stride + x0 + w - 1] != -1) {
                return false;
            }
        }
        return true;
    }
}
