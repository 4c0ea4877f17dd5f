package dev.mandelbrot.render.deep;

/**
 * A rigorous interior proof: ball arithmetic over one period p of the reference orbit.
 *
 * <p><b>The claim.</b> If f_c^n (f_c(z) = z^2 + c) maps a closed disc D into its interior, then f_c^n
 * has an attracting fixed point in D (Schwarz-Pick: a holomorphic self-map of a disc with relatively
 * compact image is a strict contraction of the hyperbolic metric), so c has an attracting cycle.
 * Every attracting cycle attracts the critical point 0 (Fatou), so the orbit of 0 is bounded, c is in
 * the Mandelbrot set and |z(n)| <= 2 for every n: the count is "interior" for any iteration limit,
 * exactly what iterating forever in exact arithmetic gives. Nothing here depends on how accurately
 * the pixel was iterated so far; that only chooses the disc. Here n = q p, p the reference's period
 * (q = 1 in the minibrot's cardioid, q > 1 in its satellite bulbs).
 *
 * <p><b>The arithmetic.</b> The disc is carried as an offset from the reference orbit as actually
 * computed: W(j) are the fixed-point values of {@link ReferenceOrbit}, which satisfy
 * W(j+1) = W(j)^2 + C + eta(j) with |eta(j)| < 3 2^-bits (floored squarings), W(0) = 0. For
 * z = W(j) + d, f_c(z) - W(j+1) = 2 W(j) d + d^2 + dc - eta(j) exactly, so the image of the disc
 * D(d, r) lies in the disc with centre 2 W d + d^2 + dc (computed with W' = W(j) rounded to a double,
 * |W - W'| <= u) and radius 2 u |d| + (|2 W + 2 d| + r) r + |eta| + a bound on the rounding of the
 * centre. Every magnitude is an upper bound, every term is inflated by generous relative factors
 * (2^-48 per centre, 2^-40 per radius, against a true error of a few 2^-53), and an absolute 2^-1000
 * covers underflow in the rescaled form d = w 2^e, r = rho 2^e with max(|w|, rho) within 2^+-200 (which
 * reaches below 1e-308). The derivative |2 W + 2 d| gets an absolute 2^-1068 |w| instead, so a proof
 * needs |z0| above about 2^-1000 (views down to about 1e-600; deeper pixels are never attempted).
 * After p steps the image of D(z0, r0) lies in D(W(p) + d(p), r(p)); the proof succeeds when that
 * disc lies strictly inside D(z0, r0). NaN or infinity anywhere makes it fail.
 *
 * <p><b>Cost.</b> One ball step is about 13 ns against about 0.5 ns per iteration for a pixel that
 * BLA carries through a period in ~15 jumps, so a proof costs about 30 periods of ordinary work per
 * cycle; see {@link Perturbation} for when it is tried.
 *
 * <p>Immutable; one per reference orbit (see {@link ReferenceOrbit#periodBall()}).
 */
final class PeriodBall {

    /** Centres below 2^MIN_EXPONENT cannot be proven (see the class comment): callers skip them. */
    static final int MIN_EXPONENT = -1000;
    private static final double CENTRE_ERROR = 0x1p-48;
    private static final double UP = 1 + 0x1p-40;
    private static final double FLOOR = 0x1p-1000;
    /** |w| is renormalised to near 1 once it leaves [2^-RANGE, 2^RANGE] (so rarely). */
    private static final int RANGE = 200;
    /** max(|w|, r) within [IN_RANGE_LOW, IN_RANGE_HIGH): the exponent is within +-RANGE. */
    private static final double IN_RANGE_LOW = Math.scalb(1.0, -RANGE);
    private static final double IN_RANGE_HIGH = Math.scalb(1.0, RANGE + 1);

    private final int period;
    private final int bits;
    private final double[] zr;
    private final double[] zi;
    /** Upper bounds on |W(j)|. */
    private final double[] zAbs;
    /** Upper bounds on |W(j) - (zr + i zi)|. */
    private final double[] zErr;
    /**
     * 2 |W(j) - Z'(j)| + 2^-47 |W(j)|, rounded up: the error terms of a step proportional to |d|
     * (in the derivative bound and in the centre), folded into one load.
     */
    private final double[] stepError;
    /** W(p), to double precision at any magnitude, and a bound on its error. */
    private final ExtComplex end;
    private final Ext endError;

