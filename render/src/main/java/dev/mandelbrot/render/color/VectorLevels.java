package dev.mandelbrot.render.color;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
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
 * order of its operations are the scalar ones; only the logarithm differs (the vector one may
 * round the last bit differently, so a pixel lying exactly on the border of two levels may fall
 * on the other side; the result is as deterministic as the scalar one).
 */
final class VectorLevels {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = DOUBLES.length();
    private static final VectorShape HALF = VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, HALF);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, HALF);
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, DOUBLES.vectorShape());

    private VectorLevels() {}

    /**
     * {@code out[at + p - from]} for p in [from, to): the gradient level of {@code smooth[p]}, i.e.
     * {@code min((int) (frac(offset + scale * ln(1 + s)) * levels), levels - 1)}, or
     * {@code levels} for an interior pixel ({@code s < 0}).
     */
    static void levels(float[] smooth, int from, int to, double offset, double scale, int levels, int[] out, int at) {
        for (int p = from; p < to; p += LANES) {
            VectorMask<Float> in = FLOATS.indexInRange(p, to);
            FloatVector s = FloatVector.fromArray(FLOATS, smooth, p, in);
            var sd = (DoubleVector) s.convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector t = sd.add(1.0).lanewise(VectorOperators.LOG).mul(scale).add(offset);
            // floor(t): truncate, then step down where truncation went up (negative t)
            var truncated = (DoubleVector) ((LongVector) t.convertShape(VectorOperators.D2L, LONGS, 0))
                    .convertShape(VectorOperators.L2D, DOUBLES, 0);
            DoubleVector floor = truncated.sub(1.0, truncated.compare(VectorOperators.GT, t));
            var level = (IntVector) t.sub(floor).mul(levels).convertShape(VectorOperators.D2I, INTS, 0);
            level = level.min(levels - 1).blend(levels, s.compare(VectorOperators.LT, 0f).cast(INTS));
            level.intoArray(out, at + p - from, in.cast(INTS));
        }
    }
}
