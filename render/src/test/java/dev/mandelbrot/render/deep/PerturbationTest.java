package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PerturbationTest {

    /**
     * Pixels rebase at the reference's period only when |Z(m)| <= |dz|: the new dz is z rounded to
     * a double, so a rebase where Z(m) is far larger than dz rounds the pixel's difference away.
     * Here the period is forced to the close approach n = 998 (|Z| = 7e-8) of the seahorse
     * nucleus' orbit while the pixels' differences there are about 1e-23: rebasing anyway made
     * every pixel follow the reference and "escape" near 17,200 instead of 41,000 to 44,400.
     */
    @Test
    void aRebaseAtThePeriodNeverRoundsAPixelsDifferenceAway() {
        BigDecimal span = new BigDecimal("8.95e-32");
        int width = 16;
        int height = 12;
        int max = 45_000;
        Ext spacing = Ext.of(span).divide(Ext.of(width));
        int bits = DeepRenderer.precisionBits(spacing);
        ReferenceOrbit orbit = ReferenceOrbit.compute(Fixed.of(DeepLocations.SEAHORSE_RE, bits),
                Fixed.of(DeepLocations.SEAHORSE_IM, bits), bits, Ext.of(1, -46), max, () -> false);
        assertThat(orbit.period()).isEqualTo(998);
        BlaTable bla = BlaTable.build(orbit, Ext.of(1, spacing.exponent() + 5), BlaTable.DEFAULT_EPSILON);
        for (int i = 0; i < width; i += 3) { // on the top row: every pixel there escapes
            int direct = DirectRenderer.pixel(DeepLocations.SEAHORSE_RE, DeepLocations.SEAHORSE_IM, span, width, height,
                    i, 0, max, bits + 32);
            assertThat(direct).isGreaterThan(41_000);
            for (BlaTable table : new BlaTable[] {null, bla}) {
                Perturbation p = new Perturbation(orbit, table, max);
                p.run((i + 0.5 - width / 2.0) * spacing.mantissa(), (height / 2.0 - 0.5) * spacing.mantissa(),
                        spacing.exponent());
                assertThat(p.count).as("pixel %d, BLA %s", i, table != null).isEqualTo(direct);
            }
        }
    }

    /**
     * The loop of whole periods (Perturbation#periods) replays the general loop's arithmetic: on a
     * grid over the benchmark's 1e-300 view (period 401, 50,000 iterations) every count, and every
     * escaping pixel's last z, is the same bit for bit with and without it, and it does most periods.
     */
    @Test
    void theLoopOfWholePeriodsChangesNoCountAndNoValue() {
        Minibrot mb = DeepLocations.nearI(150);
        int width = 1024;
        int height = 768;
        int max = 50_000;
        Ext spacing = Ext.of(new BigDecimal("1e-300")).divide(Ext.of(width));
        int bits = DeepRenderer.precisionBits(spacing);
        ReferenceOrbit orbit = ReferenceOrbit.compute(Fixed.of(mb.re(), bits), Fixed.of(mb.im(), bits), bits, max,
                () -> false);
        assertThat(orbit.last()).as("stopped at the period").isEqualTo(401);
        Ext dcMax = Ext.of((Math.hypot(width, height) / 2 + 1) * spacing.mantissa(), spacing.exponent());
        BlaTable bla = BlaTable.build(orbit, Ext.of(1.0, dcMax.exponent() + 1), BlaTable.DEFAULT_EPSILON);
        Perturbation fast = new Perturbation(orbit, bla, max, true);
        Perturbation general = new Perturbation(orbit, bla, max, false);
        int interior = 0;
        for (int j = 5; j < height; j += 24) {
            for (int i = 3; i < width; i += 24) {
                double re = (i + 0.5 - width / 2.0) * spacing.mantissa();
                double im = (height / 2.0 - j - 0.5) * spacing.mantissa();
                fast.run(re, im, spacing.exponent());
                general.run(re, im, spacing.exponent());
                assertThat(fast.count).as("pixel %d, %d", i, j).isEqualTo(general.count);
                if (fast.count >= 0) {
                    assertThat(fast.lastRe).isEqualTo(general.lastRe);
                    assertThat(fast.lastIm).isEqualTo(general.lastIm);
                } else {
                    interior++;
                }
            }
        }
        assertThat(interior).as("interior pixels on the grid").isGreaterThan(50);
        assertThat(general.wholePeriods).isZero();
        assertThat(fast.wholePeriods).as("periods in the loop").isGreaterThan(fast.rebases / 2);
    }
}
