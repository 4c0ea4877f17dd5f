package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrbitCacheTest {

    /** Points of the main cardioid away from any nucleus: their orbits run to the limit. */
    private static ReferenceOrbit orbit(String re, int maxIterations) {
        return ReferenceOrbit.compute(Fixed.of(new BigDecimal(re), 128), Fixed.of(BigDecimal.ZERO, 128), 128, maxIterations,
                () -> false);
    }

    @Test
    void theLeastRecentlyUsedOrbitIsEvictedWhenThePointBudgetIsExceeded() {
        OrbitCache cache = new OrbitCache(250);
        ReferenceOrbit a = orbit("-0.6", 100); // 101 points each
        ReferenceOrbit b = orbit("-0.5", 100);
        cache.put(a);
        cache.put(b);
        assertThat(cache.find(o -> o == a)).isNotNull(); // touch a: b is now the oldest
        cache.put(orbit("-0.25", 100));
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(o -> o == b)).isNull();
        assertThat(cache.find(o -> o == a)).isNotNull();
    }

    @Test
    void findReturnsTheMostRecentlyUsedSuitableOrbit() {
        OrbitCache cache = new OrbitCache(10_000);
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
