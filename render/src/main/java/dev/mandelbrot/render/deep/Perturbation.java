package dev.mandelbrot.render.deep;

/**
 * Iterates one pixel as a difference from the reference orbit: with z(n) = Z(m) + dz and
 * c = C + dc, dz' = 2 Z(m) dz + dz^2 + dc. Not thread-safe: one instance per worker.
 *
 * <p><b>Rebasing</b> (Zhuoran): when |Z(m) + dz| < |dz|, or the reference has no next point, the
 * pixel restarts at the reference's start with dz = Z(m) + dz (the full z) and m = 0. The
 * difference then never grows large relative to the orbit it is added to, so no glitch can
 * form and one reference serves the whole image; escape is still tested on the full
 * z = Z(m) + dz with the direct definition (first n with |z(n)| > 2). At the reference's period
 * ({@link ReferenceOrbit#rebaseIndex}) a pixel also rebases, but only if |Z(m)| <= |dz|: the
 * new dz is z rounded to a double, so rebasing where |Z(m)| is much larger than |dz| would round
 * the pixel's own difference away (every pixel would then follow the reference).
 *
 * <p><b>Two number ranges.</b> While |dz| >= 2^-400 the pixel runs in plain doubles. Below that
 * (spans under ~1e-120 start there, and a rebase near 0 can return there) it runs in
 * <em>rescaled</em> form dz = w 2^e with |w| near 1:
 * w' = 2 Z w + 2^e w^2 + dc 2^-e, which is again plain double arithmetic; e only changes when
 * |w| leaves [2^-50, 2^50]. Reference points below 2^-300 (Z(0) = 0, Z(kp) beside a period-p
 * nucleus) take an exact mantissa/exponent step instead, since 2 Z w could underflow. Back in
 * doubles once |dz| > 2^-350 (hysteresis keeps a pixel from flapping between the two).
 *
 * <p><b>BLA</b>: when a {@link BlaTable} is given, each step first tries to jump 2^k iterations
 * with one linear map.
 *
 * <p><b>Interior</b>: a pixel whose state right after a rebase repeats exactly is cycling and is
 * reported interior at once (see {@link #repeats}); anything else runs to maxIterations.
 */
final class Perturbation {

    private static final double DOUBLE_MIN_DZ2 = 0x1p-800;  // |dz| < 2^-400: go to the rescaled loop
    private static final int BACK_TO_DOUBLE_EXPONENT = -350;
    private static final double W2_LOW = 0x1p-100;
    private static final double W2_HIGH = 0x1p100;

    private final ReferenceOrbit orbit;
    private final BlaTable bla;
    private final int maxIterations;
    /** Pixels may rebase when the reference index reaches this (its period, or its end). */
    private final int rebaseAt;
    /** The reference's last index: there pixels must rebase. */
    private final int last;

    // Results of the last run().
    int count;
    /** The iteration the last pixel stopped at (its equivalent work). */
    int reached;
    double lastRe;
    double lastIm;
    // Work counters, cumulative.
    long steps;
    long extendedSteps;
    long blaJumps;
    long blaSkipped;
    long rebases;

    // Periodicity check at rebases (Brent): the state right after the k-th rebase, k a power of two.
    private static final int PLAIN = Integer.MIN_VALUE;
    private double savedRe;
    private double savedIm;
    private int savedExponent;
    private boolean saved;
    private long rebaseCount;
    private long nextSave;
    long periodicInterior;

    // Position and plain-double state shared by the two loops when one hands over to the other.
    private int n;
    private int m;
    private double dzr;
    private double dzi;
    // Rescaled state (extended range): dz = w 2^e, d = dc 2^-e, s = 2^e (0 when it underflows).
    private double wr;
    private double wi;
    private int e;
    private double dr;
    private double di;
    private double s;
    private double w2High;
    // The current pixel's dc = (cmRe + i cmIm) 2^ce.
    private double cmRe;
    private double cmIm;
    private int ce;
    private int cExponent;

