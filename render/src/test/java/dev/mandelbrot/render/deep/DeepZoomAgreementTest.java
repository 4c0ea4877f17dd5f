package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The perturbation engine (BLA on, as in production) against the direct arbitrary-precision
 * renderer, pixel by pixel, at real deep locations. Grids and iteration limits are small because
 * the direct renderer iterates every pixel in 200 to 3,400-bit arithmetic.
 */
class DeepZoomAgreementTest {

    @ParameterizedTest(name = "span {1} near the period-p minibrot within 1e-{0} of i")
    @CsvSource({
        // k,  span,     maxIter, width, height, offset (spans), expects extended range
        "10,   1e-20,    2000,    24,    16,     0,              false",
        "25,   1e-50,    3000,    24,    16,     0,              false",
        "50,   1e-100,   4000,    24,    16,     0,              false",
        "150,  1e-300,   6000,    16,    12,     0,              true",
        "500,  1e-1000,  20000,   12,    8,      0.7,            true",
    })
    void escapeCountsAndInteriorMatchTheDirectDefinition(int k, String spanText, int maxIterations, int width, int height,
            String offset, boolean extended) {
        Minibrot mb = DeepLocations.nearI(k);
        BigDecimal span = new BigDecimal(spanText);
        BigDecimal re = mb.re().add(span.multiply(new BigDecimal(offset)));
        BigDecimal im = mb.im();

        DeepField deep = DeepRenderer.create(ForkJoinPool.commonPool()).render(re, im, span, width, height, maxIterations,
                () -> false);
        int bits = DeepRenderer.precisionBits(Ext.of(span).divide(Ext.of(width))) + 32;
        int[] direct = DirectRenderer.render(re, im, span, width, height, maxIterations, bits);

        int same = 0;
        for (int p = 0; p < direct.length; p++) {
            if (direct[p] == deep.counts()[p]) {
                same++;
            }
            assertThat(deep.counts()[p] < 0).as("pixel %d interior", p).isEqualTo(direct[p] < 0);
        }
        assertThat((double) same / direct.length).as("identical escape counts").isGreaterThanOrEqualTo(0.999);
        // The view is a real one, not a flat field: many distinct counts.
        assertThat(Arrays.stream(direct).distinct().count()).isGreaterThan(20);
        assertThat(deep.stats().extendedSteps() + deep.stats().blaJumps() > 0).isTrue();
        if (extended) {
            assertThat(deep.stats().precisionBits()).isGreaterThan(1000);
        }
    }

    /**
     * A period-8007 nucleus whose orbit comes within 2^-23 of 0 at n = 998 long before its period:
     * the engine once took 998 for the period and rebased every pixel there, rounding each pixel's
     * difference (about 1e-21) into |Z(998)| = 7e-8, so every pixel followed the reference and
     * "escaped" near 17,200 while the view is a minibrot with escapes from 41,000 to 44,400.
     * At the wider span the exact counts depend on c to about 2^-40 of a pixel (a shift of c by
     * 2^-30 pixel moves one count by 200), finer than BLA's 2^-40 per-step tolerance, so that
     * view is checked step by step.
     */
    @ParameterizedTest(name = "span {0}, {1} iterations, BLA {2}")
    @CsvSource({
        "8.95e-32, 45000, true",
        "8.95e-30, 30000, false",
    })
    void aPeriod8007NucleusInSeahorseValleyMatchesTheDirectDefinition(String spanText, int maxIterations, boolean bla) {
        BigDecimal span = new BigDecimal(spanText);
        int width = 16;
        int height = 12;
        DeepRenderer engine = bla ? DeepRenderer.create(ForkJoinPool.commonPool())
                : DeepRenderer.withoutBla(ForkJoinPool.commonPool());
        DeepField deep = engine.render(DeepLocations.SEAHORSE_RE, DeepLocations.SEAHORSE_IM, span, width, height,
                maxIterations, () -> false);
        int bits = DeepRenderer.precisionBits(Ext.of(span).divide(Ext.of(width))) + 32;
        int[] direct = DirectRenderer.render(DeepLocations.SEAHORSE_RE, DeepLocations.SEAHORSE_IM, span, width, height,
                maxIterations, bits);

        assertThat(deep.counts()).isEqualTo(direct);
        assertThat(Arrays.stream(direct).distinct().count()).isGreaterThan(50);
        assertThat(Arrays.stream(direct).filter(n -> n >= 0).min().orElseThrow()).isGreaterThan(2 * 8007);
    }

    /**
     * Pixels that {@link PeriodBall} proves interior really are interior per the direct definition,
     * and every other count is unchanged, at span 1e-300 around the period-401 minibrot near i (the
     * benchmark's view, on 16x12 pixels at 20,000 iterations, the least at which the engine tries
     * proofs there; they run in extended range).
     */
    @Test
    void pixelsProvenInteriorAtSpan1e300AreInteriorPerTheDirectDefinition() {
        Minibrot mb = DeepLocations.nearI(150);
        BigDecimal span = new BigDecimal("1e-300");
        int width = 16;
        int height = 12;
        int max = 20_000;
        Ext spacing = Ext.of(span).divide(Ext.of(width));
        int bits = DeepRenderer.precisionBits(spacing);
        ReferenceOrbit orbit = ReferenceOrbit.compute(Fixed.of(mb.re(), bits), Fixed.of(mb.im(), bits), bits, max, () -> false);
        BlaTable bla = BlaTable.build(orbit, Ext.of(1, spacing.exponent() + 5), BlaTable.DEFAULT_EPSILON);
        int[] direct = DirectRenderer.render(mb.re(), mb.im(), span, width, height, max, bits + 32);

        Perturbation p = new Perturbation(orbit, bla, max);
        int proven = 0;
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                long before = p.ballProven;
                p.run((i + 0.5 - width / 2.0) * spacing.mantissa(), (height / 2.0 - j - 0.5) * spacing.mantissa(),
                        spacing.exponent());
                int at = j * width + i;
                if (p.ballProven > before) {
                    proven++;
                    assertThat(direct[at]).as("pixel %d, proven interior", at).isNegative();
                }
                assertThat(p.count).as("pixel %d", at).isEqualTo(direct[at]);
            }
        }
        assertThat(orbit.period()).isEqualTo(401);
        assertThat(proven).isGreaterThan(8);
    }
}
