package dev.mandelbrot.render.kernel;

import java.util.Arrays;

/**
 * A kernel that first tries to prove whole blocks interior, and hands the rest to another kernel.
 * Exact: a block is filled as interior only when {@link InteriorProof} proves that every parameter
 * in a disc around it has an attracting cycle; anything else is rendered pixel by pixel as before.
 *
 * <p><b>Why.</b> Inside a component other than the main cardioid and the period-2 bulb every pixel
 * must iterate until its own proof or repetition, at least a hundred steps or so: a map tile wholly
 * inside a period-3 bulb still took 6 ms. One proof over a disc of parameters covers a block for
 * the price of a few periods of scalar steps.
 *
 * <p><b>How.</b> For a Mandelbrot block with shortcuts: iterate the block's centre (Brent's saves,
 * at most {@link #CENTRE_BUDGET} steps) until its orbit comes back within {@link InteriorProof#NEAR}
 * of a saved point; if it escapes or never does, the block goes to the other kernel untouched. With
 * a point near the centre's cycle, try the disc around the block, then around its halves, down to
 * blocks of {@link #MIN_PIXELS} pixels, which the other kernel renders when no proof covers them.
 */
final class ProvenRegions implements Kernel {

    /** Steps the centre's orbit may take to show a cycle: a block not proven by then is rendered. */
    static final int CENTRE_BUDGET = 1024;

    /**
     * Blocks this small are not split further. Splitting down to 32 pixels proved more of a
     * period-3 bulb tile (6.3 M iterations instead of 8.3 M) but took 2-4% longer there and over
     * the tile walk: the tries that fail near an edge cost more than the pixels they spare. Once
     * the disc moved with c and each block found its own cycle by Newton's method, 32 pixels
     * lowered the tile walk's p99 per tile by 5-10%, but a view at a high iteration limit paid
     * for it: the period-15 minibrot of {@code DeepZoomReport}'s goal (50,000 iterations) took
     * 0.20 s instead of 0.14-0.15 s with the same iterations (0.16-0.18 s with 64), for the pixel
     * kernel keeps its lanes busy only with a queue of pixels, and a small leftover block has none.
     */
    static final int MIN_PIXELS = 128;

    private final Kernel pixels;

    ProvenRegions(Kernel pixels) {
        this.pixels = pixels;
    }

    @Override
    public String name() {
        return pixels.name() + "+regions";
    }

    @Override
    public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        if (p.julia() || !p.shortcuts() || w * h < 2 * MIN_PIXELS || !provable(Math.hypot(16 * p.dx(), 8 * p.dy()) / 2)) {
            return pixels.render(p, x0, y0, w, h, counts, smooth, stride); // not even a small block could be proven
        }
        double cr = centre(p.re(x0), p.re(x0 + w - 1));
        double ci = centre(p.im(y0), p.im(y0 + h - 1));
        double[] z = cyclePoint(cr, ci, Math.min(CENTRE_BUDGET, p.maxIterations()));
        int period = z == null ? 0 : InteriorProof.period(z[0], z[1], cr, ci);
        if (period == 0) {
            return pixels.render(p, x0, y0, w, h, counts, smooth, stride);
        }
        return cover(p, x0, y0, w, h, z[0], z[1], period, counts, smooth, stride);
    }

    /**
     * Proves the block interior, or its halves, or renders what no proof covers. {@code z} is a
     * point near the cycle, of length {@code period}, of the tile's centre, from which each proof
     * finds its own centre's cycle by Newton's method: where the cycle moves fast with c (high
     * periods, near an edge) a block's cycle can be farther from the tile centre's than a return
     * within {@link InteriorProof#NEAR} would find: on the heaviest map tiles (beside the period-2
     * bulb, in the period-doubling cascade) 1-7% of the region tries succeeded that way, 21-28% now.
     */
    private long cover(Plane p, int x0, int y0, int w, int h, double zr, double zi, int period, int[] counts,
            float[] smooth, int stride) {
        double reA = p.re(x0);
        double reB = p.re(x0 + w - 1);
        double imA = p.im(y0);
        double imB = p.im(y0 + h - 1);
        double cr = centre(reA, reB);
        double ci = centre(imA, imB);
        // every pixel's parameter (monotone in its index, so within the corners' rectangle) lies
        // within rho of the centre: half the diagonal, and the centre's rounding
        double rho = (Math.hypot(reB - reA, imB - imA) / 2 + 0x1p-50 * (Math.abs(cr) + Math.abs(ci))) * (1 + 0x1p-40)
                + 0x1p-1000;
        if (provable(rho) && InteriorProof.attracting(zr, zi, cr, ci, rho, period)) {
            for (int j = y0; j < y0 + h; j++) {
                int row = j * stride;
                Arrays.fill(counts, row + x0, row + x0 + w, -1);
                Arrays.fill(smooth, row + x0, row + x0 + w, -1f);
            }
            return 0;
        }
        if (w * h < 2 * MIN_PIXELS) {
            return pixels.render(p, x0, y0, w, h, counts, smooth, stride);
        }
        if (w >= h) {
            int half = w / 2;
            return cover(p, x0, y0, half, h, zr, zi, period, counts, smooth, stride)
                    + cover(p, x0 + half, y0, w - half, h, zr, zi, period, counts, smooth, stride);
        }
        int half = h / 2;
        return cover(p, x0, y0, w, half, zr, zi, period, counts, smooth, stride)
                + cover(p, x0, y0 + half, w, h - half, zr, zi, period, counts, smooth, stride);
    }

    /**
     * False where a block is too wide in c for a proof to be worth trying: it needs the cycle's
     * motion across the block, |dz/dc| rho, small against the room that the multiplier leaves
     * (1 - |lambda|), which blocks this wide almost never have (the seed's 1024 x 1024 frame cuts
     * into blocks with rho about 0.11), and each try first runs the centre's orbit for up to
     * {@link #CENTRE_BUDGET} steps.
     */
    private static boolean provable(double rho) {
        return rho <= InteriorProof.R_REGION / 4;
    }

    private static double centre(double a, double b) {
        return a + (b - a) / 2;
    }

    /**
     * A point of the orbit of 0 under {@code z^2 + c} that came back within
     * {@link InteriorProof#NEAR} of an earlier one (saved at steps 1, 2, 4, ...), or null if the
     * orbit escapes or does not within {@code budget} steps.
     */
    private static double[] cyclePoint(double cr, double ci, int budget) {
        double zr = 0;
        double zi = 0;
        double sr = Double.NaN;
        double si = Double.NaN;
        int save = 1;
        for (int n = 1; n <= budget; n++) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            double dr = zr - sr;
            double di = zi - si;
            if (dr * dr + di * di < InteriorProof.NEAR2) {
                return new double[] {zr, zi};
            }
            if (!(zr * zr + zi * zi <= Orbits.ESCAPE2)) {
                return null;
            }
            if (n == save) {
                sr = zr;
                si = zi;
                save <<= 1;
            }
        }
        return null;
    }
}
