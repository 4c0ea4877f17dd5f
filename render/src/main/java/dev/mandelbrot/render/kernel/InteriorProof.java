package dev.mandelbrot.render.kernel;

/**
 * A rigorous interior test for a Mandelbrot parameter {@code c} whose orbit has come back near
 * where it was: proves that {@code c} has an attracting cycle, so its count is "interior" for every
 * iteration limit. The kernels try it when Brent's check finds a pixel's {@code z} within
 * {@link #NEAR} of its saved point; Brent's bit-for-bit repetition stays the other exact shortcut.
 *
 * <p><b>Why.</b> Inside a component other than the main cardioid and the period-2 bulb (no closed
 * form there) an orbit approaches its attracting cycle by the factor |multiplier| per period, so
 * it repeats bit for bit only after about 37 / -ln|multiplier| periods: near the edge of a
 * period-3 bulb, hundreds of iterations, often more than the limit. Those pixels were a third of
 * the iterations of a walk over the map tiles at zoom 8, and its slowest tiles (docs/BENCHMARKS.md).
 * A proof needs the orbit only near its cycle (within about 1e-3), and costs a few periods of
 * scalar steps (the return, Newton's steps, the ball steps): well under 100 ns for a period-3 cycle.
 *
 * <p><b>The claim.</b> If {@code f^p} ({@code f(z) = z^2 + c}) maps a closed disc D into its
 * interior, then {@code f^p} has an attracting fixed point in D (Schwarz-Pick: a holomorphic
 * self-map of a disc with relatively compact image is a strict contraction of the hyperbolic
 * metric), so {@code c} has an attracting cycle; every attracting cycle attracts the critical
 * point 0 (Fatou), so the orbit of 0 is bounded and |z(n)| <= 2 for every n. Nothing depends on
 * how accurately the pixel was iterated so far, or whether its orbit is in D: the orbit only
 * suggests the disc. Not valid for Julia sets, where the pixel is the orbit's start, not c.
 *
 * <p><b>The steps.</b> From {@code z}: iterate until the orbit first comes back within
 * {@link #NEAR} (period p, at most {@link #MAX_PERIOD}). {@link #NEWTON_STEPS} Newton steps on
 * {@code f^p(z) - z}, carrying the multiplier {@code (f^p)'}, give the centre s of the disc; give
 * up unless |multiplier| < 1 at the last point before s. Then p steps of ball arithmetic from
 * D(s, r) for every r <= A, with A = {@link #PIXEL_ROOM} ({@link #R} for a block) and, if that
 * fails, A twice the radius that the same steps with A = 0 (a first-order estimate) say is
 * needed, at most R: the image of D(m, r) under f lies in D(m^2 + c, (2|m| + r) r), and the
 * computed centre's rounding is added to the radius as {@code 2^-49 (|m|^2 + |c|) + 2^-1000}
 * (about 8 times the error of the few operations, plus underflow), so after p steps the radius is at
 * most {@code alpha r + beta}. D(s, r) maps into its own interior when
 * {@code |m(p) - s| + alpha r + beta < r}, which holds for {@code r = 2 (|m(p) - s| + beta) / (1 - alpha)}
 * when that is at most A. Every magnitude is rounded up by a factor {@code 1 + 2^-40} against a
 * true rounding of a few 2^-53; NaN or infinity anywhere makes the test fail, never pass.
 */
final class InteriorProof {

    /**
     * Distance within which the orbit must come back to itself for the proof to take the length
     * of that return as the cycle's (see {@link #period}). It was also the kernels' trigger: 1e-3
     * took 3% less time on the map-tile walk than 1e-2, whose tries failed half the time (the
     * orbit not yet close enough), and the same as 1e-4, which proves pixels later.
     */
    static final double NEAR = 1e-3;

    /** {@link #NEAR} squared, for comparison with |z - saved|^2. */
    static final double NEAR2 = NEAR * NEAR;

    /**
     * Distance within which a return to the saved point makes the kernels try a proof: tighter
     * than {@link #NEAR}, so that an orbit that triggers a try is usually close enough to its
     * cycle for the period search. At NEAR, on the heaviest map tiles, 39% of the tries found no
     * return within {@link #MAX_PERIOD} steps and each cost those steps for nothing. Measured once
     * Newton's steps made each try likelier to succeed (thread CPU, alternating), against 1e-3:
     * tiles 8/104/87, 8/63/110, 8/42/131 12.6-14.2 / 8.7-9.2 / 9.9 ms against 13.6 / 10.1-10.2 /
     * 10.8-10.9 (with 13-23% more iterations); the seed's frame 16.91 / 15.76 ms against 17.74 /
     * 16.53; the tile walk and the minibrot of {@code DeepZoomReport}'s goal the same within noise.
     * 1e-4 was no better than this.
     */
    static final double TRY = 3.2e-4;

