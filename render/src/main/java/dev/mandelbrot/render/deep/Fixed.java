package dev.mandelbrot.render.deep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Signed binary fixed-point numbers on {@link BigInteger}: a pair (x, bits) stands for
 * x / 2^bits. The reference orbit and the nucleus finder use this rather than
 * {@link BigDecimal}: one Mandelbrot iteration at 330 significant digits costs about 1.8 us here
 * against 26-44 us with {@code BigDecimal} and a {@code MathContext}, and the gap widens with the
 * digits (see {@code DeepArithmeticBenchmark} and docs/BENCHMARKS.md, "Deep zoom").
 */
final class Fixed {

    private static final BigInteger FIVE = BigInteger.valueOf(5);

    private Fixed() {
    }

    /** {@code v * 2^bits}, truncated towards zero (an error below one unit in the last place). */
    static BigInteger of(BigDecimal v, int bits) {
        BigInteger unscaled = v.unscaledValue();
        int scale = v.scale();
        if (scale <= 0) {
            return unscaled.multiply(BigInteger.TEN.pow(-scale)).shiftLeft(bits);
        }
        return unscaled.shiftLeft(bits).divide(BigInteger.TEN.pow(scale));
    }

    /** The exact decimal value of x / 2^bits, rounded to {@code fractionDigits} after the point. */
    static BigDecimal toBigDecimal(BigInteger x, int bits, int fractionDigits) {
        BigDecimal exact = new BigDecimal(x.multiply(FIVE.pow(bits)), bits);
        return exact.setScale(fractionDigits, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /** x * 2^(shift - bits) as a double (rounded; underflows to 0, overflows to infinity). */
    static double scaled(BigInteger x, int bits, int shift) {
        int excess = x.bitLength() - 62;
        if (excess > 0) {
            return Math.scalb((double) x.shiftRight(excess).longValue(), excess + shift - bits);
        }
        return Math.scalb((double) x.longValue(), shift - bits);
    }

    /** x / 2^bits as a double. */
    static double toDouble(BigInteger x, int bits) {
        return scaled(x, bits, 0);
    }

    /** An e with |x / 2^bits| < 2^e <= 4 |x / 2^bits| (for x != 0). */
    static int exponent(BigInteger x, int bits) {
        return x.bitLength() - bits;
    }

    /** The square of x, rounded back to {@code bits} fraction bits ({@code multiply(self)} squares). */
    static BigInteger square(BigInteger x, int bits) {
        return x.multiply(x).shiftRight(bits);
    }

    static BigInteger multiply(BigInteger x, BigInteger y, int bits) {
        return x.multiply(y).shiftRight(bits);
    }
}
