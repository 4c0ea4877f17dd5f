package dev.mandelbrot.render.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * A base-2 logarithm of double lanes from their bits and a short odd series, for the kernels'
 * smooth values and the colouring's bands.
 *
 * <p>Written by hand because the Vector API's {@code LOG} calls Intel's short-vector maths
 * library at its high-accuracy setting, out of line: on Zen 3 (AVX2) that call was 17% of the
 * seed frame's CPU time, and C2 spills every live vector around it. Smooth values are stored as
 * floats and colour bands are far wider than 1e-10, so an absolute error of 3e-11 is more than
 * enough, and everything here is a plain AVX2 instruction (shifts and logic on 64-bit lanes, one
 * division, multiply-adds): no long-to-double conversion, which AVX2 lacks and which the Vector
 * API would then run as boxed Java.
 *
 * <p>Callers must call {@link #log2} from one place only in a hot method (a loop if they need it
 * twice): a second call site in a large compiled method may be left out of line, and vectors
 * passed to a call that is not inlined are boxed.
 */
public final class VectorLog {

    private static final long EXPONENT_BIAS = 1023;
    private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
    /** The bits of 1.0: a mantissa ORed with them reads as a double in [1, 2). */
    private static final long ONE = 0x3FF0_0000_0000_0000L;
    /** The bits of 2^52: an integer below 2^52 ORed with them reads as 2^52 plus that integer. */
    private static final long TWO_52 = 0x4330_0000_0000_0000L;
    private static final double SQRT2 = 1.4142135623730951;
    /** 2 / ln 2: log2(m) = (2 / ln 2) * atanh(t) with t = (m - 1) / (m + 1). */
    private static final double K = 2.8853900817779268;

    private VectorLog() {}

    /**
     * log2 of every lane, for positive normal finite lanes: absolute error below 3e-11 (the
     * series' first omitted term, {@code K t^13 / 13} with |t| <= 3 - 2 sqrt(2)), plus rounding.
     * Other lanes give finite garbage instead of infinity or NaN; callers clamp the result.
     * {@code x = 2^e * m} with m in [sqrt(1/2), sqrt(2)), and {@code log2 m} is the odd series of
     * atanh, which converges fast on that interval.
     */
    public static DoubleVector log2(DoubleVector x) {
        LongVector bits = x.reinterpretAsLongs();
        DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).lanewise(VectorOperators.OR, TWO_52)
                .reinterpretAsDoubles().sub(0x1p52 + EXPONENT_BIAS);
        DoubleVector m = bits.lanewise(VectorOperators.AND, MANTISSA).lanewise(VectorOperators.OR, ONE)
                .reinterpretAsDoubles();
        VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5), high);
        e = e.add(1.0, high);
        DoubleVector t = m.sub(1.0).div(m.add(1.0));
        DoubleVector t2 = t.mul(t);
        DoubleVector series = t2.lanewise(VectorOperators.FMA, K / 11, K / 9)
                .lanewise(VectorOperators.FMA, t2, K / 7)
                .lanewise(VectorOperators.FMA, t2, K / 5)
                .lanewise(VectorOperators.FMA, t2, K / 3)
                .lanewise(VectorOperators.FMA, t2, K);
        return t.lanewise(VectorOperators.FMA, series, e);
    }
}
