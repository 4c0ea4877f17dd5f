package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExtTest {

    @Test
    void decimalsFarBelowTheDoubleRangeKeepTheirMantissaAndExponent() {
        Ext e = Ext.of(new BigDecimal("3e-1000"));
        // 3e-1000 = m * 2^k with k = floor(log2(3e-1000)) = -3321
        assertThat(e.exponent()).isEqualTo(-3321);
        assertThat(Math.log10(e.mantissa()) + e.exponent() * Math.log10(2)).isCloseTo(Math.log10(3) - 1000, within(1e-12));
    }

    @Test
    void arithmeticWorksWhereDoublesWouldUnderflow() {
        Ext tiny = Ext.of(new BigDecimal("1e-400"));
        Ext product = tiny.multiply(tiny); // 1e-800
        assertThat(product.exponent()).isEqualTo((int) Math.floor(-800 / Math.log10(2)));
        assertThat(tiny.add(tiny).divide(tiny).toDouble()).isCloseTo(2.0, within(1e-15));
        assertThat(tiny.subtract(tiny).isZero()).isTrue();
        assertThat(tiny.compareTo(product)).isPositive();
        assertThat(tiny.negate().compareTo(product.negate())).isNegative();
        assertThat(Ext.of(0.75).add(Ext.of(0.5)).toDouble()).isEqualTo(1.25);
    }

    @Test
    void complexProductsKeepOneSharedExponent() {
        ExtComplex a = ExtComplex.of(3, 4, -2000); // (3 + 4i) 2^-2000
        ExtComplex b = a.multiply(a.reciprocal());
        assertThat(b.reScaled(0)).isCloseTo(1.0, within(1e-15));
        assertThat(b.imScaled(0)).isCloseTo(0.0, within(1e-15));
        assertThat(a.abs().exponent()).isEqualTo(-2000 + 2); // |a| = 5 * 2^-2000
        assertThat(a.add(ExtComplex.ZERO)).isEqualTo(a);
    }
}