    PeriodBall(ReferenceOrbit orbit) {
        this.period = orbit.period();
        this.bits = orbit.bits;
        zr = new double[period];
        zi = new double[period];
        zAbs = new double[period];
        zErr = new double[period];
        stepError = new double[period];
        for (int j = 0; j < period; j++) {
            int te = orbit.tinyExponent[j];
            // Stored entries are within 2^-52 |W| of the fixed-point value (62-bit truncation, then
            // one rounding); tiny ones also lose up to 2^-1074 per part going to a plain double.
            double r = te == 0 ? orbit.re[j] : Ext.scalb(orbit.tinyRe[j], te);
            double i = te == 0 ? orbit.im[j] : Ext.scalb(orbit.tinyIm[j], te);
            double abs = Math.sqrt(r * r + i * i) * UP;
            double err = abs * 0x1p-50 + 0x1p-1070;
            zr[j] = r;
            zi[j] = i;
            zErr[j] = err;
            zAbs[j] = (abs + err) * UP;
            stepError[j] = (2 * zErr[j] + 2 * CENTRE_ERROR * zAbs[j]) * UP;
        }
        int p = period;
        end = ExtComplex.of(orbit.tinyRe[p], orbit.tinyIm[p], orbit.tinyExponent[p] == Ext.ZERO_EXPONENT ? 0
                : orbit.tinyExponent[p]);
        endError = end.abs().multiply(Ext.of(0x1p-50));
    }

    int period() {
        return period;
    }

    /** Bytes a ball over {@code period} steps holds: five double arrays and its end point. */
    static long bytes(int period) {
        return 112 + 5 * HeapBytes.array(period, Double.BYTES);
    }

    /**
     * Whether f_c^(q p), c = C + (cmRe + i cmIm) 2^ce, q = {@code cycles}, provably maps a closed disc
     * around z0 = (re + i im) 2^exponent into its interior (then c is interior; see the class
     * comment). Three radii are tried at once, rho, rho/4 and rho/16 (times 2^exponent): the centre
     * arithmetic is shared and a radius costs a few flops a step. q > 1 serves pixels whose cycle is
     * q times the reference's period (satellite components of the minibrot); between periods the disc
     * is moved from offsets to W(p) to offsets to W(0) = 0, adding W(p) and its error.
     */
    boolean provesInterior(double re, double im, double rho, int exponent, int cycles, double cmRe, double cmIm, int ce) {
        return provesInterior(re, im, rho, exponent, cycles, cmRe, cmIm, ce, 0);
    }

