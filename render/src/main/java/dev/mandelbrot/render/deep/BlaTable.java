package dev.mandelbrot.render.deep;

/**
 * Bilinear approximation (BLA) of runs of perturbation steps along one reference orbit.
 *
 * <p>One perturbation step at reference index m is dz' = A dz + B dc + dz^2 with A = 2 Z(m),
 * B = 1. While |dz| < R = epsilon |A| the square is below epsilon times the linear term, so the
 * step is linear in (dz, dc). Two linear steps x then y merge into one:
 * A = Ay Ax, B = Ay Bx + By, valid while |dz| < min(Rx, (Ry - |Bx| max|dc|) / |Ax|), the second
 * condition making sure the first half lands inside the second's radius for every pixel of the
 * image. Level k of the table holds the merged runs of 2^k steps starting at indices
 * m = 1 + j 2^k (m = 0 is never linear: Z(0) = 0), so a pixel at index m with |dz| below a radius
 * jumps 2^k iterations in one complex multiply-add. Radii shrink as levels grow, so the levels
 * that apply form a prefix and the lookup is a binary search for its end. (Zhuoran's BLA, as described by C. Heiland-Allen, "Deep zoom
 * theory and practice (again)", 2022.)
 *
 * <p>A, B and R can leave the double range (A is a product of up to 2^k factors near 2), so every
 * entry keeps mantissa/exponent forms; plain doubles (A and R^2) are kept as well for the
 * common double-precision pixel loop, where R^2 underflowing to 0 simply marks an entry that can
 * never apply (that loop only runs with |dz| >= 2^-400).
 *
 * <p>Tolerance: each skipped step drops a term at most epsilon times the kept ones; with
 * {@link #DEFAULT_EPSILON} escape counts stay identical to step-by-step perturbation for all but a
 * small, tested fraction of pixels (see BlaToleranceTest).
 */
final class BlaTable {

    /** 2^-40: measured to change no count on the test views while still skipping most work. */
    static final double DEFAULT_EPSILON = 0x1p-40;

    final int levels;
    /**
     * The slot (after the levels) of one more entry, the whole run m = 1 .. rebaseIndex - 1 merged
     * ({@link #wholeSteps} steps): a pixel that has just rebased and passed Z(0) = 0 crosses the
     * reference's whole period in one jump when its |dz| is within that entry's radius, instead of
     * one jump per binary digit of the period (three at the 1e-300 view's period 401).
     */
    final int whole;
    /** Steps in the whole-run entry; 0: there is none. */
    int wholeSteps;
    final int[] count;
    final double[][] aRe;
    final double[][] aIm;
    final double[][] r2;
    final double[][] aMre;
    final double[][] aMim;
    final int[][] aExp;
    final double[][] bMre;
    final double[][] bMim;
    final int[][] bExp;
    final double[][] rM;
    final int[][] rExp;
    /**
     * The extended-range loop's first home exponent H(0) (see {@link #levelHome}): 2^H(0) is 2^200
     * times the image's largest |dc|, so a pixel's dc/2^H(0) is below 2^-200 and its w = dz/2^H(0) has
     * about 480 bits of room on either side before it leaves the plain double range. Deeper views
     * need more homes to cover a pixel's climb from |dc| to the plain loop's 2^-400: H(h) = H(0) +
     * {@value #HOME_STEP} h, for h below {@link #homes}, each covering 2^+-480 around itself.
     */
    final int home;
    /** How many homes: one at spans above about 1e-270, four at 1e-1000. */
    final int homes;
    /** Bits between successive homes: less than twice the reach, so their windows overlap. */
    static final int HOME_STEP = 900;
    /** B as plain doubles (infinite where it overflows), for dz = w 2^home: B dc = B (dc 2^-home) 2^home. */
    final double[][] bRe;
    final double[][] bIm;
    /**
     * For each home h, (R 2^-H(h))^2 as plain doubles, in magnitude no larger than the entry one
     * level down at the same index so the levels that apply still form a prefix; negated where the
     * entry's plain coefficients (A, and B for dz = w 2^H(h)) may not be used there, so the loop uses
     * their mantissa/exponent forms. At homes above the first, dc 2^-H(h) is below 2^-1100, so the
     * plain form is allowed there only if B dc is negligible (2^-60) against A dz for every dz in
     * the window; the loop then leaves dc out of the jump. (The sign rides with the radius the
     * search has just read rather than in an array of its own: that cost 7% at span 1e-300.)
     */
    final double[][][] homeR2;
    private final Ext dcMax;
    /** Bytes this table holds ({@link #bytes()}); set once built. */
    private long bytes;

