package dev.mandelbrot.render.deep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.stream.IntStream;

/**
 * The slow, obviously-right renderer the perturbation engine is checked against: every pixel
 * iterated on its own in fixed-point BigInteger arithmetic straight from the definition
 * (z(0) = 0, z(n+1) = z(n)^2 + c, count = first n with |z(n)| > 2, -1 if none by maxIterations).
 * Pixel centres are computed in BigDecimal. Shares no code with the engine.
 */
final class DirectRenderer {

    private DirectRenderer() {
    }

    static int[] render(BigDecimal re, BigDecimal im, BigDecimal span, int width, int height, int maxIterations, int bits) {
        int[] counts = new int[width * height];
        IntStream.range(0, width * height).parallel().forEach(p -> counts[p] = pixel(re, im, span, width, height,
                p % width, p / width, maxIterations, bits));
        return counts;
    }

    /** The count of pixel (i, j) of the view (same geometry as the engine: row 0 on top). */
    static int pixel(BigDecimal re, BigDecimal im, BigDecimal span, int width, int height, int i, int j, int maxIterations,
            int bits) {
        BigDecimal step = span.divide(BigDecimal.valueOf(width), new MathContext(60));
        BigDecimal scale = new BigDecimal(BigInteger.ONE.shiftLeft(bits));
        BigDecimal cr = re.add(step.multiply(BigDecimal.valueOf(2L * i + 1 - width).divide(BigDecimal.TWO)));
        BigDecimal ci = im.subtract(step.multiply(BigDecimal.valueOf(2L * j + 1 - height).divide(BigDecimal.TWO)));
        return iterate(cr.multiply(scale).toBigInteger(), ci.multiply(scale).toBigInteger(), bits, maxIterations);
    }

    static int iterate(BigInteger cr, BigInteger ci, int bits, int maxIterations) {
        BigInteger four = BigInteger.valueOf(4).shiftLeft(bits);
        BigInteger x = BigInteger.ZERO;
        BigInteger y = BigInteger.ZERO;
        for (int n = 0; ; n++) {
            BigInteger xx = x.multiply(x).shiftRight(bits);
            BigInteger yy = y.multiply(y).shiftRight(bits);
            if (xx.add(yy).compareTo(four) > 0) {
                return n;
            }
            if (n == maxIterations) {
                return -1;
            }
            BigInteger sum = x.add(y);
            BigInteger twoXy = sum.multiply(sum).shiftRight(bits).subtract(xx).subtract(yy); // squarings beat products
            x = xx.subtract(yy).add(cr);
            y = twoXy.add(ci);
        }
    }
}
