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
 * <p>The orbit stops at the first n with |Z(n)| > 2 (the reference escaped: {@link #escaped()})
 * or at n = maxIterations; {@link #last()} is the last stored index.
 */
final class ReferenceOrbit {

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
    private final int period;
    private final long nanos;

    private ReferenceOrbit(BigInteger cRe, BigInteger cIm, int bits, int maxIterations, double[] re, double[] im,
            double[] tinyRe, double[] tinyIm, int[] tinyExponent, boolean escaped, long nanos) {
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
        this.nanos = nanos;
        this.period = firstNearZero(tinyRe, tinyIm, tinyExponent);
    }

    /**
     * Iterates C = (cRe + i cIm) / 2^bits up to {@code maxIterations} or escape. Checks
     * {@code cancelled} every 1024 iterations and throws {@link CancellationException} if set.
     */
    static ReferenceOrbit compute(BigInteger cRe, BigInteger cIm, int bits, int maxIterations, BooleanSupplier cancelled) {
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
        return new ReferenceOrbit(cRe, cIm, bits, maxIterations, Arrays.copyOf(re, length), Arrays.copyOf(im, length),
                Arrays.copyOf(tinyRe, length), Arrays.copyOf(tinyIm, length), Arrays.copyOf(tinyExponent, length),
                escaped, System.nanoTime() - start);
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
     * The first n >= 1 with |Z(n)| < 2^-20, or 0 if none: for a reference at (or near) a nucleus,
     * its period. Pixels rebase there (see {@link Perturbation}); rebasing is exact anywhere, and
     * doing it at the period makes a pixel inside the minibrot repeat its state exactly.
     */
    int period() {
        return period;
    }

    /** Where pixels rebase: the period if there is one, else the last stored index. */
    int rebaseIndex() {
        return period > 0 ? period : last();
    }

    private static int firstNearZero(double[] re, double[] im, int[] exponent) {
        for (int n = 1; n < re.length; n++) {
            double r = Math.max(Math.abs(re[n]), Math.abs(im[n]));
            if (exponent[n] != 0 || r < 0x1p-20) {
                return n;
            }
        }
        return 0;
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

    /** Whether this orbit can serve a render of {@code maxIterations} (it is long enough or escaped). */
    boolean covers(int iterations) {
        return escaped || maxIterations >= iterations;
    }

    long nanos() {
        return nanos;
    }
}