    Perturbation(ReferenceOrbit orbit, BlaTable bla, int maxIterations) {
        this.orbit = orbit;
        this.bla = bla;
        this.maxIterations = maxIterations;
        this.rebaseAt = orbit.rebaseIndex();
        this.last = orbit.last();
    }

    /**
     * Runs the pixel at dc = (dcRe + i dcIm) 2^dcExponent. Afterwards {@link #count} is the escape
     * count (first n with |z(n)| > 2) or -1, and (lastRe, lastIm) is that z(n).
     */
    void run(double dcRe, double dcIm, int dcExponent) {
        cmRe = dcRe;
        cmIm = dcIm;
        ce = dcExponent;
        double mag = Math.max(Math.abs(dcRe), Math.abs(dcIm));
        cExponent = mag == 0 ? Ext.ZERO_EXPONENT : dcExponent + Math.getExponent(mag);
        // z(1) = c, so the pixel starts at n = m = 1 with dz = dc (z(0) = 0 never escapes).
        n = 1;
        m = 1;
        saved = false;
        rebaseCount = 0;
        nextSave = 1;
        boolean plain = cExponent >= BACK_TO_DOUBLE_EXPONENT;
        if (plain) {
            dzr = Math.scalb(dcRe, dcExponent);
            dzi = Math.scalb(dcIm, dcExponent);
        } else {
            wr = dcRe;
            wi = dcIm;
            e = dcExponent;
            normalise();
        }
        // Each loop returns true when the pixel is finished, false when it hands over to the other.
        while (plain ? !runDouble() : !runScaled()) {
            plain = !plain;
        }
    }

    /** Leaves the rescaled loop for the plain one at (n, m) with dz = w 2^e. */
    private boolean toDouble(int n1, int m1) {
        n = n1;
        m = m1;
        dzr = Ext.scalb(wr, e);
        dzi = Ext.scalb(wi, e);
        return false;
    }

    private boolean runDouble() {
        final double[] zRe = orbit.re;
        final double[] zIm = orbit.im;
        final int max = maxIterations;
        final double dcr = Math.scalb(cmRe, ce);
        final double dci = Math.scalb(cmIm, ce);
        int n = this.n;
        int m = this.m;
        double dzr = this.dzr;
        double dzi = this.dzi;
        long stepCount = 0;
        try {
            while (true) {
                double zr0 = zRe[m];
                double zi0 = zIm[m];
                double zr = zr0 + dzr;
                double zi = zi0 + dzi;
                double r2 = zr * zr + zi * zi;
                if (r2 > 4) {
                    return escaped(n, zr, zi);
                }
                if (n >= max) {
                    return interior(n);
                }
                double d2 = dzr * dzr + dzi * dzi;
                if (r2 < d2 || m >= rebaseAt && (zr0 * zr0 + zi0 * zi0 <= d2 || m == last)) {
                    dzr = zr;
                    dzi = zi;
                    d2 = r2;
                    m = 0;
                    zr0 = 0;
                    zi0 = 0;
                    rebases++;
                    if (repeats(dzr, dzi, PLAIN)) {
                        return periodic(n);
                    }
                }
                if (d2 < DOUBLE_MIN_DZ2) {
                    wr = dzr;
                    wi = dzi;
                    e = 0;
                    normalise();
                    this.n = n;
                    this.m = m;
                    return false;
                }
                if (bla != null && m > 0) {
                    int k = bla.levelPlain(m, d2, max - n);
                    if (k > 0) {
                        int idx = (m - 1) >> k;
                        double ar = bla.aRe[k][idx];
                        double ai = bla.aIm[k][idx];
                        double br = bla.bMre[k][idx];
                        double bi = bla.bMim[k][idx];
                        int be = bla.bExp[k][idx] + ce;
                        double nr = ar * dzr - ai * dzi + Math.scalb(br * cmRe - bi * cmIm, be);
                        double ni = ar * dzi + ai * dzr + Math.scalb(br * cmIm + bi * cmRe, be);
                        dzr = nr;
                        dzi = ni;
                        m += 1 << k;
                        n += 1 << k;
                        blaJumps++;
                        blaSkipped += 1 << k;
                        continue;
                    }
                }
                // (2Z + dz) dz + dc
                double ar = 2 * zr0 + dzr;
                double ai = 2 * zi0 + dzi;
                double nr = ar * dzr - ai * dzi + dcr;
                double ni = ar * dzi + ai * dzr + dci;
                dzr = nr;
                dzi = ni;
                m++;
                n++;
                stepCount++;
            }
        } finally {
            steps += stepCount;
        }
    }

