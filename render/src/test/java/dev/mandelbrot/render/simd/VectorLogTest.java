package dev.mandelbrot.render.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorLogTest {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final double LOG2_E = 1.4426950408889634;

    /** log2 of every value, a vector at a time (the tail padded with ones). */
    private static double[] log2(double[] x) {
        int lanes = SPECIES.length();
        double[] in = java.util.Arrays.copyOf(x, (x.length + lanes - 1) / lanes * lanes);
        java.util.Arrays.fill(in, x.length, in.length, 1.0);
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i += lanes) {
            VectorLog.log2(DoubleVector.fromArray(SPECIES, in, i)).intoArray(out, i);
        }
        return out;
    }

    private static double worstError(double[] x) {
        double[] got = log2(x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - Math.log(x[i]) * LOG2_E));
        }
        return worst;
    }

    @Test
    void powersOfTwoAreExact() {
        double[] x = new double[2046];
        for (int e = -1022; e <= 1023; e++) {
            x[e + 1022] = Math.scalb(1.0, e);
        }
        double[] got = log2(x);
        for (int e = -1022; e <= 1023; e++) {
            assertThat(got[e + 1022]).as("log2 2^%d", e).isEqualTo((double) e);
        }
    }

    @Test
    void withinThreeTimesTenToTheMinusElevenOfMathLogAcrossTheNormalRange() {
        var random = new SplittableRandom(7);
        double[] x = new double[100_003];
        for (int i = 0; i < x.length; i++) {
            // a uniform mantissa at a random exponent, so every part of [1, 2) is sampled
            x[i] = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1022, 1024));
        }
        assertThat(worstError(x)).isLessThan(3e-11);
    }

    @Test
    void theRangesTheCallersUse() {
        // smooth values: |z|^2 from R^2 = 65536 up to far past it, then log2 of that over 16;
        // colouring: 1 + s for smooth values s from 0 to a million
        var random = new SplittableRandom(11);
        double[] x = new double[60_000];
        for (int i = 0; i < x.length; i += 3) {
            x[i] = 65536.0 * (1.0 + random.nextDouble() * 65536.0);
            x[i + 1] = 1.0 + random.nextDouble() * 4.0;
            x[i + 2] = 1.0 + random.nextDouble() * 1e6;
        }
        assertThat(worstError(x)).isLessThan(3e-11);
    }

    @Test
    void aroundTheSquareRootOfTwoWhereTheMantissaIsHalved() {
        double[] x = new double[2000];
        double s = Math.sqrt(2);
        for (int i = 0; i < 1000; i++) {
            x[2 * i] = s + (i - 500) * Math.ulp(s);
            x[2 * i + 1] = Math.scalb(x[2 * i], 40);
        }
        assertThat(worstError(x)).isLessThan(3e-11);
    }
}