    private BlaTable(int levels, Ext dcMax) {
        this.levels = levels;
        this.dcMax = dcMax;
        whole = levels;
        int slots = levels + 1;
        count = new int[slots];
        aRe = new double[slots][];
        aIm = new double[slots][];
        r2 = new double[slots][];
        aMre = new double[slots][];
        aMim = new double[slots][];
        aExp = new int[slots][];
        bMre = new double[slots][];
        bMim = new double[slots][];
        bExp = new int[slots][];
        rM = new double[slots][];
        rExp = new int[slots][];
        home = dcMax.exponent() + HOME_ABOVE_DC;
        homes = homes(dcMax);
        bRe = new double[slots][];
        bIm = new double[slots][];
        homeR2 = new double[homes][slots][];
    }

    /** How far above the largest |dc| the first home exponent sits (in bits). */
    private static final int HOME_ABOVE_DC = 200;
    /** Homes are added until one reaches this: its window then meets the plain loop's range. */
    private static final int LAST_HOME = -900;
    /** Plain A or B whose products with the values they meet exceed this keep an entry off the home path. */
    private static final double SAFE = 0x1p1000;

    /** How many homes a table for |dc| below {@code dcMax} has: see {@link #homes}. */
    private static int homes(Ext dcMax) {
        int home = dcMax.exponent() + HOME_ABOVE_DC;
        return home >= LAST_HOME ? 1 : 1 + Math.ceilDiv(LAST_HOME - home, HOME_STEP);
    }

    /**
     * Bytes of a table over {@code steps} steps for |dc| below {@code dcMax}, to within its
     * per-level overheads: ten double and three int arrays, and one double array per home, for each
     * level, whose entries number steps / 2 + steps / 4 + ... < steps (level 0 is never stored). So
     * 100 bytes a step at one home (spans above about 1e-270), 132 at five (the map's z = 4000).
     */
    static long bytesFor(int steps, Ext dcMax) {
        return (long) Math.max(steps, 0) * (10 * Double.BYTES + 3 * Integer.BYTES + homes(dcMax) * Double.BYTES);
    }

    /** Bytes this table holds: its arrays, counted from their real lengths once built. */
    long bytes() {
        return bytes;
    }

    private long measure() {
        long total = 64 + HeapBytes.array(count.length, Integer.BYTES);
        double[][][] perLevel = {aRe, aIm, r2, aMre, aMim, bMre, bMim, rM, bRe, bIm};
        for (double[][] arrays : perLevel) {
            total += doubles(arrays);
        }
        for (double[][] arrays : homeR2) {
            total += doubles(arrays);
        }
        total += HeapBytes.array(homeR2.length, 4);
        for (int[][] arrays : new int[][][] {aExp, bExp, rExp}) {
            total += HeapBytes.array(arrays.length, 4);
            for (int[] a : arrays) {
                total += a == null ? 0 : HeapBytes.array(a.length, Integer.BYTES);
            }
        }
        return total;
    }

    private static long doubles(double[][] arrays) {
        long total = HeapBytes.array(arrays.length, 4);
        for (double[] a : arrays) {
            total += a == null ? 0 : HeapBytes.array(a.length, Double.BYTES);
        }
        return total;
    }

    /** The largest |dc| this table was built for; it serves any image whose |dc| stays below. */
    Ext dcMax() {
        return dcMax;
    }

