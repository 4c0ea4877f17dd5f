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
 *
 * <p>Also {@link LevelTable}'s lookups a vector at a time ({@link #lookUp}): cell numbers from the
 * float bits, then two gathers. Here because this is the one class of the package on the Vector
 * API.
 */
final class VectorLevels {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = DOUBLES.length();
    private static final VectorShape HALF = VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, HALF);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, HALF);
    /** {@link LevelTable}'s lookups: floats and ints on full-width vectors (twice {@link #LANES}). */
    private static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> WIDE_INTS = IntVector.SPECIES_PREFERRED;
    /** The lookups' levels narrowed to bytes (no vector is under 64 bits). */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, WIDE_INTS.vectorBitSize() / 4)));
    /** Lanes of a table lookup. */
    static final int TABLE_LANES = WIDE_INTS.length();
    /**
     * Whether {@link #lookUp} runs here: not on 128-bit vectors, whose four levels would narrow
     * to a vector of eight bytes (LevelTable then loops in plain Java).
     */
    static final boolean LOOKUPS = BYTES.length() == TABLE_LANES;
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

    /**
     * The largest of the bits of {@code smooth[from, to)} read as ints, or 0 if all are negative;
     * for {@code to - from >= TABLE_LANES}.
     */
    static int maxBits(float[] smooth, int from, int to) {
        IntVector most = IntVector.zero(WIDE_INTS);
        for (int p = from; p < to; p += TABLE_LANES) {
            int q = Math.min(p, to - TABLE_LANES);
            most = most.max(FloatVector.fromArray(WIDE_FLOATS, smooth, q).reinterpretAsInts());
        }
        return most.reduceLanes(VectorOperators.MAX);
    }

    /**
     * {@link LevelTable#levels(float[], int, int, byte[], byte)} a vector at a time, for
     * {@code to - from >= TABLE_LANES}: the cells' two ints for each lane by two gathers.
     */
    static void lookUp(float[] smooth, int from, int to, int[] cells, int shift, int base, byte[] out, byte interior) {
        int[] index = new int[TABLE_LANES];
        for (int p = from; p < to; p += TABLE_LANES) {
            int q = Math.min(p, to - TABLE_LANES); // the last vector ends at `to`, as in levels()
            lookUp(smooth, q, cells, shift, base, index, interior)
                    .convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(out, q);
        }
    }

    /** As the byte form, as ints into {@code out[at + p - from]}. */
    static void lookUp(float[] smooth, int from, int to, int[] cells, int shift, int base, int[] out, int at, int interior) {
        int[] index = new int[TABLE_LANES];
        for (int p = from; p < to; p += TABLE_LANES) {
            int q = Math.min(p, to - TABLE_LANES);
            lookUp(smooth, q, cells, shift, base, index, interior).intoArray(out, at + q - from);
        }
    }

    /** The levels of the {@code TABLE_LANES} pixels at {@code smooth[p]}: {@code LevelTable.level}'s formula. */
    private static IntVector lookUp(float[] smooth, int p, int[] cells, int shift, int base, int[] index, int interior) {
        IntVector bits = FloatVector.fromArray(WIDE_FLOATS, smooth, p).add(0f).reinterpretAsInts();
        // the cell's two ints are at 2c and 2c + 1: the gathers take their indices from an array
        bits.lanewise(VectorOperators.ASHR, shift).max(base).sub(base)
                .lanewise(VectorOperators.LSHL, 1).intoArray(index, 0);
        IntVector change = IntVector.fromArray(WIDE_INTS, cells, 0, index, 0);
        IntVector both = IntVector.fromArray(WIDE_INTS, cells, 1, index, 0);
        IntVector level = both.and(0xFFF)
                .blend(both.lanewise(VectorOperators.LSHR, 12), bits.compare(VectorOperators.GE, change));
        return level.blend(interior, bits.compare(VectorOperators.LT, 0));
    }
}
