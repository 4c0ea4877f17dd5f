package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * What the deep engine keeps between renders, measured by walking it ({@link RetainedSize}), at
 * the depth of the map's deepest tiles (z = 4000, span 4 / 2^4000, about 3.5e-1204), where a
 * reference point is 36 bytes and a BLA step 132 (five extended-range homes).
 */
class DeepMemoryTest {

    /** The bound the server keeps out of its render memory for the deep engine. */
    private static final long BOUND = DeepRenderer.CACHE_BYTES;

    /** Span of a 256x256 tile at z = 4000: 2^-3998 = 5^3998 / 10^3998, exactly. */
    private static final BigDecimal Z4000 = new BigDecimal(BigInteger.valueOf(5).pow(3998), 3998);

    @Test
    void distantDeepViewsOneAfterAnotherKeepTheEngineWithinItsByteBound() {
        DeepRenderer renderer = DeepRenderer.create(ForkJoinPool.commonPool());
        BigDecimal step = new BigDecimal("1e-1100"); // ~1e104 tiles apart: no view can reuse another's reference
        for (int k = 0; k < 10; k++) {
            // -0.6 is inside the main cardioid, away from any nucleus: each reference runs to the limit
            BigDecimal re = new BigDecimal("-0.6").add(step.multiply(BigDecimal.valueOf(k)));
            DeepField f = renderer.render(re, BigDecimal.ZERO, Z4000.multiply(BigDecimal.valueOf(16.0 / 256)), 16, 16,
                    20_000, () -> false);
            assertThat(f.stats().referenceReused()).isFalse();
            assertThat(RetainedSize.of(renderer)).as("bytes the engine holds after %d views", k + 1)
                    .isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void aReferenceKeepsServingItsNeighboursWhenANewTableReplacesItsOldOne() {
        BigDecimal span = Z4000.multiply(BigDecimal.valueOf(16.0 / 256));
        BigDecimal re = new BigDecimal("-0.6");
        ReferenceOrbit orbit = ReferenceOrbit.compute(Fixed.of(re, 4064), Fixed.of(BigDecimal.ZERO, 4064), 4064, 20_000,
                () -> false);
        long table = BlaTable.bytesFor(20_000, Ext.of(1.0, -4000));
        // room for the orbit and one table, not two: each new |dc| bound replaces the table
        DeepRenderer renderer = new DeepRenderer(ForkJoinPool.commonPool(), true, BlaTable.DEFAULT_EPSILON,
                orbit.bytes() + table * 3 / 2, true);
        DeepField first = renderer.render(re, BigDecimal.ZERO, span, 16, 16, 20_000, () -> false);
        // 30 pixels off: within reach of the reference (32), but |dc| up to 42 pixels wants another table
        BigDecimal off = re.add(span.multiply(BigDecimal.valueOf(30.0 / 16)));
        DeepField neighbour = renderer.render(off, BigDecimal.ZERO, span, 16, 16, 20_000, () -> false);
        DeepField again = renderer.render(re, BigDecimal.ZERO, span, 16, 16, 20_000, () -> false);
        assertThat(first.stats().referenceReused()).isFalse();
        assertThat(neighbour.stats().referenceReused()).isTrue();
        assertThat(again.stats().referenceReused()).as("the orbit outlived its first table").isTrue();
        assertThat(again.counts()).isEqualTo(first.counts());
        assertThat(RetainedSize.of(renderer)).isLessThanOrEqualTo(orbit.bytes() + table * 3 / 2);
    }
}
