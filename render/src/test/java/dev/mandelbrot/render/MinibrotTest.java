package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinibrotTest {

    @Test
    void findsTheAirshipNucleusOfPeriodThree() {
        Minibrot m = Minibrot.find(new BigDecimal("-1.75"), BigDecimal.ZERO, new BigDecimal("0.01"), 100).orElseThrow();
        assertThat(m.period()).isEqualTo(3);
        // The real root of c^3 + 2c^2 + c + 1 = 0 (z(3) = 0); the size (~0.02) calls for ~20 digits.
        assertThat(m.re().round(new MathContext(20))).isEqualByComparingTo("-1.7548776662466927600");
        assertThat(m.im().abs().compareTo(new BigDecimal("1e-30"))).isNegative();
        assertThat(m.size().doubleValue()).isCloseTo(0.019, within(0.003));
    }

    @Test
    void theNucleusIsARootOfItsPeriodicOrbitToTheReturnedDigits() {
        Minibrot m = Minibrot.find(new BigDecimal("-0.7436438870371587"), new BigDecimal("0.1318259042053119"),
                new BigDecimal("1e-4"), 1000).orElseThrow();
        MathContext mc = new MathContext(200);
        BigDecimal zr = BigDecimal.ZERO;
        BigDecimal zi = BigDecimal.ZERO;
        for (int n = 0; n < m.period(); n++) {
            BigDecimal t = zr.multiply(zr, mc).subtract(zi.multiply(zi, mc)).add(m.re(), mc);
            zi = zr.multiply(zi, mc).multiply(BigDecimal.TWO).add(m.im(), mc);
            zr = t;
        }
        // |z(p)| is tiny compared with the minibrot: the centre is right to well within its size.
        assertThat(zr.abs().max(zi.abs()).compareTo(m.size().multiply(new BigDecimal("1e-6")))).isNegative();
        assertThat(m.period()).isGreaterThan(3);
    }

    /**
     * The ball method is first order: its disc can "contain" a nucleus that Newton then finds
     * well outside it (the period-2 bulb's at -1, from a disc of radius 0.05 around
     * -0.75 + 0.1i, 0.27 away). What is returned lies in the disc searched, or nothing does.
     */
    @ParameterizedTest(name = "({0}, {1}) r = {2}")
    @CsvSource({"-0.75, 0.1, 0.05", "-0.1, 0.9, 0.005", "-1.75, 0, 0.01", "-0.7436438870371587, 0.1318259042053119, 1e-10",
            "0.2821, 0.53, 0.001", "-1.25, 0.02, 0.01"})
    void whatIsFoundLiesInTheDiscSearched(String re, String im, String radius) {
        BigDecimal r = new BigDecimal(radius);
        Optional<Minibrot> found = Minibrot.find(new BigDecimal(re), new BigDecimal(im), r, 500);

        found.ifPresent(m -> {
            BigDecimal dr = m.re().subtract(new BigDecimal(re));
            BigDecimal di = m.im().subtract(new BigDecimal(im));
            assertThat(dr.multiply(dr).add(di.multiply(di))).as("squared distance of period %d's nucleus", m.period())
                    .isLessThanOrEqualTo(r.multiply(r));
        });
    }

    /**
     * A wide disc around a centre outside the set holds the main cardioid's nucleus, 0: the
     * centre's orbit escapes at once, and the ball method must still look at that first step
     * (exact at n = 1), and Newton take the long step to 0.
     */
    @ParameterizedTest(name = "({0}, {1}) r = {2}")
    @CsvSource({"3, 0, 3.5", "10, 10, 50", "2, 0, 2.5", "-2.5, 0, 3"})
    void aWideDiscAroundAPointOutsideTheSetFindsTheNucleusAtZero(String re, String im, String radius) {
        Minibrot m = Minibrot.find(new BigDecimal(re), new BigDecimal(im), new BigDecimal(radius), 500).orElseThrow();

        assertThat(m.period()).isEqualTo(1);
        assertThat(m.re().signum()).isZero();
        assertThat(m.im().signum()).isZero();
    }

    @Test
    void noPeriodWithinTheLimitGivesNothing() {
        assertThat(Minibrot.find(new BigDecimal("0.5"), new BigDecimal("0.5"), new BigDecimal("1e-10"), 50)).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        assertThatThrownBy(() -> Minibrot.find(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius");
        assertThatThrownBy(() -> Minibrot.find(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPeriod");
        assertThatThrownBy(() -> Minibrot.find(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("1e-6000"), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius too small");
    }
}
