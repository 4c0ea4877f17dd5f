package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The ball step and containment test of {@link PeriodBall} on the period-29 minibrot within 1e-10 of
 * i (size about 2.6e-21): discs around 0 at its nucleus map into themselves, while a parameter just
 * outside it (escaping, per the direct definition) proves nothing whatever the disc.
 */
class PeriodBallTest {

    private static final Minibrot MB = DeepLocations.nearI(10);
    private static final int BITS = 200;
    private static final ReferenceOrbit ORBIT = ReferenceOrbit.compute(Fixed.of(MB.re(), BITS), Fixed.of(MB.im(), BITS),
            BITS, 1000, () -> false);

    @Test
    void theReferencePeriodIsTheMinibrots() {
        assertThat(ORBIT.period()).isEqualTo(MB.period()).isEqualTo(29);
        assertThat(ORBIT.periodBall().period()).isEqualTo(29);
    }

    @Test
    void atTheNucleusSmallDiscsAroundZeroMapIntoThemselves() {
        PeriodBall ball = ORBIT.periodBall();
        // f^p(z) is about a z^2 near 0 (superattracting): discs small against 1/|a| contract.
        for (int k = 40; k <= 100; k += 10) { // (2^-32 to 2^-102 all work; larger ones leave the basin)
            assertThat(ball.provesInterior(0, 0, 1, -k, 1, 0, 0, 0)).as("radius 2^-%d", k).isTrue();
        }
        // (Centre and radius are both in units of 2^exponent.) An off-centre disc that still holds
        // the fixed point, and several periods at once.
        assertThat(ball.provesInterior(0.25, -0.125, 1, -50, 1, 0, 0, 0)).isTrue();
        assertThat(ball.provesInterior(0, 0, 1, -50, 3, 0, 0, 0)).isTrue();
    }

    @Test
    void aDiscTooLargeOrAwayFromTheCycleFails() {
        PeriodBall ball = ORBIT.periodBall();
        assertThat(ball.provesInterior(0, 0, 1, -4, 1, 0, 0, 0)).isFalse();
        assertThat(ball.provesInterior(0, 0, 1, -20, 1, 0, 0, 0)).isFalse();
        // A disc of radius 2^-50 centred 2^-40 from the fixed point 0: its image lies near 0, outside it.
        assertThat(ball.provesInterior(0x1p10, 0, 1, -50, 1, 0, 0, 0)).isFalse();
    }

    /**
     * One proof for a whole disc of parameters: around the nucleus, a disc of c a thousandth of the
     * minibrot's size is proven interior at once (some z-disc works); a disc of c reaching three
     * sizes out, past the minibrot's edge where c escapes, proves nothing whatever the z-disc.
     */
    @Test
    void aDiscOfParametersWithinTheMinibrotIsProvenAtOnceAndOneReachingOutIsNot() {
        PeriodBall ball = ORBIT.periodBall();
        Ext size = Ext.of(MB.size());
        int inside = 0;
        for (int k = 4; k <= 120; k += 2) {
            inside += ball.provesInterior(0, 0, 1, -k, 1, 0, 0, size.exponent(), size.mantissa() / 1000) ? 1 : 0;
            assertThat(ball.provesInterior(0, 0, 1, -k, 1, 0, 0, size.exponent(), size.mantissa() * 3))
                    .as("z radius 2^-%d, c radius 3 sizes", k).isFalse();
        }
        assertThat(inside).as("z-discs proving the small disc of c").isPositive();
    }

    @Test
    void justOutsideTheMinibrotNoDiscProvesAnything() {
        PeriodBall ball = ORBIT.periodBall();
        // c = C + 3 sizes to the right: outside the minibrot, escaping.
        BigDecimal dc = MB.size().multiply(BigDecimal.valueOf(3));
        Ext d = Ext.of(dc);
        int direct = DirectRenderer.iterate(Fixed.of(MB.re().add(dc), BITS), Fixed.of(MB.im(), BITS), BITS, 100_000);
        assertThat(direct).isPositive();
        for (int k = 10; k <= 90; k += 2) {
            for (int q = 1; q <= 2; q++) {
                assertThat(ball.provesInterior(0, 0, 1, -k, q, d.mantissa(), 0, d.exponent())).as("radius 2^-%d", k).isFalse();
            }
        }
    }
}
