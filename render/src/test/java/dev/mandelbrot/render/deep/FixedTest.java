package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FixedTest {

    @Test
    void decimalsRoundTripThroughFixedPointToTheRequestedDigits() {
        BigDecimal v = new BigDecimal("-1.25").add(BigDecimal.ONE.movePointLeft(300));
        BigInteger x = Fixed.of(v, 1100);
        assertThat(Fixed.toBigDecimal(x, 1100, 300)).isEqualByComparingTo(v);
        assertThat(Fixed.toDouble(x, 1100)).isEqualTo(-1.25);
    }

    @Test
    void scaledConversionsReachBelowTheDoubleRange() {
        BigInteger x = Fixed.of(new BigDecimal("3e-500"), 2000);
        // 3e-500 * 2^1700 is a normal double; 3e-500 itself is not.
        assertThat(Fixed.scaled(x, 2000, 1700)).isCloseTo(3 * Math.pow(10, -500 + 1700 * Math.log10(2)),
                withinPercentage(1e-6));
        assertThat(Fixed.toDouble(x, 2000)).isZero();
        assertThat(Fixed.exponent(x, 2000)).isEqualTo(-1659); // log2(3e-500) = -1659.38
    }

    @Test
    void squaresAreRoundedBackToTheSameScale() {
        BigInteger one5 = Fixed.of(new BigDecimal("1.5"), 80);
        assertThat(Fixed.toDouble(Fixed.square(one5, 80), 80)).isEqualTo(2.25);
        assertThat(Fixed.toDouble(Fixed.multiply(one5, one5.negate(), 80), 80)).isEqualTo(-2.25);
    }
}
