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
 * w' = 2 Z w + 2^e w^2 + dc 2^-e, which is again plain double arithmetic. With a BLA table e is
 * kept at one of the table's home exponents ({@link BlaTable#home}, a ladder of them at the
 * deepest spans) while |w| stays within 2^&plusmn;480 of it: there BLA jumps look levels up in
 * plain units and, where the entry's coefficients are plain doubles, are a complex multiply-add
 * with no rescaling (1.3x faster at span 1e-300, 1.5x at 1e-1000). Elsewhere |w| is kept in
 * [2^-50, 2^50] and every jump rescales. Reference points below 2^-300 (Z(0) = 0, Z(kp) beside a period-p
 * nucleus) take an exact mantissa/exponent step instead, since 2 Z w could underflow. Back in
 * doubles once |dz| > 2^-350 (hysteresis keeps a pixel from flapping between the two).
 *
 * <p><b>BLA</b>: when a {@link BlaTable} is given, each step first tries to jump 2^k iterations
 * with one linear map; at m = 1 (right after a rebase and the step through Z(0) = 0) it first tries
 * the table's whole-run entry, which crosses the reference's period in one jump. Where a reference
 * at a nucleus ends at its period, such whole periods run in a loop of their own ({@link #periods}).
 *
 * <p><b>Interior</b>: a pixel whose state right after a rebase repeats exactly is cycling and is
 * reported interior at once (see {@link #repeats}). A pixel whose rebases come one reference period
 * apart and whose state settles on a cycle also gets a few tries at a rigorous proof that c is
 * interior ({@link PeriodBall}, see {@link #proven}). Anything else runs to maxIterations.
 */
final class Perturbation {

    private static final double DOUBLE_MIN_DZ2 = 0x1p-800;  // |dz| < 2^-400: go to the rescaled loop
    private static final int BACK_TO_DOUBLE_EXPONENT = -350;
    private static final double W2_LOW = 0x1p-100;
    private static final double W2_HIGH = 0x1p100;
    /** At the home exponent w may range over 2^-HOME_REACH .. 2^HOME_REACH before it is rescaled. */
    private static final int HOME_REACH = 480;

    private final ReferenceOrbit orbit;
    private final BlaTable bla;
    private final int maxIterations;
    /** Pixels may rebase when the reference index reaches this (its period, or its end). */
    private final int rebaseAt;
    /** The reference's last index: there pixels must rebase. */
    private final int last;
    /** The BLA table's first home exponent (see {@link BlaTable#home}), or NO_HOME without a table. */
    private final int home;
    private final int homes;
    /** Which home the pixel is at (e = its exponent), or -1. */
    private int atHome;
    // The table's whole-period entry (see BlaTable#whole): steps, and radius^2 in plain and home units.
    private final int wholeSteps;
    private final double wholeR2;
    private final double[] wholeHomeR2;
    private static final int NO_HOME = Integer.MIN_VALUE / 2;
    /** Whether {@link #periods} may run: see there. */
    private final boolean periodLoop;

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
    /** Periods done by {@link #periods}. */
    long wholePeriods;

    // Periodicity check at rebases (Brent): the state right after the k-th rebase, k a power of two.
    private static final int PLAIN = Integer.MIN_VALUE;
    private double savedRe;
    private double savedIm;
    private int savedExponent;
    private boolean saved;
    private long rebaseCount;
    private long nextSave;
    long periodicInterior;

    // Interior proofs at rebases a period apart (see proven): the states after the last HISTORY
    // rebases, a ring indexed by returns, each (re + i im) 2^exponent as the loop had it (exponent 0
    // for plain doubles; z(0) = 0 counts as one).
    /**
     * Cycles of up to this many reference periods are tried. Satellite bulbs (q > 1) are left to the
     * exact repetition check: a try costs q periods of ball steps, and at 1e-50 and 1e-300 trying
     * q up to 8 (even with 64 q periods of budget left) cost more than it saved.
     */
    private static final int MAX_CYCLES = 1;
    /**
     * Shorter periods are left to the exact repetition check too: it catches most such pixels within
     * the budget (52,015 of 65,061 at 1e-50, period 69), and proofs there made the render 5-10% slower.
     */
    private static final int MIN_PERIOD = 128;
    /** A try costs about 30 periods of BLA iteration: none with fewer than this many periods left. */
    private static final int TRY_BUDGET = 40;
    private static final int HISTORY = 2 * MAX_CYCLES + 1;
    private final PeriodBall ball;
    /** The last iteration at which a proof may be tried (-1: none), so loops skip the bookkeeping after. */
    private final int lastTry;
    private final int period;
    private final double[] historyRe = new double[HISTORY];
    private final double[] historyIm = new double[HISTORY];
    private final int[] historyExponent = new int[HISTORY];
    private int lastRebase;
    /** States in the history that follow each other one period apart, the newest last. */
    private int chain;
    private int returns;
    private int nextAttempt;
    private int backoff;
    long ballAttempts;
    long ballProven;
    // The disc of the last pixel's successful proof (see provesBlock), if that pixel ended by one.
    private boolean proved;
    private double provedRe;
    private double provedIm;
    private double provedRho;
    private int provedExponent;
    long blockAttempts;
    long blockProven;
    // A rebase waiting for proven(), set by check().
    private boolean pending;
    private boolean pendingSwitch;
    private double pendingRe;
    private double pendingIm;
    private int pendingExponent;

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
    private double w2Low;
    /** The exponent d, s and the bounds were last computed for (NONE at a pixel's start). */
    private int scaledFor;
    private static final int NONE = Integer.MIN_VALUE;
    // The current pixel's dc = (cmRe + i cmIm) 2^ce.
    private double cmRe;
    private double cmIm;
    private int ce;
    private int cExponent;

    Perturbation(ReferenceOrbit orbit, BlaTable bla, int maxIterations) {
        this(orbit, bla, maxIterations, true);
    }

    /** With {@code periodLoop} false, whole periods go through the general loop too (for tests). */
    Perturbation(ReferenceOrbit orbit, BlaTable bla, int maxIterations, boolean periodLoop) {
        this.orbit = orbit;
        this.bla = bla;
        this.maxIterations = maxIterations;
        this.rebaseAt = orbit.rebaseIndex();
        this.last = orbit.last();
        this.home = bla == null ? NO_HOME : bla.home;
        this.homes = bla == null ? 1 : bla.homes;
        boolean whole = bla != null && bla.wholeSteps > 0;
        this.wholeSteps = whole ? bla.wholeSteps : Integer.MAX_VALUE;
        this.wholeR2 = whole ? bla.r2[bla.whole][0] : 0;
        this.wholeHomeR2 = new double[homes];
        for (int h = 0; whole && h < homes; h++) {
            wholeHomeR2[h] = bla.homeR2[h][bla.whole][0];
        }
        this.ball = orbit.period() >= MIN_PERIOD ? orbit.periodBall() : null;
        this.lastTry = ball == null ? -1 : maxIterations - TRY_BUDGET * orbit.period();
        this.period = orbit.period();
        // the shape periods() replays: the orbit ends at its period with a tiny Z(p) there, Z(1) = C
        // is a plain double, and the whole-run entry may be used with plain coefficients at home 0
        this.periodLoop = periodLoop && whole && lastTry > 0 && last == rebaseAt && last == wholeSteps + 1 && last >= 2
                && orbit.tinyExponent[last] != 0 && orbit.tinyExponent[1] == 0
                && orbit.re[1] * orbit.re[1] + orbit.im[1] * orbit.im[1] <= 4 && bla.homeR2[0][bla.whole][0] > 0;
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
        proved = false;
        saved = false;
        rebaseCount = 0;
        nextSave = 1;
        lastRebase = 0;
        historyRe[0] = 0;
        historyIm[0] = 0;
        historyExponent[0] = 0;
        chain = 1;
        returns = 0;
        nextAttempt = 0;
        backoff = 2;
        boolean plain = cExponent >= BACK_TO_DOUBLE_EXPONENT;
        scaledFor = NONE;
        if (plain) {
            dzr = Math.scalb(dcRe, dcExponent);
            dzi = Math.scalb(dcIm, dcExponent);
        } else {
            wr = dcRe;
            wi = dcIm;
            e = dcExponent;
            normalise();
        }
        // Each loop returns true when the pixel is finished, false when it hands over to the other or
        // stops after a rebase for the interior proof. The proof is called from here, not from the
        // loops: a call that is not inlined in a hot loop keeps C2 from holding fields in registers
        // (it cost 20-30% on views that never try a proof).
        while (true) {
            pending = false;
            if (plain ? runDouble() : runScaled()) {
                return;
            }
            if (pending && proven(n, pendingRe, pendingIm, pendingExponent)) {
                interior(n);
                return;
            }
            if (!pending || pendingSwitch) {
                plain = !plain;
            } else if (!plain && periodLoop) {
                int next = periods();
                if (next == FINISHED) {
                    return;
                }
                plain = next == PLAIN_LOOP;
            }
        }
    }

    private static final int FINISHED = 0;
    private static final int PLAIN_LOOP = 1;
    private static final int SCALED_LOOP = 2;

    /**
     * Whole reference periods in a loop of their own, from a rebase in the extended-range loop
     * (m = 0): the step through Z(0) = 0, the whole-run BLA jump to m = p, the rebase there. The
     * same arithmetic, tests and bookkeeping as {@link #runScaled} and {@link #run} (so the same
     * counts, bit for bit), without leaving the loop at every rebase for {@link #proven}, without
     * the general loop's branches, and with the rescaling check reduced to its common outcome. At
     * span 1e-300 (period 401) a pixel spends most of its life here: inside the minibrot until a
     * proof, in its satellites until the limit, and outside it until |dz| outgrows the whole-run
     * entry a few periods before escaping. Returns to the general loop wherever it would do
     * anything else (another BLA level, a new home, the plain range, the last periods before the
     * limit, where proofs stop and the general step replaces the Z(0) step).
     *
     * @return {@link #FINISHED} (count set), or the loop to resume in at (n, m)
     */
    private int periods() {
        final int p = last;
        final int k = bla.whole;
        final double ar = bla.aRe[k][0];
        final double ai = bla.aIm[k][0];
        final double br = bla.bRe[k][0];
        final double bi = bla.bIm[k][0];
        final double wholeR2 = Math.abs(wholeHomeR2[0]);
        final int te = orbit.tinyExponent[p];
        final double tr = orbit.tinyRe[p];
        final double ti = orbit.tinyIm[p];
        int n = this.n;
        // Z(p) in units of 2^e, for the e it was computed for
        int zpFor = NONE;
        double zpr = 0;
        double zpi = 0;
        double before = wr * wr + wi * wi; // |w|^2 at the last rebase
        // at m = 0 after a rebase; each pass ends at the next one, n + p, which must still try proofs
        while (m == 0 && atHome == 0 && s >= Double.MIN_NORMAL && n + p <= lastTry) {
            // Z(0) = 0: dz' = dz^2 + dc (runScaled's step for it)
            double nr = s * (wr * wr - wi * wi) + dr;
            double ni = s * (2 * wr * wi) + di;
            wr = nr;
            wi = ni;
            n++;
            extendedSteps++;
            double w2 = wr * wr + wi * wi;
            if (w2 > w2High || w2 < w2Low) {
                normalise();
                if (aboveScaledRange()) {
                    toDouble(n, 1);
                    return PLAIN_LOOP;
                }
                if (atHome != 0) {
                    return resume(n, 1);
                }
                w2 = wr * wr + wi * wi;
            }
            // m = 1: Z(1) = C does not escape, and n + p - 1 < max
            if (!(w2 < wholeR2)) {
                return resume(n, 1); // another level of the table
            }
            nr = ar * wr - ai * wi + (br * dr - bi * di);
            ni = ar * wi + ai * wr + (br * di + bi * dr);
            wr = nr;
            wi = ni;
            n += p - 1;
            blaJumps++;
            blaSkipped += p - 1;
            double nw2 = nr * nr + ni * ni;
            if (nw2 > w2High || nw2 < w2Low) {
                normalise();
                if (aboveScaledRange()) {
                    toDouble(n, p);
                    return PLAIN_LOOP;
                }
                if (atHome != 0) {
                    return resume(n, p);
                }
            }
            // m = p = last: z = Z(p) + dz is tiny, so no escape, and the pixel rebases
            rebases++;
            wholePeriods++;
            if (zpFor != e) {
                zpFor = e;
                zpr = Ext.scalb(tr, te - e);
                zpi = Ext.scalb(ti, te - e);
            }
            wr += zpr;
            wi += zpi;
            m = 0;
            if (!atHomeStill()) {
                normalise();
            }
            // A state 10% farther out than the last is at least 1/11 of its size from it, where a
            // proof needs 1/16 (see proven): a pixel on its way out skips that bookkeeping, and its
            // next proof waits for three rebases a period apart again.
            double after = wr * wr + wi * wi;
            boolean outward = after > 1.21 * before && zpFor == e;
            before = after;
            if (repeats(wr, wi, e) || !outward && proven(n, wr, wi, e)) {
                interior(n);
                return FINISHED;
            }
            if (aboveScaledRange()) {
                toDouble(n, 0);
                return PLAIN_LOOP;
            }
        }
        return resume(n, m);
    }

    private int resume(int n1, int m1) {
        n = n1;
        m = m1;
        return SCALED_LOOP;
    }

    /**
     * Whether {@link #normalise} would leave w and every derived value as they are: a single home,
     * e at it, and |dz| within its window (w = 0 is left to normalise).
     */
    private boolean atHomeStill() {
        double mag = Math.max(Math.abs(wr), Math.abs(wi));
        return homes == 1 && atHome == 0 && e == home && e == scaledFor && mag != 0
                && Math.abs(Math.getExponent(mag)) < HOME_REACH - 2 && Math.getExponent(mag) >= Double.MIN_EXPONENT;
    }

    /**
     * Notes a rebase to full z = (re + i im) 2^exponent at this.n for {@link #proven}, which run()
     * calls next; then the same loop resumes at (this.n, 0), or the other one if {@code switchLoops}.
     */
    private boolean check(double re, double im, int exponent, boolean switchLoops) {
        pending = true;
        pendingRe = re;
        pendingIm = im;
        pendingExponent = exponent;
        pendingSwitch = switchLoops;
        return false;
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
                        return interior(n);
                    }
                    if (n <= lastTry) { // leave the loop for the proof (see run); it resumes here
                        this.n = n;
                        this.m = 0;
                        this.dzr = dzr;
                        this.dzi = dzi;
                        return check(dzr, dzi, PLAIN, false);
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
                    int k;
                    int idx;
                    int len;
                    if (m == 1 && d2 < wholeR2 && max - n >= wholeSteps) {
                        k = bla.whole;
                        idx = 0;
                        len = wholeSteps;
                    } else {
                        k = bla.levelPlain(m, d2, max - n);
                        idx = (m - 1) >> k;
                        len = 1 << k;
                    }
                    if (k > 0) {
                        double ar = bla.aRe[k][idx];
                        double ai = bla.aIm[k][idx];
                        double br = bla.bMre[k][idx];
                        double bi = bla.bMim[k][idx];
                        int be = bla.bExp[k][idx] + ce;
                        double nr = ar * dzr - ai * dzi + Math.scalb(br * cmRe - bi * cmIm, be);
                        double ni = ar * dzi + ai * dzr + Math.scalb(br * cmIm + bi * cmRe, be);
                        dzr = nr;
                        dzi = ni;
                        m += len;
                        n += len;
                        blaJumps++;
                        blaSkipped += len;
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
                        return interior(n);
                    }
                    return n <= lastTry ? check(dzr, dzi, PLAIN, true) : false;
                }
                // At a home exponent (the common case at depth) the table's radii are in w's units,
                // and a jump with plain coefficients needs no rescaling; elsewhere, or where the
                // entry's coefficients leave the double range, a jump rescales.
                double w2 = wr * wr + wi * wi;
                int k = 0;
                int idx = 0;
                int len = 0;
                int h = atHome;
                if (h >= 0) {
                    if (m == 1 && w2 < Math.abs(wholeHomeR2[h]) && max - n >= wholeSteps) {
                        k = bla.whole;
                        len = wholeSteps;
                    } else {
                        k = bla.levelHome(h, m, w2, max - n);
                        idx = (m - 1) >> k;
                        len = 1 << k;
                    }
                    if (k > 0 && bla.homeR2[h][k][idx] > 0) { // plain coefficients allowed here
                        double ar = bla.aRe[k][idx];
                        double ai = bla.aIm[k][idx];
                        double br = bla.bRe[k][idx];
                        double bi = bla.bIm[k][idx];
                        double nr = ar * wr - ai * wi + (br * dr - bi * di);
                        double ni = ar * wi + ai * wr + (br * di + bi * dr);
                        wr = nr;
                        wi = ni;
                        m += len;
                        n += len;
                        blaJumps++;
                        blaSkipped += len;
                        double nw2 = nr * nr + ni * ni;
                        if (nw2 > w2High || nw2 < w2Low) {
                            normalise();
                            if (aboveScaledRange()) {
                                return toDouble(n, m);
                            }
                        }
                        continue;
                    }
                } else if (bla != null) {
                    k = bla.levelScaled(m, w2, e, max - n);
                    idx = (m - 1) >> k;
                    len = 1 << k;
                }
                if (k > 0) {
                    double ar = bla.aMre[k][idx];
                    double ai = bla.aMim[k][idx];
                    int ae = bla.aExp[k][idx];
                    double br = bla.bMre[k][idx];
                    double bi = bla.bMim[k][idx];
                    // B dc / 2^(e + ae) straight from dc's mantissa: d = dc 2^-e can underflow at homes
                    // far above dc.
                    int shift = bla.bExp[k][idx] + ce - e - ae;
                    double bdr = Ext.scalb(br * cmRe - bi * cmIm, shift);
                    double bdi = Ext.scalb(br * cmIm + bi * cmRe, shift);
                    double nr = ar * wr - ai * wi + bdr;
                    double ni = ar * wi + ai * wr + bdi;
                    wr = nr;
                    wi = ni;
                    e += ae;
                    normalise();
                    m += len;
                    n += len;
                    blaJumps++;
                    blaSkipped += len;
                    if (aboveScaledRange()) {
                        return toDouble(n, m);
                    }
                    continue;
                }
                double ar = 2 * zr0 + s * wr;
                double ai = 2 * zi0 + s * wi;
                double nr = ar * wr - ai * wi + dr;
                double ni = ar * wi + ai * wr + di;
                wr = nr;
                wi = ni;
            } else if (te == Ext.ZERO_EXPONENT && atHome == 0 && m < rebaseAt && s >= Double.MIN_NORMAL) {
                // Z(m) = 0 exactly (m = 0 after every rebase): dz' = dz^2 + dc, in w's units. No
                // escape and no rebase (|0 + dz| = |dz|) here; the general step below would give the
                // same w up to rounding, through eight rescalings.
                if (n >= max) {
                    return interior(n);
                }
                double nr = s * (wr * wr - wi * wi) + dr;
                double ni = s * (2 * wr * wi) + di;
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
                        return interior(n);
                    }
                    boolean back = aboveScaledRange();
                    if (n <= lastTry) {
                        check(wr, wi, e, back);
                        if (back) {
                            return toDouble(n, 0);
                        }
                        this.n = n;
                        this.m = 0;
                        return false;
                    }
                    if (back) {
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
            if (w2 > w2High || w2 < w2Low) {
                normalise();
                if (aboveScaledRange()) {
                    return toDouble(n, m);
                }
            }
        }
    }

    /**
     * Rescales w, moving the factor into e, and refreshes d, s and the bounds: to the home exponent
     * when |dz| is within 2^HOME_REACH of it (so the BLA table's plain entries apply and most
     * pixels never rescale again), otherwise to |w| in [1, 2).
     */
    private void normalise() {
        double mag = Math.max(Math.abs(wr), Math.abs(wi));
        if (mag == 0) {
            // dz = 0 exactly: measure it against dc, which comes next
            boolean near = Math.abs(cExponent - home) < HOME_REACH - 2;
            e = near ? home : cExponent;
            atHome = near ? 0 : -1;
        } else {
            int k = Math.getExponent(mag);
            if (k < Double.MIN_EXPONENT) {
                wr *= 0x1p600;
                wi *= 0x1p600;
                e -= 600;
                k = Math.getExponent(Math.max(Math.abs(wr), Math.abs(wi)));
            }
            int x = e + k; // 2^x <= |dz| < 2^(x+1) (largest part)
            int h = homes == 1 ? 0 : Math.clamp(Math.round((x - home) / (float) BlaTable.HOME_STEP), 0, homes - 1);
            int at = home + BlaTable.HOME_STEP * h;
            boolean near = Math.abs(x - at) < HOME_REACH - 2;
            atHome = near ? h : -1;
            int shift = near ? at - e : k;
            if (shift != 0) {
                wr = Math.scalb(wr, -shift);
                wi = Math.scalb(wi, -shift);
                e += shift;
            }
        }
        if (e == scaledFor) { // at home after a rebase, say: nothing else changes
            return;
        }
        scaledFor = e;
        dr = Ext.scalb(cmRe, ce - e);
        di = Ext.scalb(cmIm, ce - e);
        if (atHome > 0) { // d is below 2^-1100 there: no subnormals (see BlaTable#homeR2)
            dr = Math.abs(dr) < Double.MIN_NORMAL ? 0 : dr;
            di = Math.abs(di) < Double.MIN_NORMAL ? 0 : di;
        }
        s = Ext.scalb(1.0, e);
        int room = BACK_TO_DOUBLE_EXPONENT - e; // |w| may grow by 2^room before dz leaves this range
        if (atHome >= 0) {
            w2High = Math.scalb(1.0, 2 * Math.clamp(room, -HOME_REACH, HOME_REACH)); // room < 0: home is above that range
            w2Low = Math.scalb(1.0, -2 * HOME_REACH);
        } else {
            w2High = room >= 50 ? W2_HIGH : Math.scalb(1.0, 2 * Math.max(room, 0));
            w2Low = W2_LOW;
        }
    }

    /** Whether dz = w 2^e has reached 2^BACK_TO_DOUBLE_EXPONENT, where the plain loop takes over. */
    private boolean aboveScaledRange() {
        double mag = Math.max(Math.abs(wr), Math.abs(wi));
        return mag != 0 && e + Math.getExponent(mag) >= BACK_TO_DOUBLE_EXPONENT;
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
            periodicInterior++;
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

    /**
     * At a rebase at iteration n with the full z = (re + i im) 2^exponent (exponent PLAIN: plain
     * doubles): whether c is now proven interior by {@link PeriodBall}. Only heuristics here; the
     * proof itself does not depend on them. A try costs q periods of single ball steps (about 30
     * periods of BLA iteration each), so it is made only where it should succeed: the last 2q + 1
     * rebases came one period apart, the state S is within 2^-4 |S| of the one q periods back, and
     * that distance shrank by at least 0.95 over the last q periods (an attracting cycle of q times
     * the reference's period pulling the pixel in: q = 1 in the minibrot's cardioid). The disc is
     * centred on the fixed point that Aitken's extrapolation predicts from S(k-2q), S(k-q), S(k), with
     * radii 2, 1/2 and 1/8 times its distance from S(k) (at least 2^-32 |S|, above rounding). After
     * a failure the pixel waits 2, 4, 8, ... more periods; none is made with fewer than
     * {@value #TRY_BUDGET} periods of budget left. At the benchmark's 1e-300 view 98% of tries succeed.
     */
    private boolean proven(int n, double re, double im, int exponent) {
        if (ball == null) {
            return false;
        }
        // Every rebase of every pixel passes here, so the bookkeeping avoids Math.scalb.
        boolean onePeriod = n - lastRebase == period;
        lastRebase = n;
        int raw = exponent == PLAIN ? 0 : exponent;
        int x = raw + Math.getExponent(Math.max(Math.abs(re), Math.abs(im)));
        if (x < PeriodBall.MIN_EXPONENT) {
            chain = 0; // not kept: the next state starts a new chain
            return false;
        }
        chain = onePeriod ? Math.min(chain + 1, HISTORY) : 1;
        int now = ++returns % HISTORY;
        historyRe[now] = re;
        historyIm[now] = im;
        historyExponent[now] = raw;
        if (chain < 3 || returns < nextAttempt || n > lastTry) {
            return false;
        }
        double unit = pow2(raw - x);
        double nr = re * unit;
        double ni = im * unit;
        for (int q = 1; 2 * q < chain; q++) {
            // S(k-2q), S(k-q), S(k) as offsets from S(k), in units of 2^x (|S(k)| is 1 to 1.5 there).
            int b = Math.floorMod(returns - q, HISTORY);
            int a = Math.floorMod(returns - 2 * q, HISTORY);
            double bu = pow2(historyExponent[b] - x);
            double br = historyRe[b] * bu - nr;
            double bi = historyIm[b] * bu - ni;
            double d2 = br * br + bi * bi;
            if (!(d2 < 0x1p-8)) {
                continue;
            }
            double au = pow2(historyExponent[a] - x);
            double ar = historyRe[a] * au - nr;
            double ai = historyIm[a] * au - ni;
            double d1r = br - ar; // S(k-q) - S(k-2q)
            double d1i = bi - ai;
            double d1 = d1r * d1r + d1i * d1i;
            if (!(d2 < 0.9 * d1)) {
                continue;
            }
            // Linear model S(j+q) - S* = lambda (S(j) - S*): lambda = (S(k) - S(k-q)) / (S(k-q) - S(k-2q)),
            // S* = S(k) + (S(k) - S(k-q)) lambda / (1 - lambda) (Aitken's extrapolation).
            double lr = (-br * d1r - bi * d1i) / d1;
            double li = (-bi * d1r + br * d1i) / d1;
            double ur = 1 - lr;
            double ui = -li;
            double u2 = ur * ur + ui * ui;
            double vr = (lr * ur + li * ui) / u2; // lambda / (1 - lambda)
            double vi = (li * ur - lr * ui) / u2;
            double sr = -br * vr + bi * vi;
            double si = -br * vi - bi * vr;
            double rho = Math.max(2 * Math.sqrt(sr * sr + si * si), 0x1p-28);
            ballAttempts++;
            if (ball.provesInterior(nr + sr, ni + si, rho, x, q, cmRe, cmIm, ce)) {
                ballProven++;
                provedRe = nr + sr;
                provedIm = ni + si;
                provedRho = rho;
                provedExponent = x;
                proved = q == 1;
                return true;
            }
            nextAttempt = returns + backoff;
            backoff *= 2;
            return false;
        }
        return false;
    }

    /**
     * Whether every c within cRadius 2^dcExponent of C + (dcRe + i dcIm) 2^dcExponent is provably
     * interior, by the disc that proved the last pixel run: that pixel must have ended by a
     * {@link PeriodBall} proof of one period, and the disc is tried at 512, 128 and 32 times its
     * radius: the cycle point moves across a block of pixels, and at span 1e-300 those radii proved
     * the most 4x4 blocks (8, 2 and 1/2 times: about a third as many; 2^15 times and less: a few).
     * False without trying otherwise.
     */
    boolean provesBlock(double dcRe, double dcIm, int dcExponent, double cRadius) {
        if (!proved) {
            return false;
        }
        blockAttempts++;
        boolean ok = ball.provesInterior(provedRe, provedIm, 512 * provedRho, provedExponent, 1, dcRe, dcIm, dcExponent,
                cRadius);
        blockProven += ok ? 1 : 0;
        return ok;
    }

    /** 2^k, flushed to 0 below 2^-1022 and infinite above 2^1023 (for the heuristics only). */
    private static double pow2(int k) {
        return k < -1022 ? 0 : k > 1023 ? Double.POSITIVE_INFINITY : Double.longBitsToDouble((long) (k + 1023) << 52);
    }

    private boolean interior(int at) {
        count = -1;
        reached = at;
        return true;
    }
}
