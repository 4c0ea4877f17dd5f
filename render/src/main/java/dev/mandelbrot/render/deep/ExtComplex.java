package dev.mandelbrot.render.deep;

/**
 * A complex number with one shared exponent: (re + i im) * 2^exponent, max(|re|, |im|) in [1, 2)
 * or both zero. Set-up arithmetic only (tables, nucleus finding); see {@link Ext}.
 */
record ExtComplex(double re, double im, int exponent) {

    static final ExtComplex ZERO = new ExtComplex(0, 0, Ext.ZERO_EXPONENT);
    static final ExtComplex ONE = new ExtComplex(1, 0, 0);

    static ExtComplex of(double re, double im, int e) {
        double mag = Math.max(Math.abs(re), Math.abs(im));
        if (mag == 0 || Double.isNaN(mag)) {
            return ZERO;
        }
        int k = Math.getExponent(mag);
        if (k < Double.MIN_EXPONENT) {
            re *= 0x1p600;
            im *= 0x1p600;
            e -= 600;
            k = Math.getExponent(Math.max(Math.abs(re), Math.abs(im)));
        }
        return new ExtComplex(Math.scalb(re, -k), Math.scalb(im, -k), e + k);
    }

    static ExtComplex of(double re, double im) {
        return of(re, im, 0);
    }

    boolean isZero() {
        return re == 0 && im == 0;
    }

    ExtComplex multiply(ExtComplex o) {
        return of(re * o.re - im * o.im, re * o.im + im * o.re, exponent + o.exponent);
    }

    ExtComplex multiply(double k) {
        return of(re * k, im * k, exponent);
    }

    ExtComplex add(ExtComplex o) {
        if (isZero()) {
            return o;
        }
        if (o.isZero()) {
            return this;
        }
        int e = Math.max(exponent, o.exponent);
        int a = exponent - e;
        int b = o.exponent - e;
        return of(Ext.align(re, a) + Ext.align(o.re, b), Ext.align(im, a) + Ext.align(o.im, b), e);
    }

    ExtComplex reciprocal() {
        double d = re * re + im * im;
        return of(re / d, -im / d, -exponent);
    }

    Ext abs() {
        return isZero() ? Ext.ZERO : Ext.of(Math.hypot(re, im), exponent);
    }

    /** This value scaled by 2^-scaleExponent, as a plain double pair (re part). */
    double reScaled(int scaleExponent) {
        return Ext.scalb(re, exponent - scaleExponent);
    }

    double imScaled(int scaleExponent) {
        return Ext.scalb(im, exponent - scaleExponent);
    }
}
