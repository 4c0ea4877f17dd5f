package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The level lookups of {@link BlaTable}: their binary search must find exactly the level that
 * climbing one level at a time until one fails finds (the oracle below, the former lookup), on a
 * real table: the seahorse-valley reference orbit of {@code PerturbationTest}, 45,000 steps.
 */
class BlaTableTest {

    private static ReferenceOrbit orbit() {
        BigDecimal span = new BigDecimal("8.95e-32");
        int bits = DeepRenderer.precisionBits(spacing(span));
        return ReferenceOrbit.compute(Fixed.of(DeepLocations.SEAHORSE_RE, bits),
                Fixed.of(DeepLocations.SEAHORSE_IM, bits), bits, Ext.of(1, -46), 45_000, () -> false);
    }

    private static Ext spacing(BigDecimal span) {
        return Ext.of(span).divide(Ext.of(16));
    }

    private static BlaTable table(ReferenceOrbit orbit) {
        return BlaTable.build(orbit, Ext.of(1, spacing(new BigDecimal("8.95e-32")).exponent() + 5), BlaTable.DEFAULT_EPSILON);
    }

    private static BlaTable table() {
        return table(orbit());
    }

    /** The climb: levels 1, 2, ... while the entry exists, is aligned, fits the budget and admits dz. */
    private static int climbPlain(BlaTable t, int m, double dz2, int budget) {
        int j = m - 1;
        int best = 0;
        for (int k = 1; k < t.levels; k++) {
            if ((j & ((1 << k) - 1)) != 0 || (1 << k) > budget || (j >> k) >= t.count[k] || !(dz2 < t.r2[k][j >> k])) {
                break;
            }
            best = k;
        }
        return best;
    }

    private static int climbScaled(BlaTable t, int m, double w2, int e, int budget) {
        int j = m - 1;
        int best = 0;
        for (int k = 1; k < t.levels; k++) {
            if ((j & ((1 << k) - 1)) != 0 || (1 << k) > budget || (j >> k) >= t.count[k]) {
                break;
            }
            double radius = t.rM[k][j >> k] == 0 ? 0 : Ext.scalb(t.rM[k][j >> k], t.rExp[k][j >> k] - e);
            if (!(w2 < radius * radius)) {
                break;
            }
            best = k;
        }
        return best;
    }

    @Test
    void theSearchFindsTheLevelTheClimbFinds() {
        BlaTable t = table();
        assertThat(t.levels).isGreaterThanOrEqualTo(8);
        SplittableRandom random = new SplittableRandom(11);
        int deep = 0;
        for (int n = 0; n < 200_000; n++) {
            // indices aligned on large powers of two are where the high levels are
            int m = 1 + (random.nextBoolean() ? random.nextInt(t.count[0]) : (random.nextInt(t.count[0] >> 8) << 8));
            int budget = random.nextBoolean() ? 1 << 20 : random.nextInt(1, 5000);
            double dz2 = Math.scalb(random.nextDouble(), -random.nextInt(40, 400));
            int plain = t.levelPlain(m, dz2, budget);
            assertThat(plain).as("plain level at m=%d, dz2=%s, budget %d", m, dz2, budget)
                    .isEqualTo(climbPlain(t, m, dz2, budget));
            double w2 = 0.25 + random.nextDouble();
            int e = -random.nextInt(100, 2000);
            int scaled = t.levelScaled(m, w2, e, budget);
            assertThat(scaled).as("scaled level at m=%d, w2=%s, e=%d, budget %d", m, w2, e, budget)
                    .isEqualTo(climbScaled(t, m, w2, e, budget));
            deep += plain >= 4 || scaled >= 4 ? 1 : 0;
        }
        assertThat(deep).as("lookups that reached level 4 or more").isGreaterThan(1000);
    }