    /** {@link #TRY} squared, for comparison with |z - saved|^2. */
    static final double TRY2 = TRY * TRY;

    /**
     * Longest cycle tried. A try that finds no return costs this many steps; on the seed's view
     * periods up to 32 hold 99% of the cycles found, and longer ones are in small components.
     */
    static final int MAX_PERIOD = 32;

    /**
     * Newton's steps from the given point to the cycle before the ball steps. One left orbits that
     * had come back near their saved point, but were still far from their cycle (a multiplier
     * near 1), too far from it for the ball to contract: in map tile 8/63/110, beside the period-2
     * bulb, two in three of the pixel proofs that found a period failed; with three, 15%.
     */
    static final int NEWTON_STEPS = 3;

    /**
     * Largest disc of z a proof for one pixel may use. The disc is chosen per proof: twice what a
     * first-order pass says it needs (far smaller than this once the orbit is near its cycle).
     */
    static final double R = 0x1p-10;

    /**
     * Room for the disc in the first ball pass of a pixel's proof. After Newton's steps the disc a
     * pixel needs is tiny, and the room inflates every step's growth: with {@link #R} 45% of the
     * first passes failed and took two more. Measured on the heaviest map tiles (8/104/87 and
     * 8/63/110, the same proofs succeeding): ball passes per proof 1.90 / 2.32 with R, 1.11 / 1.05
     * with 2^-14, 1.23 / 1.09 with 2^-20, 1.48 / 1.29 with 2^-30.
     */
    static final double PIXEL_ROOM = 0x1p-14;

    /** Largest disc radius a region proof may use (see {@link #attracting(double, double, double, double, double)}). */
    static final double R_REGION = 0x1p-4;

    /** Covers the rounding of up to {@link #MAX_PERIOD} steps of products (a few 2^-53 each). */
    private static final double UP = 1 + 0x1p-40;
    private static final double CENTRE_ERROR = 0x1p-49;
    private static final double FLOOR = 0x1p-1000;

    private InteriorProof() {}

    /**
     * True if {@code c = cr + ci i} is proven to have an attracting cycle (see the class comment),
     * using {@code z = zr + zi i}, a point of its orbit, to find it; false if the proof does not
     * succeed, which says nothing about {@code c}. Allocates nothing.
     */
    static boolean attracting(double zr, double zi, double cr, double ci) {
        return attracting(zr, zi, cr, ci, 0);
    }

    /**
     * True if every {@code c} within {@code rho} of {@code cr + ci i} is proven to have an
     * attracting cycle: the same proof with the parameter a disc too, so one success covers a whole
     * block of pixels; its disc of z may be as large as {@link #R_REGION} instead of {@link #R}.
     *
     * <p>For a disc of parameters the disc of z moves with the parameter: its centre is
     * {@code s + s' (c' - c)}, where {@code s'} is how the cycle moves with c, and the ball steps
     * carry that first-order model along ({@link #discNeeded}). With a fixed centre the disc of z
     * had to hold the cycle of every c' of the block, a radius of about |dz/dc| rho / (1 - |lambda|),
     * which spoils the contraction near a component's edge: blocks there had to be about
     * (1 - |lambda|)^2 small. Moving with c, the disc needs only the model's second-order error, and
     * a block is proven wherever the multiplier stays inside the unit disc over it with a margin.
     */
    static boolean attracting(double zr, double zi, double cr, double ci, double rho) {
        int period = period(zr, zi, cr, ci);
        return period != 0 && attracting(zr, zi, cr, ci, rho, period);
    }

