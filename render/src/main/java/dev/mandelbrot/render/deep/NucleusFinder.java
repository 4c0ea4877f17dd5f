package dev.mandelbrot.render.deep;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Finds the nucleus of a minibrot near a point; the public entry is {@link Minibrot#find}.
 *
 * <ol>
 *   <li><b>Period</b> (ball method): iterate the centre's orbit z(n) in fixed point and its
 *   derivative dz/dc in extended range; the disc of radius r around c maps to (to first order)
 *   the disc of radius |dz/dc| r around z(n). The first n whose disc contains 0 is the period of
 *   the lowest-period nucleus in the search disc, to first order.</li>
 *   <li><b>Nucleus</b>: Newton's method on z(p)(c) = 0, c <- c - z(p) / z(p)', all in fixed point
 *   (the derivative too, so convergence stays quadratic), until the step is below the precision.
 *   A nucleus found outside the search disc (the first-order disc held 0, the true one did not:
 *   from a disc of radius 0.05 around -0.75 + 0.1i, Newton went to the period-2 bulb's nucleus,
 *   0.27 away) is not the one looked for: the search goes on with the next n whose disc contains
 *   0, up to {@value #MAX_CANDIDATES} of them.</li>
 *   <li><b>Size</b>: 1 / |beta lambda^2| with lambda = prod 2 z(k) and beta = sum 1 / prod_{j<=k} 2 z(j)
 *   over the nucleus' cycle (the usual minibrot size estimate).</li>
 * </ol>
 * Internal: public only so that {@link Minibrot} can reach it.
 */
public final class NucleusFinder {

    private static final int MAX_NEWTON_STEPS = 64;
    /** Periods tried whose nucleus fell outside the disc before giving up; each costs a Newton search. */
    static final int MAX_CANDIDATES = 8;
    private static final MathContext SIZE_DIGITS = new MathContext(6);

    private NucleusFinder() {
    }

    public static Optional<Minibrot> find(BigDecimal re, BigDecimal im, BigDecimal radius, int maxPeriod,
            Cancellation cancel) {
        if (radius.signum() <= 0) {
            throw new IllegalArgumentException("radius must be > 0, got " + radius);
        }
        if (maxPeriod < 1) {
            throw new IllegalArgumentException("maxPeriod must be >= 1, got " + maxPeriod);
        }
        Ext r = Ext.of(radius);
        // Minibrots inside a disc of radius r are typically much smaller than r; twice the bits of
        // r (plus guard bits) place the nucleus well within its own size.
        int bits = 2 * Math.max(0, -r.exponent()) + 2 * DeepRenderer.GUARD_BITS;
        if (bits > DeepRenderer.MAX_PRECISION_BITS + 400) {
            // twice the digits of the radius: beyond ~1e-5000 a search would take minutes
            throw new IllegalArgumentException("radius too small: it must be at least about 1e-5000, got " + radius);
        }
        BigInteger cr = Fixed.of(re, bits);
        BigInteger ci = Fixed.of(im, bits);
        Ball ball = new Ball(cr, ci, bits, r);
        BigInteger[] nucleus = null;
        int period = 0;
        for (int candidate = 0; candidate < MAX_CANDIDATES && nucleus == null; candidate++) {
            period = ball.next(maxPeriod, cancel);
            if (period < 0) {
                return Optional.empty();
            }
            nucleus = newton(cr, ci, bits, period, cancel);
            if (nucleus != null && toExt(nucleus[0].subtract(cr), nucleus[1].subtract(ci), bits).abs().compareTo(r) > 0) {
                nucleus = null; // outside the disc searched: not the nucleus its ball pointed at
            }
        }
        if (nucleus == null) {
            return Optional.empty();
        }
        period = exactPeriod(nucleus[0], nucleus[1], bits, period, cancel);
        Ext size = size(nucleus[0], nucleus[1], bits, period, cancel);
        int digits = Math.max(20, (int) Math.ceil(-size.exponent() * 0.30103) + 20);
        digits = Math.min(digits, (int) (bits * 0.30103));
        BigDecimal mantissa = new BigDecimal(size.mantissa());
        BigDecimal sizeDecimal = size.exponent() >= 0
                ? mantissa.multiply(BigDecimal.TWO.pow(size.exponent())).round(SIZE_DIGITS)
                : mantissa.divide(BigDecimal.TWO.pow(-size.exponent()), SIZE_DIGITS);
        return Optional.of(new Minibrot(period, Fixed.toBigDecimal(nucleus[0], bits, digits),
                Fixed.toBigDecimal(nucleus[1], bits, digits), sizeDecimal));
    }

    /**
     * The ball method's walk along the centre's orbit: z(n) in fixed point, dz/dc(n) in extended
     * range. It keeps its place between calls, so a period after a rejected one is looked for from
     * there, not from z(0) again (each step is a few multiplications of up to thousands of bits).
     */
    private static final class Ball {
        private final BigInteger cr;
        private final BigInteger ci;
        private final int bits;
        private final Ext r;
        private final BigInteger four;
        private BigInteger zr = BigInteger.ZERO;
        private BigInteger zi = BigInteger.ZERO;
        private ExtComplex d = ExtComplex.ZERO;
        private int n;
        private boolean escaped;

        Ball(BigInteger cr, BigInteger ci, int bits, Ext r) {
            this.cr = cr;
            this.ci = ci;
            this.bits = bits;
            this.r = r;
            this.four = BigInteger.valueOf(4).shiftLeft(bits);
        }

        /** The next n up to maxPeriod with |z(n)| < |dz/dc(n)| r, or -1 (also once the orbit has escaped). */
        int next(int maxPeriod, Cancellation cancel) {
            while (!escaped && n < maxPeriod) {
                stopIfCancelled(cancel);
                n++;
                d = toExt(zr, zi, bits).multiply(d).multiply(2).add(ExtComplex.ONE);
                BigInteger r2 = Fixed.square(zr, bits);
                BigInteger i2 = Fixed.square(zi, bits);
                BigInteger s = Fixed.square(zr.add(zi), bits);
                zi = s.subtract(r2).subtract(i2).add(ci);
                zr = r2.subtract(i2).add(cr);
                escaped = Fixed.square(zr, bits).add(Fixed.square(zi, bits)).compareTo(four) > 0;
                // Tested even at the step the centre escapes: the disc around it may still hold 0.
                // At n = 1 the test is exact (z(1) = c), and a wide disc around a centre outside the
                // set (3 + 0i, radius 3.5) holds the period-1 nucleus 0, which it must find.
                if (toExt(zr, zi, bits).abs().compareTo(d.abs().multiply(r)) < 0) {
                    return n;
                }
            }
            return -1;
        }
    }

    /**
     * Newton's method for z(period)(c) = 0 from c; null if it does not settle. A step that lands
     * where the orbit escapes before {@code period} (outside the basin) is halved and retried.
     */
    static BigInteger[] newton(BigInteger cr, BigInteger ci, int bits, int period, Cancellation cancel) {
        BigInteger one = BigInteger.ONE.shiftLeft(bits);
        int settled = bits - 24;
        BigInteger prevRe = null;
        BigInteger prevIm = null;
        BigInteger stepRe = null;
        BigInteger stepIm = null;
        for (int attempt = 0; attempt < 4 * MAX_NEWTON_STEPS; attempt++) {
            BigInteger zr = BigInteger.ZERO;
            BigInteger zi = BigInteger.ZERO;
            BigInteger dr = BigInteger.ZERO;
            BigInteger di = BigInteger.ZERO;
            boolean escaped = false;
            for (int n = 0; n < period && !escaped; n++) {
                stopIfCancelled(cancel);
                // d <- 2 z d + 1, then z <- z^2 + c
                BigInteger ndr = Fixed.multiply(zr, dr, bits).subtract(Fixed.multiply(zi, di, bits)).shiftLeft(1).add(one);
                BigInteger ndi = Fixed.multiply(zr, di, bits).add(Fixed.multiply(zi, dr, bits)).shiftLeft(1);
                dr = ndr;
                di = ndi;
                BigInteger r2 = Fixed.square(zr, bits);
                BigInteger i2 = Fixed.square(zi, bits);
                BigInteger s = Fixed.square(zr.add(zi), bits);
                zi = s.subtract(r2).subtract(i2).add(ci);
                zr = r2.subtract(i2).add(cr);
                escaped = Math.max(zr.bitLength(), zi.bitLength()) > bits + 8; // |z| > 256: left the basin
            }
            if (escaped) {
                if (prevRe == null) {
                    return null;
                }
                stepRe = stepRe.shiftRight(1);
                stepIm = stepIm.shiftRight(1);
                cr = prevRe.subtract(stepRe);
                ci = prevIm.subtract(stepIm);
                continue;
            }
            // step = z / d = z conj(d) / |d|^2
            BigInteger den = dr.multiply(dr).add(di.multiply(di));
            if (den.signum() == 0) {
                return null;
            }
            stepRe = zr.multiply(dr).add(zi.multiply(di)).shiftLeft(bits).divide(den);
            stepIm = zi.multiply(dr).subtract(zr.multiply(di)).shiftLeft(bits).divide(den);
            prevRe = cr;
            prevIm = ci;
            cr = cr.subtract(stepRe);
            ci = ci.subtract(stepIm);
            int stepExponent = Math.max(stepRe.bitLength(), stepIm.bitLength());
            if (stepExponent <= bits - settled) {
                return new BigInteger[] {cr, ci};
            }
            if (Math.max(cr.bitLength(), ci.bitLength()) > bits + 2) {
                // thrown beyond |re|, |im| < 4, far from every nucleus (all lie within |c| <= 2). A
                // bound on the step instead refused the one step from 10 + 10i to the nucleus 0.
                return null;
            }
        }
        return null;
    }

    /**
     * Newton for z(p) = 0 may land on a nucleus whose period q divides p (z(q) = 0 too): returns the
     * smallest n dividing p with z(n) at the precision's noise level.
     */
    static int exactPeriod(BigInteger cr, BigInteger ci, int bits, int period, Cancellation cancel) {
        BigInteger zr = BigInteger.ZERO;
        BigInteger zi = BigInteger.ZERO;
        for (int n = 1; n < period; n++) {
            stopIfCancelled(cancel);
            BigInteger r2 = Fixed.square(zr, bits);
            BigInteger i2 = Fixed.square(zi, bits);
            BigInteger s = Fixed.square(zr.add(zi), bits);
            zi = s.subtract(r2).subtract(i2).add(ci);
            zr = r2.subtract(i2).add(cr);
            if (period % n == 0 && Math.max(zr.bitLength(), zi.bitLength()) < bits / 2) {
                return n;
            }
        }
        return period;
    }

    /** The minibrot size estimate 1 / |beta lambda^2| (see the class comment). */
    static Ext size(BigInteger cr, BigInteger ci, int bits, int period, Cancellation cancel) {
        ExtComplex lambda = ExtComplex.ONE;
        ExtComplex beta = ExtComplex.ONE;
        BigInteger zr = BigInteger.ZERO;
        BigInteger zi = BigInteger.ZERO;
        for (int n = 1; n < period; n++) {
            stopIfCancelled(cancel);
            BigInteger r2 = Fixed.square(zr, bits);
            BigInteger i2 = Fixed.square(zi, bits);
            BigInteger s = Fixed.square(zr.add(zi), bits);
            zi = s.subtract(r2).subtract(i2).add(ci);
            zr = r2.subtract(i2).add(cr);
            lambda = toExt(zr, zi, bits).multiply(lambda).multiply(2);
            beta = beta.add(lambda.reciprocal());
        }
        return beta.multiply(lambda).multiply(lambda).reciprocal().abs();
    }

    /** Every step of every loop polls: a step is a few multiplications of hundreds to thousands of bits. */
    private static void stopIfCancelled(Cancellation cancel) {
        if (cancel.isCancelled()) {
            throw new CancellationException("minibrot search cancelled");
        }
    }

    static ExtComplex toExt(BigInteger re, BigInteger im, int bits) {
        int length = Math.max(re.bitLength(), im.bitLength());
        if (length == 0) {
            return ExtComplex.ZERO;
        }
        return ExtComplex.of(Fixed.scaled(re, length, 0), Fixed.scaled(im, length, 0), length - bits);
    }
}