    /**
     * The whole-run entry is the run m = 1 .. rebaseIndex - 1 of single steps dz' = 2 Z(m) dz + dc
     * composed: A the product of the 2 Z(m), B by B' = 2 Z(m) B + 1, computed here step by step; its
     * radius is no larger than that of the first piece, the top level's first entry.
     */
    @Test
    void theWholeRunEntryComposesEverySingleStep() {
        ReferenceOrbit orbit = orbit();
        BlaTable t = table(orbit);
        int steps = orbit.rebaseIndex() - 1;
        assertThat(t.wholeSteps).isEqualTo(steps).isGreaterThan(500);
        assertThat(Integer.bitCount(steps)).as("a run of several pieces").isGreaterThan(2);
        ExtComplex a = ExtComplex.ONE;
        ExtComplex b = ExtComplex.of(0, 0);
        for (int m = 1; m <= steps; m++) {
            ExtComplex twoZ = ExtComplex.of(orbit.tinyRe[m], orbit.tinyIm[m], orbit.tinyExponent[m]).multiply(2);
            a = twoZ.multiply(a);
            b = twoZ.multiply(b).add(ExtComplex.ONE);
        }
        int w = t.whole;
        assertClose(t.aMre[w][0], t.aMim[w][0], t.aExp[w][0], a);
        assertClose(t.bMre[w][0], t.bMim[w][0], t.bExp[w][0], b);
        Ext whole = Ext.of(t.rM[w][0], t.rExp[w][0]);
        Ext first = Ext.of(t.rM[t.levels - 1][0], t.rExp[t.levels - 1][0]);
        assertThat(whole.compareTo(first)).as("whole radius %s against the first piece's %s", whole, first).isLessThanOrEqualTo(0);
        assertThat(whole.isZero()).as("a run this view's pixels can take").isFalse();
    }

    private static void assertClose(double re, double im, int exponent, ExtComplex expected) {
        ExtComplex got = ExtComplex.of(re, im, exponent);
        ExtComplex diff = got.add(ExtComplex.of(-expected.re(), -expected.im(), expected.exponent()));
        Ext relative = diff.abs().divide(expected.abs());
        assertThat(relative.compareTo(Ext.of(1e-9))).as("%s against %s", got, expected).isLessThan(0);
    }

    /** At the home exponent the lookup in plain units finds the general lookup's level. */
    @Test
    void theHomeLookupFindsTheGeneralLevel() {
        BlaTable t = table();
        assertThat(t.homes).isEqualTo(1);
        checkHome(t, 0, new SplittableRandom(12));
    }

    /**
     * A table for a far deeper image (|dc| up to 2^-3300, as at span 1e-1000) has a ladder of homes
     * up to the plain loop's range; at each, the same agreement holds. At the higher homes only
     * entries whose B dc is negligible may use plain coefficients, and some such are used.
     */
    @Test
    void everyHomeOfADeepTableFindsTheGeneralLevel() {
        BlaTable t = BlaTable.build(orbit(), Ext.of(1, -3300), BlaTable.DEFAULT_EPSILON);
        assertThat(t.homes).isEqualTo(4);
        // the last home's window (2^+-480) reaches the plain loop's 2^-350; the one before does not
        assertThat(t.homeExponent(t.homes - 1) + 480).isGreaterThanOrEqualTo(-350);
        assertThat(t.homeExponent(t.homes - 2) + 480).isLessThan(-350);
        SplittableRandom random = new SplittableRandom(13);
        for (int h = 0; h < t.homes; h++) {
            checkHome(t, h, random);
        }
    }

    private static void checkHome(BlaTable t, int h, SplittableRandom random) {
        int deep = 0;
        int plain = 0;
        for (int n = 0; n < 200_000; n++) {
            int m = 1 + (random.nextBoolean() ? random.nextInt(t.count[0]) : (random.nextInt(t.count[0] >> 8) << 8));
            int budget = random.nextBoolean() ? 1 << 20 : random.nextInt(1, 5000);
            double w2 = Math.scalb(0.5 + random.nextDouble(), random.nextInt(-940, 940));
            int general = climbScaled(t, m, w2, t.homeExponent(h), budget);
            int home = t.levelHome(h, m, w2, budget);
            assertThat(home).as("home %d: level at m=%d, w2=%s, budget %d", h, m, w2, budget).isEqualTo(general);
            deep += home >= 4 ? 1 : 0;
            plain += home > 0 && t.homeR2[h][home][(m - 1) >> home] > 0 ? 1 : 0;
        }
        assertThat(deep).as("home %d: lookups that reached level 4 or more", h).isGreaterThan(1000);
        assertThat(plain).as("home %d: jumps with plain coefficients", h).isGreaterThan(1000);
    }
}