    /** The extended-range loop: dz = w 2^e in the fields; see the class comment. */
    private boolean runScaled() {
        final double[] zRe = orbit.re;
        final double[] zIm = orbit.im;
        final int[] tinyExponent = orbit.tinyExponent;
        final int max = maxIterations;
        int n = this.n;
        int m = this.m;
        while (true) {
            int te = tinyExponent[m];
            if (te == 0) {
                double zr0 = zRe[m];
                double zi0 = zIm[m];
                double r2 = zr0 * zr0 + zi0 * zi0;
                // |dz| < 2^-300 |Z| here, so z = Z + dz rounds to Z and |z| > |dz|: no rebase, not even
                // at the period (it would round dz away), unless the reference has no next point.
                if (r2 > 4) {
                    return escaped(n, zr0, zi0);
                }
                if (n >= max) {
                    return interior(n);
                }
                if (m == last) {
                    rebases++;
                    this.n = n;
                    this.m = 0;
                    dzr = zr0 + Ext.scalb(wr, e);
                    dzi = zi0 + Ext.scalb(wi, e);
                    if (repeats(dzr, dzi, PLAIN)) {
                        return periodic(n);
                    }
                    return false;
                }
                if (bla != null) {
                    int k = bla.levelScaled(m, wr * wr + wi * wi, e, max - n);
                    if (k > 0) {
                        int idx = (m - 1) >> k;
                        double ar = bla.aMre[k][idx];
                        double ai = bla.aMim[k][idx];
                        int ae = bla.aExp[k][idx];
                        double br = bla.bMre[k][idx];
                        double bi = bla.bMim[k][idx];
                        int shift = bla.bExp[k][idx] - ae;
                        double bdr = Ext.scalb(br * dr - bi * di, shift);
                        double bdi = Ext.scalb(br * di + bi * dr, shift);
                        double nr = ar * wr - ai * wi + bdr;
                        double ni = ar * wi + ai * wr + bdi;
                        wr = nr;
                        wi = ni;
                        e += ae;
                        normalise();
                        m += 1 << k;
                        n += 1 << k;
                        blaJumps++;
                        blaSkipped += 1 << k;
                        if (e >= BACK_TO_DOUBLE_EXPONENT) {
                            return toDouble(n, m);
                        }
                        continue;
                    }
                }
                double ar = 2 * zr0 + s * wr;
                double ai = 2 * zi0 + s * wi;
                double nr = ar * wr - ai * wi + dr;
                double ni = ar * wi + ai * wr + di;
                wr = nr;
                wi = ni;
            } else {
                // Z(m) is tiny (or 0): z is tiny too, so no escape; the step is done exactly.
                if (n >= max) {
                    return interior(n);
                }
                double tr = orbit.tinyRe[m];
                double ti = orbit.tinyIm[m];
                double zwr = Ext.scalb(tr, te - e);
                double zwi = Ext.scalb(ti, te - e);
                double sr = zwr + wr;
                double si = zwi + wi;
                double w2 = wr * wr + wi * wi;
                if (sr * sr + si * si < w2 || m >= rebaseAt && (zwr * zwr + zwi * zwi <= w2 || m == last)) {
                    rebases++;
                    wr = sr;
                    wi = si;
                    m = 0;
                    normalise();
                    if (repeats(wr, wi, e)) {
                        return periodic(n);
                    }
                    if (e >= BACK_TO_DOUBLE_EXPONENT) {
                        return toDouble(n, 0);
                    }
                    te = tinyExponent[0];
                    tr = 0;
                    ti = 0;
                }
                // dz' = 2 Z dz + dz^2 + dc with every term aligned to the largest one.
                int e1 = te + e + 1;
                int e2 = 2 * e;
                int scale = Math.max(Math.max(e1, e2), cExponent);
                double t1r = Ext.scalb(tr * wr - ti * wi, e1 - scale);
                double t1i = Ext.scalb(tr * wi + ti * wr, e1 - scale);
                double t2r = Ext.scalb(wr * wr - wi * wi, e2 - scale);
                double t2i = Ext.scalb(2 * wr * wi, e2 - scale);
                double t3r = Ext.scalb(cmRe, ce - scale);
                double t3i = Ext.scalb(cmIm, ce - scale);
                wr = t1r + t2r + t3r;
                wi = t1i + t2i + t3i;
                e = scale;
                normalise();
            }
            m++;
            n++;
            extendedSteps++;
            double w2 = wr * wr + wi * wi;
            if (w2 > w2High || w2 < W2_LOW) {
                normalise();
                if (e >= BACK_TO_DOUBLE_EXPONENT) {
                    return toDouble(n, m);
                }
            }
        }
    }

