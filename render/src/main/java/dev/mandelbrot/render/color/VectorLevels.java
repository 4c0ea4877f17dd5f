package dev.mandelbrot.render.color;

import dev.mandelbrot.render.simd.VectorLog;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Internal: {@link Colouring}'s gradient levels a vector of pixels at a time, on the Vector API;
 * {@code Colouring.level} is its scalar twin and the fallback when the module is absent.
 *
 * <p>Written by hand because colouring is a logarithm per pixel: done one pixel at a time it cost
 * about as much as the PNG encoding after it (~10 ms of CPU per megapixel). The formula and the
 * order of its operations are the scalar ones; only the logarithm differs ({@link VectorLog}'s,
 * within 3e-11 of {@code Math.log}'s, so a pixel lying on the border of two levels may fall on
 * the other side; the result is as deterministic as the scalar one).
 */
final class VectorLevels {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = DOUBLES.length();
    private static final VectorShape HALF = VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, HALF);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, HALF);
    private static final double TWO_52 = 0x1p52;
    private static final double LN2 = 0.6931471805599453;

    private VectorLevels() {}

    /**
     * {@code out[at + p - from]} for p in [from, to): the gradient level of {@code smooth[p]}, i.e.
     * {@code min((int) (frac(offset + scale * ln(1 + s)) * levels), levels - 1)}, or
     * {@code levels} for an interior pixel ({@code s < 0}).
     */
    static void levels(float[] smooth, int from, int to, double offset, double scale, int levels, int[] out, int at) {
        if (to - from < LANES) {
            // fewer pixels than a vector: through a padded copy
            float[] padded = new float[LANES];
            int[] paddedOut = new int[LANES];
            System.arraycopy(smooth, from, padded, 0, to - from);
            levelsOf(padded, 0, offset, scale, levels, paddedOut, 0);
            System.arraycopy(paddedOut, 0, out, at, to - from);
            return;
        }
        // whole vectors with plain loads and stores (masked ones are slow on AMD); the last one
        // ends at `to`, overlapping the one before: its pixels get the same levels again
        for (int p = from; p < to; p += LANES) {
            int q = Math.min(p, to - LANES);
            levelsOf(smooth, q, offset, scale, levels, out, at + q - from);
        }
    }

    /** The levels of the {@code LANES} pixels at {@code smooth[p]}, to {@code out[o]}. */
    private static void levelsOf(float[] smooth, int p, double offset, double scale, int levels, int[] out, int o) {
        FloatVector s = FloatVector.fromArray(FLOATS, smooth, p);
        var sd = (DoubleVector) s.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector t = VectorLog.log2(sd.add(1.0)).mul(scale * LN2).add(offset);
        // floor(t): round to an integer, then step down where rounding went up. Below 2^52,
        // adding and taking away 2^52 (towards the sign of t) leaves no fraction bits, so the
        // sum rounds t to the nearest integer, exactly; from 2^52 on every double is one.
        // Not a conversion to long and back: AVX2 has no such instruction (AVX-512DQ does),
        // and where C2 cannot emit one the Vector API runs the operation as plain Java,
        // boxed: colouring a megapixel took 17 ms on Zen 3 against 1.2 on Zen 4.
        DoubleVector up = t.add(TWO_52).sub(TWO_52);
        DoubleVector down = t.sub(TWO_52).add(TWO_52);
        DoubleVector rounded = up.blend(down, t.compare(VectorOperators.LT, 0.0))
                .blend(t, t.abs().compare(VectorOperators.GE, TWO_52));
        DoubleVector floor = rounded.sub(1.0, rounded.compare(VectorOperators.GT, t));
        var level = (IntVector) t.sub(floor).mul(levels).convertShape(VectorOperators.D2I, INTS, 0);
        level.min(levels - 1).blend(levels, s.compare(VectorOperators.LT, 0f).cast(INTS)).intoArray(out, o);
    }
}
