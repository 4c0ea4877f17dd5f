package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrbitCacheTest {

    /** Points of the main cardioid away from any nucleus: their orbits run to the limit. */
    private static ReferenceOrbit orbit(String re, int maxIterations) {
        return orbit(re, maxIterations, 128);
    }

    private static ReferenceOrbit orbit(String re, int maxIterations, int bits) {
        return ReferenceOrbit.compute(Fixed.of(new BigDecimal(re), bits), Fixed.of(BigDecimal.ZERO, bits), bits,
                maxIterations, () -> false);
    }

    /** A table for pixels of spacing 2^-(bits - 64), as DeepRenderer would build (five homes at 4,064 bits). */
    private static BlaTable table(ReferenceOrbit orbit, int dcExponent) {
        return BlaTable.build(orbit, Ext.of(1.0, dcExponent), BlaTable.DEFAULT_EPSILON);
    }

    @Test
    void theLeastRecentlyUsedOrbitIsEvictedWhenTheByteBoundIsExceeded() {
        ReferenceOrbit a = orbit("-0.6", 100);
        ReferenceOrbit b = orbit("-0.5", 100);
        OrbitCache cache = new OrbitCache(a.bytes() + b.bytes() + a.bytes() / 2);
        cache.put(a);
        cache.put(b);
        assertThat(cache.find(o -> o == a)).isNotNull(); // touch a: b is now the oldest
        cache.put(orbit("-0.25", 100));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(o -> o == b)).isNull();
        assertThat(cache.find(o -> o == a)).isNotNull();
        assertThat(cache.bytes()).isLessThanOrEqualTo(cache.maxBytes());
    }

    @Test
    void tablesCountAgainstTheBoundAndEvictOtherOrbitsFirstThenTheirOwnOlderTable() {
        ReferenceOrbit a = orbit("-0.6", 2000, 4064);
        ReferenceOrbit b = orbit("-0.5", 2000, 4064);
        BlaTable first = table(b, -3990);
        BlaTable second = table(b, -3989);
        assertThat(first.bytes()).as("132 bytes a step at five homes").isBetween(2000L * 120, 2000L * 140);
        OrbitCache cache = new OrbitCache(a.bytes() + b.bytes() + first.bytes() + second.bytes() / 2);
        cache.put(a);
        OrbitCache.Entry entry = cache.put(b);
        cache.putTable(entry, -3990, first);
        assertThat(cache.size()).isEqualTo(2);
        cache.putTable(entry, -3989, second); // a goes, then b's older table
        assertThat(cache.find(o -> o == a)).isNull();
        assertThat(cache.table(entry, -3989)).isSameAs(second);
        assertThat(cache.table(entry, -3990)).isNull();
        assertThat(cache.bytes()).isEqualTo(b.bytes() + second.bytes()).isLessThanOrEqualTo(cache.maxBytes());
    }

    @Test
    void anEntryThatCannotFitServesItsRenderButIsNotKept() {
        ReferenceOrbit a = orbit("-0.6", 2000, 4064);
        BlaTable t = table(a, -3990);
        OrbitCache cache = new OrbitCache(a.bytes() + t.bytes() / 2);
        OrbitCache.Entry entry = cache.put(a);
        assertThat(cache.size()).isEqualTo(1);
        cache.putTable(entry, -3990, t);
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.table(entry, -3990)).isSameAs(t); // the render that built it still has it

        OrbitCache tiny = new OrbitCache(a.bytes() / 2);
        tiny.put(a);
        assertThat(tiny.size()).isZero();
    }

    @Test
    void theCountedBytesAreWhatTheOrbitsAndTablesReallyHold() {
        ReferenceOrbit a = orbit("-0.6", 3000, 4064);
        BlaTable t = table(a, -3990);
        assertThat((double) a.bytes()).isCloseTo(RetainedSize.of(a), within(0.02 * a.bytes()));
        assertThat((double) t.bytes()).isCloseTo(RetainedSize.of(t), within(0.02 * t.bytes()));
        assertThat((double) BlaTable.bytesFor(a.rebaseIndex() - 1, Ext.of(1.0, -3990)))
                .as("the estimate made before building").isCloseTo(t.bytes(), within(0.02 * t.bytes()));
    }

    @Test
    void findReturnsTheMostRecentlyUsedSuitableOrbit() {
        OrbitCache cache = new OrbitCache(1L << 20);
        ReferenceOrbit shortOne = orbit("-0.5", 10);
        ReferenceOrbit longOne = orbit("-0.5", 1000);
        cache.put(longOne);
        cache.put(shortOne);
        assertThat(cache.find(o -> o.covers(5)).orbit).isSameAs(shortOne); // put last
        assertThat(cache.find(o -> o.covers(500)).orbit).isSameAs(longOne); // the only one long enough
        assertThat(cache.find(o -> o.covers(5)).orbit).isSameAs(longOne); // now the most recently used
        assertThat(cache.find(o -> false)).isNull();
    }
}