    /** Rescales w to magnitude ~1, moving the factor into e, and refreshes d, s and the bounds. */
    private void normalise() {
        double mag = Math.max(Math.abs(wr), Math.abs(wi));
        if (mag == 0) {
            e = cExponent; // dz = 0 exactly: measure it against dc, which comes next
        } else {
            int k = Math.getExponent(mag);
            if (k < Double.MIN_EXPONENT) {
                wr *= 0x1p600;
                wi *= 0x1p600;
                e -= 600;
                k = Math.getExponent(Math.max(Math.abs(wr), Math.abs(wi)));
            }
            wr = Math.scalb(wr, -k);
            wi = Math.scalb(wi, -k);
            e += k;
        }
        dr = Ext.scalb(cmRe, ce - e);
        di = Ext.scalb(cmIm, ce - e);
        s = Ext.scalb(1.0, e);
        int room = BACK_TO_DOUBLE_EXPONENT - e; // |w| may grow by 2^room before dz leaves this range
        w2High = room >= 50 ? W2_HIGH : Math.scalb(1.0, 2 * Math.max(room, 0));
    }

    private boolean escaped(int at, double zr, double zi) {
        count = at;
        reached = at;
        lastRe = zr;
        lastIm = zi;
        return true;
    }

    /**
     * Whether the state right after this rebase equals the one saved at an earlier rebase. The
     * pixel's computation is a deterministic function of (reference index, dz), so an exact repeat
     * means it cycles forever and can never escape: it is interior, exactly as iterating on to
     * maxIterations would find. Inside a minibrot whose nucleus is the reference this happens
     * within a few periods. Saves at rebases 1, 2, 4, 8, ... (Brent), so a cycle of any length is caught.
     */
    private boolean repeats(double re, double im, int exponent) {
        rebaseCount++;
        if (saved && re == savedRe && im == savedIm && exponent == savedExponent) {
            return true;
        }
        if (rebaseCount == nextSave) {
            savedRe = re;
            savedIm = im;
            savedExponent = exponent;
            saved = true;
            nextSave *= 2;
        }
        return false;
    }

    private boolean periodic(int at) {
        periodicInterior++;
        return interior(at);
    }

    private boolean interior(int at) {
        count = -1;
        reached = at;
        return true;
    }
}
