package dev.mandelbrot.render.deep;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The orbit Z(0) = 0, Z(n+1) = Z(n)^2 + C of one reference point C, computed in fixed point with
 * enough bits for the zoom and stored rounded to doubles for the per-pixel perturbation loop.
 *
 * <p>Entries with |Z(n)| < 2^{@value #TINY_EXPONENT} (Z(0) = 0 always, and Z(kp) near a
 * period-p nucleus) would lose their value in a double, which matters when the pixel difference
 * is itself tiny; for those the orbit also keeps a mantissa pair and an exponent
 * ({@link #tinyExponent} is 0 for every other entry).
 *
 * <p>The orbit stops at the first n with |Z(n)| > 2 (the reference escaped: {@link #escaped()}),
 * at the period p when C is at its nucleus ({@link #AT_NUCLEUS}), or at n = maxIterations;
 * {@link #last()} is the last stored index. Stopping at the period is what makes a minibrot's
 * reference cheap: its pixels rebase there (see {@link Perturbation}), so Z(p+1) onwards would
 * never be read, and a reference of period 401 at span 1e-300 took 50,001 arbitrary-precision
 * steps (9% of the render) for 402 that are used. Such an orbit serves any iteration limit
 * ({@link #covers}).
 *
 * <p>{@link #period()} is the period of a nucleus within about one pixel of C, found with the
 * ball method on a disc of radius 2^(GUARD_BITS - bits) (the pixel spacing these bits were chosen
 * for): the first n at which that disc's image around Z(n), of radius |dZ(n)/dC| times the
 * radius, contains 0. A small |Z(n)| alone is not enough: the orbit of the period-8007 nucleus
 * near -0.7436 + 0.1318i (seahorse valley) passes within 2^-23 of 0 at n = 998, 1996, ... and
 * within 2^-121 only at n = 8007.
 */
final class ReferenceOrbit {

    /**
     * The orbit stops at its period only when C is this close to the nucleus, in units of the
     * period's disc (about a pixel): then |Z(p)| is below 2^-24 of every pixel's difference (but
     * that of a pixel at C itself, which is 0), so the rebase that the orbit's end forces there
     * rounds nothing away. A reference merely within a pixel of a nucleus runs on to the limit, and
     * its pixels rebase at the period only where |Z(m)| <= |dz| (see {@link Perturbation}).
     */
    private static final Ext AT_NUCLEUS = Ext.of(0x1p-24);

    /** Entries below 2^TINY_EXPONENT in magnitude are also kept with an exponent. */
    static final int TINY_EXPONENT = -300;

    final BigInteger cRe;
    final BigInteger cIm;
    final int bits;
    final double[] re;
    final double[] im;
    final double[] tinyRe;
    final double[] tinyIm;
    final int[] tinyExponent;
    private final int maxIterations;
    private final boolean escaped;
    /** Whether the orbit stopped at its period, C being at the nucleus ({@link #AT_NUCLEUS}). */
    private final boolean atNucleus;
    private final int period;
    private final long nanos;
    private final long bytes;
    /** Built on first use; immutable, so a racy second build is harmless. */
    private PeriodBall periodBall;

    private ReferenceOrbit(BigInteger cRe, BigInteger cIm, int bits, int period, int maxIterations, double[] re,
            double[] im, double[] tinyRe, double[] tinyIm, int[] tinyExponent, boolean escaped, boolean atNucleus,
            long nanos) {
        this.cRe = cRe;
        this.cIm = cIm;
        this.bits = bits;
        this.maxIterations = maxIterations;
        this.re = re;
        this.im = im;
        this.tinyRe = tinyRe;
        this.tinyIm = tinyIm;
        this.tinyExponent = tinyExponent;
        this.escaped = escaped;
        this.atNucleus = atNucleus;
        this.nanos = nanos;
        this.period = period;
        this.bytes = bytesFor(re.length, period) + HeapBytes.of(cRe) + HeapBytes.of(cIm);
    }

    /**
     * Bytes of an orbit of {@code length} points and the given period: four double and one int
     * array of that length, and the period ball's ({@link PeriodBall#bytes}), counted from the start
     * although it is built on first use, so that the figure never changes.
     */
    static long bytesFor(int length, int period) {
        return 80 + 4 * HeapBytes.array(length, Double.BYTES) + HeapBytes.array(length, Integer.BYTES)
                + (period > 0 ? PeriodBall.bytes(period) : 0);
    }

    /**
     * Iterates C = (cRe + i cIm) / 2^bits up to {@code maxIterations} or escape. Checks
     * {@code cancelled} every 1024 iterations and throws {@link CancellationException} if set.
     */
    static ReferenceOrbit compute(BigInteger cRe, BigInteger cIm, int bits, int maxIterations, BooleanSupplier cancelled) {
        return compute(cRe, cIm, bits, Ext.of(1.0, DeepRenderer.GUARD_BITS - bits), maxIterations, cancelled);
    }

    /** As above, with the ball radius for {@link #period()} given (tests use a coarser one). */
    static ReferenceOrbit compute(BigInteger cRe, BigInteger cIm, int bits, Ext periodRadius, int maxIterations,
            BooleanSupplier cancelled) {
        long start = System.nanoTime();
        int capacity = Math.min(maxIterations, 1 << 16) + 1;
        double[] re = new double[capacity];
        double[] im = new double[capacity];
        double[] tinyRe = new double[capacity];
        double[] tinyIm = new double[capacity];
        int[] tinyExponent = new int[capacity];
        BigInteger four = BigInteger.valueOf(4).shiftLeft(bits);
        BigInteger zr = BigInteger.ZERO;
        BigInteger zi = BigInteger.ZERO;
        boolean escaped = false;
        boolean atNucleus = false;
        int period = 0;
        ExtComplex dZdC = ExtComplex.ZERO;
        int n = 0;
        while (true) {
            if (n == re.length) {
                int grown = (int) Math.min((long) maxIterations + 1, 2L * re.length);
                re = Arrays.copyOf(re, grown);
                im = Arrays.copyOf(im, grown);
                tinyRe = Arrays.copyOf(tinyRe, grown);
                tinyIm = Arrays.copyOf(tinyIm, grown);
                tinyExponent = Arrays.copyOf(tinyExponent, grown);
            }
            store(n, zr, zi, bits, re, im, tinyRe, tinyIm, tinyExponent);
            if (n > 0 && period == 0) {
                dZdC = ExtComplex.of(tinyRe[n - 1], tinyIm[n - 1], tinyExponent[n - 1]).multiply(dZdC).multiply(2)
                        .add(ExtComplex.ONE);
                if (nearNucleus(tinyRe[n], tinyIm[n], tinyExponent[n], dZdC, periodRadius)) {
                    period = n;
                    if (nearNucleus(tinyRe[n], tinyIm[n], tinyExponent[n], dZdC, periodRadius.multiply(AT_NUCLEUS))) {
                        atNucleus = true;
                        break;
                    }
                }
            }
            // zr^2, zi^2 and (zr + zi)^2 give the new orbit point with three squarings.
            BigInteger r2 = Fixed.square(zr, bits);
            BigInteger i2 = Fixed.square(zi, bits);
            if (r2.add(i2).compareTo(four) > 0) {
                escaped = true;
                break;
            }
            if (n == maxIterations) {
                break;
            }
            if ((n & 1023) == 1023 && cancelled.getAsBoolean()) {
                throw new CancellationException("reference orbit cancelled");
            }
            BigInteger s = Fixed.square(zr.add(zi), bits);
            zi = s.subtract(r2).subtract(i2).add(cIm);
            zr = r2.subtract(i2).add(cRe);
            n++;
        }
        int length = n + 1;
        if (length < re.length) { // the orbit ended early: trim (an orbit that ran to the limit is exactly as long)
            re = Arrays.copyOf(re, length);
            im = Arrays.copyOf(im, length);
            tinyRe = Arrays.copyOf(tinyRe, length);
            tinyIm = Arrays.copyOf(tinyIm, length);
            tinyExponent = Arrays.copyOf(tinyExponent, length);
        }
        return new ReferenceOrbit(cRe, cIm, bits, period, maxIterations, re, im, tinyRe, tinyIm, tinyExponent, escaped,
                atNucleus, System.nanoTime() - start);
    }

    private static void store(int n, BigInteger zr, BigInteger zi, int bits, double[] re, double[] im,
            double[] tinyRe, double[] tinyIm, int[] tinyExponent) {
        re[n] = Fixed.toDouble(zr, bits);
        im[n] = Fixed.toDouble(zi, bits);
        int e = Math.max(zr.bitLength(), zi.bitLength()) - bits;
        if (e < TINY_EXPONENT) {
            if (zr.signum() == 0 && zi.signum() == 0) {
                tinyExponent[n] = Ext.ZERO_EXPONENT;
            } else {
                tinyRe[n] = Fixed.scaled(zr, bits, -e);
                tinyIm[n] = Fixed.scaled(zi, bits, -e);
                tinyExponent[n] = e;
            }
        } else {
            tinyRe[n] = re[n];
            tinyIm[n] = im[n];
        }
    }

    /**
     * The period of a nucleus within about a pixel of C (see the class comment), or 0 if there is
     * none. Pixels may rebase there (see {@link Perturbation}): for a reference at a nucleus Z(p) is
     * far below every pixel's difference, so the rebase loses nothing and a pixel inside the
     * minibrot repeats its state exactly.
     */
    int period() {
        return period;
    }

    /** The interior prover over one period, or null if the orbit has no period. */
    PeriodBall periodBall() {
        PeriodBall b = periodBall;
        if (b == null && period > 0) {
            b = new PeriodBall(this);
            periodBall = b;
        }
        return b;
    }

    /** Where pixels may rebase: the period if there is one, else the last stored index. */
    int rebaseIndex() {
        return period > 0 ? period : last();
    }

    /**
     * Whether the disc of parameters of {@code radius} around C maps to a disc around Z(n) (given as
     * mantissas and exponent, as stored) that contains 0: |Z(n)| < |dZ(n)/dC| radius, with dZ/dC in
     * extended range (it can pass 2^1000). The first n where it does is the period.
     */
    private static boolean nearNucleus(double re, double im, int exponent, ExtComplex dZdC, Ext radius) {
        ExtComplex z = ExtComplex.of(re, im, exponent);
        return z.abs().compareTo(dZdC.abs().multiply(radius)) < 0;
    }

    /** The last stored index: at most maxIterations. */
    int last() {
        return re.length - 1;
    }

    boolean escaped() {
        return escaped;
    }

    int maxIterations() {
        return maxIterations;
    }

    /**
     * Whether this orbit can serve a render of {@code maxIterations}: it is long enough, escaped, or
     * stopped at its period (every pixel rebases there, whatever its limit).
     */
    boolean covers(int iterations) {
        return escaped || atNucleus || maxIterations >= iterations;
    }

    long nanos() {
        return nanos;
    }

    /** Bytes this orbit holds, its period ball included ({@link #bytesFor}); fixed at construction. */
    long bytes() {
        return bytes;
    }
}
