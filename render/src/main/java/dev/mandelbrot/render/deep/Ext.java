package dev.mandelbrot.render.deep;

import java.math.BigDecimal;

/**
 * A real number with a double mantissa and a separate int exponent: value = mantissa * 2^exponent,
 * with 1 <= |mantissa| < 2 or mantissa = 0. Doubles stop at about 1e-308; this reaches
 * 2^(+-2^31). Used where speed does not matter (building tables, per-image set-up); the per-pixel
 * loops keep their own mantissa/exponent pairs in locals instead of allocating these.
 */
record Ext(double mantissa, int exponent) implements Comparable<Ext> {

    static final Ext ZERO = new Ext(0, 0);
    /** Exponent used for zero so that it never wins an alignment. */
    static final int ZERO_EXPONENT = -(1 << 24);

    static Ext of(double m, int e) {
        if (m == 0 || Double.isNaN(m)) {
            return ZERO;
        }
        int k = Math.getExponent(m);
        if (k < Double.MIN_EXPONENT) { // subnormal: lift it into the normal range first
            m *= 0x1p600;
            e -= 600;
            k = Math.getExponent(m);
        }
        return new Ext(Math.scalb(m, -k), e + k);
    }

    static Ext of(double v) {
        return of(v, 0);
    }

    /** The value of {@code v} (exact decimal) to double precision, at any magnitude. */
    static Ext of(BigDecimal v) {
        if (v.signum() == 0) {
            return ZERO;
        }
        // v = unscaled * 10^-scale; scale it by a power of two into a 64-bit-or-more integer.
        int decimalExponent = v.precision() - v.scale(); // 10^(d-1) <= |v| < 10^d
        int bits = 64 - (int) Math.floor(decimalExponent * 3.321928094887362);
        return of(Fixed.scaled(Fixed.of(v, bits), 0, 0), -bits);
    }

    double toDouble() {
        return Math.scalb(mantissa, exponent);
    }

    boolean isZero() {
        return mantissa == 0;
    }

    int exponentOrZero() {
        return mantissa == 0 ? ZERO_EXPONENT : exponent;
    }

    Ext multiply(Ext o) {
        return of(mantissa * o.mantissa, exponent + o.exponent);
    }

    Ext divide(Ext o) {
        return of(mantissa / o.mantissa, exponent - o.exponent);
    }

    Ext add(Ext o) {
        if (isZero()) {
            return o;
        }
        if (o.isZero()) {
            return this;
        }
        int e = Math.max(exponent, o.exponent);
        return of(align(mantissa, exponent - e) + align(o.mantissa, o.exponent - e), e);
    }

    Ext negate() {
        return new Ext(-mantissa, exponent);
    }

    Ext subtract(Ext o) {
        return add(o.negate());
    }

    Ext abs() {
        return new Ext(Math.abs(mantissa), exponent);
    }

    Ext min(Ext o) {
        return compareTo(o) <= 0 ? this : o;
    }

    Ext max(Ext o) {
        return compareTo(o) >= 0 ? this : o;
    }

    @Override
    public int compareTo(Ext o) {
        int s = Double.compare(Math.signum(mantissa), Math.signum(o.mantissa));
        if (s != 0 || mantissa == 0) {
            return s;
        }
        if (exponent != o.exponent) {
            return mantissa > 0 ? Integer.compare(exponent, o.exponent) : Integer.compare(o.exponent, exponent);
        }
        return Double.compare(mantissa, o.mantissa);
    }

    /** m * 2^shift for shift <= 0, clamped so that Math.scalb never sees an absurd exponent. */
    static double align(double m, int shift) {
        return Math.scalb(m, Math.max(shift, -2000));
    }

    /** scalb with the exponent clamped to a range where the result is 0 or infinite anyway. */
    static double scalb(double m, int shift) {
        return Math.scalb(m, Math.clamp(shift, -4000, 4000));
    }
}
