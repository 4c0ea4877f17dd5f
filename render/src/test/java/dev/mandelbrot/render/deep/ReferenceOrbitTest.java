package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class ReferenceOrbitTest {

    private static ReferenceOrbit orbit(String re, String im, int bits, int maxIterations) {
        return ReferenceOrbit.compute(Fixed.of(new BigDecimal(re), bits), Fixed.of(new BigDecimal(im), bits), bits,
                maxIterations, () -> false);
    }

    @Test
    void anEscapingReferenceStopsAtItsFirstPointBeyondRadiusTwo() {
        ReferenceOrbit o = orbit("1", "0", 100, 50); // 0, 1, 2, 5
        assertThat(o.escaped()).isTrue();
        assertThat(o.last()).isEqualTo(3);
        assertThat(o.re).containsExactly(0, 1, 2, 5);
        assertThat(o.covers(1_000_000)).isTrue();
    }

    @Test
    void aBoundedReferenceWithoutANucleusRunsToTheIterationLimit() {
        ReferenceOrbit o = orbit("-0.5", "0", 100, 1000); // towards the attracting fixed point -0.366
        assertThat(o.escaped()).isFalse();
        assertThat(o.period()).isZero();
        assertThat(o.last()).isEqualTo(1000);
        assertThat(o.covers(1000)).isTrue();
        assertThat(o.covers(1001)).isFalse();
    }

    @Test
    void aReferenceAtANucleusStopsAtItsPeriodAndServesAnyLimit() {
        ReferenceOrbit o = orbit("-1", "0", 100, 1000); // 0, -1, 0, -1, ...
        assertThat(o.escaped()).isFalse();
        assertThat(o.period()).isEqualTo(2);
        assertThat(o.last()).isEqualTo(2);
        assertThat(o.re).containsExactly(0, -1, 0);
        assertThat(o.covers(1_000_000)).isTrue();
    }

    @Test
    void pointsTooSmallForADoubleKeepAnExponent() {
        // Period-2 nucleus c = -1 (exact): Z(2k) = 0 exactly; a c 1e-400 away gives |Z(2)| = 1e-400.
        ReferenceOrbit o = orbit("-1.0000000000000000000000000000000000001", "0", 2000, 10);
        assertThat(o.tinyExponent[0]).isEqualTo(Ext.ZERO_EXPONENT);
        assertThat(o.tinyExponent[1]).isZero();
        ReferenceOrbit deep = orbit("-1." + "0".repeat(399) + "1", "0", 2000, 4);
        assertThat(deep.re[2]).isZero(); // 1e-400 underflows a double ...
        int e = deep.tinyExponent[2];
        assertThat(e).isLessThan(ReferenceOrbit.TINY_EXPONENT);
        double log10 = Math.log10(Math.abs(deep.tinyRe[2])) + e * Math.log10(2);
        assertThat(log10).isBetween(-400.01, -399.99); // ... but not its scaled twin
    }

    @Test
    void cancellationStopsALongOrbit() {
        assertThatThrownBy(() -> ReferenceOrbit.compute(Fixed.of(new BigDecimal("-0.5"), 128), Fixed.of(BigDecimal.ZERO, 128),
                128, 1_000_000, () -> true)).isInstanceOf(CancellationException.class);
    }

    @Test
    void thePeriodIsANucleusWithinAPixelNotTheFirstCloseApproachToZero() {
        int bits = 172; // a 16-pixel view of span 8.95e-32
        ReferenceOrbit o = ReferenceOrbit.compute(Fixed.of(DeepLocations.SEAHORSE_RE, bits),
                Fixed.of(DeepLocations.SEAHORSE_IM, bits), bits, 9000, () -> false);
        assertThat(Math.hypot(o.re[998], o.im[998])).isLessThan(0x1p-23); // a close approach, not a nucleus
        assertThat(o.period()).isEqualTo(8007);
        assertThat(o.rebaseIndex()).isEqualTo(8007);
        assertThat(o.last()).isEqualTo(8007); // stopped there, not at the limit of 9000
        // A disc of 2^-46 (a pixel of a view 1e6 times wider) does reach 0 at n = 998.
        ReferenceOrbit coarse = ReferenceOrbit.compute(Fixed.of(DeepLocations.SEAHORSE_RE, bits),
                Fixed.of(DeepLocations.SEAHORSE_IM, bits), bits, Ext.of(1, -46), 9000, () -> false);
        assertThat(coarse.period()).isEqualTo(998);
        assertThat(coarse.last()).as("not at that nucleus: runs on").isEqualTo(9000);
        // ... and one that ends at such a period because its limit is there serves no longer limit
        ReferenceOrbit ending = ReferenceOrbit.compute(Fixed.of(DeepLocations.SEAHORSE_RE, bits),
                Fixed.of(DeepLocations.SEAHORSE_IM, bits), bits, Ext.of(1, -46), 998, () -> false);
        assertThat(ending.last()).isEqualTo(998);
        assertThat(ending.covers(998)).isTrue();
        assertThat(ending.covers(999)).isFalse();
        assertThat(orbit("-1", "0", 100, 10).period()).isEqualTo(2); // a nucleus: Z(2) = 0
        assertThat(orbit("0", "1", 100, 10).period()).isZero(); // c = i: 0, i, -1 + i, -i, -1 + i, ...
    }
}
