package dev.mandelbrot.render.deep;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real deep locations for the tests, found (not typed in) with the nucleus finder: the Misiurewicz
 * point c = i has minibrots of period p at distance ~d and size ~d^2 all around it (p grows like
 * log 1/d), so the lowest-period nucleus within 10^-k of i frames a view at a span near 10^-2k.
 * Found once per test JVM.
 */
final class DeepLocations {

    /**
     * A period-8007 nucleus in seahorse valley (to 53 digits; its minibrot is about 1e-32 across).
     * Its orbit passes within 2^-23 of 0 at n = 998, 1996, ..., 4990 and within 2^-121 only at 8007.
     */
    static final BigDecimal SEAHORSE_RE = new BigDecimal("-0.74364388703715870475219150611477977821525620794818129");
    static final BigDecimal SEAHORSE_IM = new BigDecimal("0.13182590420531197049313205638514067897295227932891897");

    private static final Map<Integer, Minibrot> FOUND = new ConcurrentHashMap<>();

    private DeepLocations() {
    }

    /** The lowest-period minibrot within 10^-k of c = i. */
    static Minibrot nearI(int k) {
        return FOUND.computeIfAbsent(k, key -> Minibrot.find(BigDecimal.ZERO, BigDecimal.ONE,
                BigDecimal.ONE.movePointLeft(key), 100_000).orElseThrow());
    }
}