    static BlaTable build(ReferenceOrbit orbit, Ext dcMax, double epsilon) {
        int steps = orbit.rebaseIndex() - 1; // m = 1 .. rebaseIndex-1: pixels rebase there unless that would lose
        // their difference (see Perturbation); the few that go on past it step one at a time
        int levels = 1;
        while (levels < 31 && (steps >> levels) >= 1) {
            levels++;
        }
        BlaTable t = new BlaTable(levels, dcMax);
        ExtComplex[] a = new ExtComplex[Math.max(steps, 0)];
        ExtComplex[] b = new ExtComplex[a.length];
        Ext[] r = new Ext[a.length];
        Ext eps = Ext.of(epsilon);
        for (int j = 0; j < a.length; j++) {
            int m = j + 1;
            ExtComplex z = ExtComplex.of(orbit.tinyRe[m], orbit.tinyIm[m], orbit.tinyExponent[m]);
            a[j] = z.multiply(2);
            b[j] = ExtComplex.ONE;
            r[j] = eps.multiply(a[j].abs());
        }
        t.count[0] = a.length; // level 0 (single steps) is never looked up: a plain step costs the same
        // The pieces of the whole run m = 1 .. steps by the binary digits of steps, highest first:
        // the entry of level k at index 2 (steps >> (k + 1)) where digit k is set.
        ExtComplex[] pieceA = new ExtComplex[levels];
        ExtComplex[] pieceB = new ExtComplex[levels];
        Ext[] pieceR = new Ext[levels];
        if ((steps & 1) != 0) {
            pieceA[0] = a[steps - 1];
            pieceB[0] = b[steps - 1];
            pieceR[0] = r[steps - 1];
        }
        int n = a.length;
        for (int k = 1; k < levels; k++) {
            int half = n / 2;
            for (int j = 0; j < half; j++) {
                int x = 2 * j;
                int y = x + 1;
                Ext ax = a[x].abs();
                Ext reach = r[y].subtract(b[x].abs().multiply(dcMax));
                Ext radius = reach.mantissa() <= 0 || ax.isZero() ? Ext.ZERO : r[x].min(reach.divide(ax));
                ExtComplex merged = a[y].multiply(a[x]);
                b[j] = a[y].multiply(b[x]).add(b[y]);
                a[j] = merged;
                r[j] = radius;
            }
            n = half;
            t.store(k, a, b, r, n);
            if (((steps >> k) & 1) != 0) {
                int idx = (steps >> (k + 1)) << 1;
                pieceA[k] = a[idx];
                pieceB[k] = b[idx];
                pieceR[k] = r[idx];
            }
        }
        if (steps > 0) {
            int k = levels - 1;
            ExtComplex wholeA = pieceA[k];
            ExtComplex wholeB = pieceB[k];
            Ext wholeR = pieceR[k];
            for (k--; k >= 0; k--) {
                if (pieceA[k] == null) {
                    continue;
                }
                Ext ax = wholeA.abs();
                Ext reach = pieceR[k].subtract(wholeB.abs().multiply(dcMax));
                wholeR = reach.mantissa() <= 0 || ax.isZero() ? Ext.ZERO : wholeR.min(reach.divide(ax));
                wholeB = pieceA[k].multiply(wholeB).add(pieceB[k]);
                wholeA = pieceA[k].multiply(wholeA);
            }
            t.store(t.whole, new ExtComplex[] {wholeA}, new ExtComplex[] {wholeB}, new Ext[] {wholeR}, 1);
            t.wholeSteps = steps;
        }
        t.bytes = t.measure();
        return t;
    }

    private void store(int k, ExtComplex[] a, ExtComplex[] b, Ext[] r, int n) {
        count[k] = n;
        aRe[k] = new double[n];
        aIm[k] = new double[n];
        r2[k] = new double[n];
        aMre[k] = new double[n];
        aMim[k] = new double[n];
        aExp[k] = new int[n];
        bMre[k] = new double[n];
        bMim[k] = new double[n];
        bExp[k] = new int[n];
        rM[k] = new double[n];
        rExp[k] = new int[n];
        bRe[k] = new double[n];
        bIm[k] = new double[n];
        for (int h = 0; h < homes; h++) {
            homeR2[h][k] = new double[n];
        }
        for (int j = 0; j < n; j++) {
            ExtComplex aj = a[j];
            ExtComplex bj = b[j];
            Ext rj = r[j];
            double radius = rj.toDouble();
            r2[k][j] = radius * radius;
            aRe[k][j] = Ext.scalb(aj.re(), aj.exponent());
            aIm[k][j] = Ext.scalb(aj.im(), aj.exponent());
            aMre[k][j] = aj.re();
            aMim[k][j] = aj.im();
            aExp[k][j] = aj.isZero() ? 0 : aj.exponent();
            bMre[k][j] = bj.re();
            bMim[k][j] = bj.im();
            bExp[k][j] = bj.isZero() ? 0 : bj.exponent();
            rM[k][j] = rj.mantissa();
            rExp[k][j] = rj.isZero() ? 0 : rj.exponent();
            bRe[k][j] = Ext.scalb(bj.re(), bj.exponent());
            bIm[k][j] = Ext.scalb(bj.im(), bj.exponent());
            for (int h = 0; h < homes; h++) {
                int at = homeExponent(h);
                double hr = rj.isZero() ? 0 : Ext.scalb(rj.mantissa(), Math.min(rj.exponent() - at, 511));
                boolean safe = safe(aRe[k][j], aIm[k][j], Math.min(hr, 0x1p480))
                        && (h == 0 ? safe(bRe[k][j], bIm[k][j], 0x1p-200) : negligible(aj, bj, h));
                double hr2 = Math.min(hr * hr, Double.MAX_VALUE);
                double mag = k == 1 ? hr2 : Math.min(hr2, Math.abs(homeR2[h][k - 1][2 * j]));
                homeR2[h][k][j] = safe ? mag : -mag;
            }
        }
    }