    /**
     * As {@link #provesInterior(double, double, double, int, int, double, double, int)} for every c
     * within cRadius 2^ce of C + (cmRe + i cmIm) 2^ce at once (cRadius an upper bound, >= 0): each
     * step's image disc grows by that radius, since f_c(z) - f_c'(z) = c - c'. A success proves every
     * such c interior, so one proof can serve a block of pixels.
     */
    boolean provesInterior(double re, double im, double rho, int exponent, int cycles, double cmRe, double cmIm, int ce,
            double cRadius) {
        // Start: d(0) = z0 (W(0) = 0), scaled so that max(|w|, rho) is near 1.
        int k = Math.getExponent(Math.max(Math.max(Math.abs(re), Math.abs(im)), rho));
        double wr = Math.scalb(re, -k);
        double wi = Math.scalb(im, -k);
        double r1 = Math.scalb(rho, -k);
        // A single pixel's disc is sized from its own orbit: at span 1e-300 the largest radius held in
        // every one of the 57,683 proofs that any of the three did (of 58,904 tries), so a pixel tries
        // one; a block's disc of z is a guess (see Perturbation#provesBlock), so blocks try three.
        final boolean three = cRadius > 0;
        double r2 = three ? r1 / 4 : 0;
        double r3 = three ? r1 / 16 : 0;
        int e = exponent + k;
        for (int cycle = 0; ; cycle++) {
            double s = Ext.scalb(1.0, e);
            double dr = Ext.scalb(cmRe, ce - e);
            double di = Ext.scalb(cmIm, ce - e);
            double eta = Ext.scalb(4.0, -bits - e) + Ext.scalb(cRadius, ce - e);
            // The step's bounds are sums of terms a coefficient times 1, |w|, |w|^2 or r^2; the
            // coefficients that do not depend on j are summed here, once per exponent. With the single
            // radius for pixels, a pass at the 1e-300 view (period 401) went from 4.6 to 3.6 us.
            double growth = (s + 2 * FLOOR) * UP;
            double lost = lostD(s);
            double perW2 = (CENTRE_ERROR * s + 2 * FLOOR) * UP;
            double constant = (eta + CENTRE_ERROR * (Math.abs(dr) + Math.abs(di)) + FLOOR) * UP;
            for (int j = 0; j < period; j++) {
                double a = Math.abs(wr) + Math.abs(wi); // |w|, within a factor sqrt 2: only in error terms
                double tr = 2 * zr[j] + s * wr;
                double ti = 2 * zi[j] + s * wi;
                double nr = tr * wr - ti * wi + dr;
                double ni = tr * wi + ti * wr + di;
                // (2 W + 2 d + u) u for |u| <= r: |2 W + 2 d| bounded by the computed |2 Z' + 2 d|,
                // its rounding (2^-48 of 2 |W| + 2 |d|) and 2 |W - Z'|; s * w is d exactly, up to an
                // absolute rounding below FLOOR, unless 2^e is subnormal or 0: then |d| < 2^-1070 |w|
                // is added (lostD). Written so that 2^-48 multiplies a sum of normal size: a product
                // CENTRE_ERROR s alone is subnormal at depth, and one in every step doubled its cost.
                double fr = tr + s * wr;
                double fi = ti + s * wi;
                double f = Math.sqrt(fr * fr + fi * fi) * UP + CENTRE_ERROR * (2 * zAbs[j] + 2 * s * a) + 2 * zErr[j]
                        + lost * a;
                // The rest of the image's radius: 2 |W - Z'| |d|, eta and dc's error, the centre's
                // rounding 2^-48 (2 |W| |d| + |d|^2 + |dc|), and underflow FLOOR (1 + (|w| + r)^2), with
                // (|w| + r)^2 <= 2 |w|^2 + 2 r^2: the r^2 part rides in growth.
                double common = constant + a * stepError[j] + a * a * perW2;
                r1 = (common + (f + growth * r1) * r1) * UP;
                if (three) {
                    r2 = (common + (f + growth * r2) * r2) * UP;
                    r3 = (common + (f + growth * r3) * r3) * UP;
                }
                wr = nr;
                wi = ni;
                double smallest = three ? r3 : r1;
                double mag = Math.max(Math.max(Math.abs(wr), Math.abs(wi)), smallest); // d may be 0
                if (!(mag >= IN_RANGE_LOW && mag < IN_RANGE_HIGH)) {
                    if (!(smallest < 0x1p250)) { // even the smallest disc dwarfs its offset from the reference (or NaN)
                        return false;
                    }
                    int m = Math.getExponent(mag);
                    wr = Math.scalb(wr, -m);
                    wi = Math.scalb(wi, -m);
                    r1 = Math.scalb(r1, -m);
                    r2 = Math.scalb(r2, -m);
                    r3 = Math.scalb(r3, -m);
                    e += m;
                    s = Ext.scalb(1.0, e);
                    dr = Ext.scalb(cmRe, ce - e);
                    di = Ext.scalb(cmIm, ce - e);
                    eta = Ext.scalb(4.0, -bits - e) + Ext.scalb(cRadius, ce - e);
                    growth = (s + 2 * FLOOR) * UP;
                    lost = lostD(s);
                    perW2 = (CENTRE_ERROR * s + 2 * FLOOR) * UP;
                    constant = (eta + CENTRE_ERROR * (Math.abs(dr) + Math.abs(di)) + FLOOR) * UP;
                }
            }
            if (!Double.isFinite(wr + wi + r3)) {
                return false;
            }
            // z = W(p) + d(p): the disc around it, its centre rounded, every error added to the radii.
            ExtComplex dp = ExtComplex.of(wr, wi, e);
            ExtComplex z = end.add(dp);
            Ext shift = endError.add(end.abs().add(dp.abs()).multiply(Ext.of(0x1p-50)));
            if (cycle == cycles - 1) {
                // |z - z0| + radius < r0, the rounding of the difference bounded too.
                ExtComplex z0 = ExtComplex.of(re, im, exponent);
                ExtComplex gap = z.add(ExtComplex.of(-z0.re(), -z0.im(), z0.exponent()));
                Ext fixed = gap.abs().multiply(Ext.of(UP)).add(z.abs().add(z0.abs()).multiply(Ext.of(0x1p-50))).add(shift);
                return inside(fixed, r1, e, rho, exponent)
                        || three && (inside(fixed, r2, e, rho / 4, exponent) || inside(fixed, r3, e, rho / 16, exponent));
            }
            int from = e;
            e = z.exponent();
            wr = z.re();
            wi = z.im();
            r1 = grow(r1, from, shift, e);
            r2 = grow(r2, from, shift, e);
            r3 = grow(r3, from, shift, e);
        }
    }

    /**
     * 2^-1068 where s = 2^e is subnormal or 0 (so s * w may lose d), else 0. Multiplying by a constant
     * 2^-1068 every step made every step produce a subnormal, which cost 15-20% of a deep render.
     */
    private static double lostD(double s) {
        return s < Double.MIN_NORMAL ? 0x1p-1068 : 0;
    }

    /** (r 2^from + shift) / 2^to, rounded up. */
    private static double grow(double r, int from, Ext shift, int to) {
        Ext sum = Ext.of(r, from).add(shift);
        return Double.isFinite(r) ? Ext.scalb(sum.mantissa() * UP, sum.exponent() - to) + FLOOR : r;
    }

    /** Whether fixed + r 2^e < r0 2^exponent, rounding against success. */
    private static boolean inside(Ext fixed, double r, int e, double r0, int exponent) {
        if (!Double.isFinite(r)) {
            return false;
        }
        Ext left = fixed.add(Ext.of(r, e)).multiply(Ext.of(UP * UP));
        return left.compareTo(Ext.of(r0, exponent).multiply(Ext.of(1 - 0x1p-40))) < 0;
    }
}