    /**
     * {@link #attracting(double, double, double, double, double)} for a cycle whose length is
     * known: {@code z} need not return within {@link #NEAR}, only lie where Newton's method on
     * {@code f^p(z) - z} finds the cycle in {@value #NEWTON_STEPS} steps (a proof from any z is
     * sound; only its success depends on z).
     */
    static boolean attracting(double zr, double zi, double cr, double ci, double rho, int period) {
        // Newton's steps towards the cycle, s <- s - (f^p(s) - s) / (multiplier - 1), carrying the
        // multiplier and, for a disc of c, the derivative in c
        double sr = zr;
        double si = zi;
        double lr = 1;
        double li = 0;
        double vr = 0;
        double vi = 0;
        for (int step = 0; step < NEWTON_STEPS; step++) {
            double mr = sr;
            double mi = si;
            double dr = 0;
            double di = 0;
            lr = 1;
            li = 0;
            for (int k = 0; k < period; k++) {
                if (rho != 0) {
                    double t = 2 * (mr * dr - mi * di) + 1;
                    di = 2 * (mr * di + mi * dr);
                    dr = t;
                }
                double t = 2 * (mr * lr - mi * li);
                li = 2 * (mr * li + mi * lr);
                lr = t;
                double nr = mr * mr - mi * mi + cr;
                mi = 2 * mr * mi + ci;
                mr = nr;
            }
            double gr = mr - sr;
            double gi = mi - si;
            double er = lr - 1;
            double den = er * er + li * li;
            sr -= (gr * er + gi * li) / den;
            si -= (gi * er - gr * li) / den;
            // how the cycle moves with c: s' = (d f^p / dc) / (1 - multiplier); any value is
            // sound (it only centres the discs), this one makes the model's error second-order
            vr = -(dr * er + di * li) / den;
            vi = -(di * er - dr * li) / den;
        }
        if (!(lr * lr + li * li < 1)) {
            return false;
        }
        // first with some room for the disc, which fits most cycles; where that fails (a cycle that
        // passes near 0 makes |2m| small and the room inflates the bound, as in minibrots), with
        // room for twice the disc that a first-order pass (no room) says is needed
        double cAbs = Math.abs(cr) + Math.abs(ci);
        double room = rho == 0 ? PIXEL_ROOM : R;
        if (discNeeded(sr, si, vr, vi, cr, ci, cAbs, rho, period, room) <= room) {
            return true;
        }
        double estimate = discNeeded(sr, si, vr, vi, cr, ci, cAbs, rho, period, 0);
        if (!(estimate <= (rho == 0 ? R : R_REGION) / 2)) {
            return false;
        }
        double allowed = 2 * estimate;
        return discNeeded(sr, si, vr, vi, cr, ci, cAbs, rho, period, allowed) <= allowed;
    }

    /**
     * The length of the cycle {@code z} is near under {@code z^2 + c}: the first k up to
     * {@link #MAX_PERIOD} with {@code |f^k(z) - z| < NEAR}, or 0 if there is none.
     */
    static int period(double zr, double zi, double cr, double ci) {
        double mr = zr;
        double mi = zi;
        for (int k = 1; k <= MAX_PERIOD; k++) {
            double nr = mr * mr - mi * mi + cr;
            mi = 2 * mr * mi + ci;
            mr = nr;
            double dr = mr - zr;
            double di = mi - zi;
            if (dr * dr + di * di < NEAR2) {
                return k;
            }
        }
        return 0;
    }

    /**
     * The ball steps from the disc centred on {@code s + v (c' - c)}, for every {@code c'} within
     * {@code rho} of {@code c}: the centre after k steps is modelled as {@code a + b (c' - c)}
     * (computed at the nominal c; what the model leaves out, |b|^2 rho^2 a step, and its rounding
     * go into the radius), and for every radius up to {@code allowed} the radius after k steps is
     * at most {@code alpha r + beta} (the rounding of these bounds, a few 2^-53 a step, is covered
     * by the UP after the loop). The image of D(m, q) under {@code z^2 + c'}, m = a + b (c' - c),
     * lies in D(a^2 + c + (2ab + 1)(c' - c), |b|^2 rho^2 + (2|a| + 2|b| rho + q) q).
     * Returns the radius r with {@code |a(p) - s| + |b(p) - v| rho + alpha r + beta < r}, or NaN if
     * there is none (alpha >= 1, or NaN). With {@code rho = 0} only the centre a matters.
     */
    private static double discNeeded(double sr, double si, double vr, double vi, double cr, double ci, double cAbs,
            double rho, int period, double allowed) {
        double ar = sr;
        double ai = si;
        double br = vr;
        double bi = vi;
        double alpha = 1;
        double beta = 0;
        for (int k = 0; k < period; k++) {
            double a2 = ar * ar + ai * ai;
            double aAbs = Math.sqrt(a2);
            double spread = 0; // |b| rho: how far the centre moves over the disc of c
            if (rho != 0) {
                spread = Math.sqrt(br * br + bi * bi) * rho;
                double t = 2 * (ar * br - ai * bi) + 1;
                bi = 2 * (ar * bi + ai * br);
                br = t;
            }
            double growth = 2 * (aAbs + spread) + (alpha * allowed + beta);
            alpha *= growth;
            beta = beta * growth + spread * spread + ((a2 + cAbs + (2 * aAbs + 1) * spread + rho) * CENTRE_ERROR + FLOOR);
            double nr = ar * ar - ai * ai + cr;
            ai = 2 * ar * ai + ci;
            ar = nr;
        }
        alpha *= UP;
        beta *= UP;
        double dr = ar - sr;
        double di = ai - si;
        double miss = (Math.sqrt(dr * dr + di * di) + Math.sqrt((br - vr) * (br - vr) + (bi - vi) * (bi - vi)) * rho) * UP;
        if (!(alpha < 1)) {
            return Double.NaN;
        }
        // NaN anywhere stays NaN; with this r, miss + alpha r + beta < r (r's margin over rounding)
        return 2 * (miss + beta) / (1 - alpha) * UP;
    }
}