    /**
     * Whether |B dc| <= 2^-60 |A dz| for every |dc| <= 2^(H(0) - 200) and |dz| >= 2^(H(h) - 480):
     * |B| / |A| <= 2^(HOME_STEP h - 340), checked on exponents with a bit to spare.
     */
    private static boolean negligible(ExtComplex a, ExtComplex b, int h) {
        if (b.isZero()) {
            return true;
        }
        if (a.isZero()) {
            return false;
        }
        return b.abs().exponent() - a.abs().exponent() <= HOME_STEP * h - 342;
    }

    /**
     * Whether a plain complex coefficient times a value of magnitude 2^-480 (the window's floor) to
     * {@code upTo} stays a normal double, far from overflow: true for any entry a pixel can use at
     * the home exponent unless its coefficients leave the double range.
     */
    private static boolean safe(double re, double im, double upTo) {
        double mag = Math.max(Math.abs(re), Math.abs(im));
        return mag == 0 || mag * upTo <= SAFE && mag >= 0x1p-480;
    }

    /**
     * The highest level k >= 1 whose entry at reference index m applies to a pixel with
     * |dz|^2 = dz2 (plain doubles) and spans at most {@code budget} iterations; 0 if none.
     *
     * <p>A binary search, not a climb: the levels that may apply at all (aligned on m, within the
     * budget and the table) are 1..{@link #highest}, and of those the ones whose radius admits dz
     * are a prefix too, since a merged entry's radius is at most its first half's, the entry one
     * level down at the same index. So the answer is the climb's, in about log2 of its steps.
     */
    int levelPlain(int m, double dz2, int budget) {
        int j = m - 1;
        int lo = 0;
        int hi = highest(j, budget);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (dz2 < r2[mid][j >> mid]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** As {@link #levelPlain} for dz = w * 2^e with |w|^2 = w2 (the extended-range loop). */
    int levelScaled(int m, double w2, int e, int budget) {
        int j = m - 1;
        int lo = 0;
        int hi = highest(j, budget);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            int idx = j >> mid;
            double radius = rM[mid][idx] == 0 ? 0 : Ext.scalb(rM[mid][idx], rExp[mid][idx] - e);
            if (w2 < radius * radius) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * As {@link #levelScaled} for a pixel at home h (dz = w 2^H(h)), without any scaling: the radii
     * are stored in those units, so the answer is the same.
     */
    int levelHome(int h, int m, double w2, int budget) {
        double[][] r2 = homeR2[h];
        int j = m - 1;
        int lo = 0;
        int top = highest(j, budget);
        int hi = top;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (w2 < Math.abs(r2[mid][j >> mid])) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The exponent of home h. */
    int homeExponent(int h) {
        return home + HOME_STEP * h;
    }

    /**
     * The highest level whose entry starting at index j + 1 exists and spans at most
     * {@code budget} steps: j must be a multiple of 2^k, 2^k <= budget, and the entry within the
     * level's table (each of these holds for every level below one that satisfies it).
     */
    private int highest(int j, int budget) {
        if (budget < 2) {
            return 0;
        }
        int k = Math.min(levels - 1, Math.min(Integer.numberOfTrailingZeros(j), 31 - Integer.numberOfLeadingZeros(budget)));
        while (k > 0 && (j >> k) >= count[k]) {
            k--;
        }
        return k;
    }
}
