package dev.mandelbrot.render.deep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small LRU of reference orbits (and the BLA tables built on them), bounded by the total number
 * of stored orbit points so that a few long orbits cannot exhaust the heap. Tiles and repeated
 * requests of one region look an orbit up by suitability (precision, length, distance), not by
 * an exact key: any nearby reference serves a view, thanks to rebasing. Thread-safe.
 */
final class OrbitCache {

    /** One cached orbit with its BLA tables, keyed by the power-of-two bound on |dc| they assume. */
    static final class Entry {
        final ReferenceOrbit orbit;
        private final Map<Integer, BlaTable> tables = new LinkedHashMap<>();

        Entry(ReferenceOrbit orbit) {
            this.orbit = orbit;
        }

        synchronized BlaTable table(int dcMaxExponent) {
            return tables.get(dcMaxExponent);
        }

        synchronized void putTable(int dcMaxExponent, BlaTable table) {
            if (tables.size() >= 2) {
                Iterator<Integer> oldest = tables.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            tables.put(dcMaxExponent, table);
        }
    }

    private final long maxPoints;
    private final LinkedHashMap<Entry, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true);
    private long points;

    OrbitCache(long maxPoints) {
        this.maxPoints = maxPoints;
    }

    /** The most recently used entry accepted by {@code suitable}, marking it used; null if none. */
    synchronized Entry find(Predicate<ReferenceOrbit> suitable) {
        List<Entry> newestFirst = new ArrayList<>(lru.keySet()).reversed();
        for (Entry entry : newestFirst) {
            if (suitable.test(entry.orbit)) {
                lru.get(entry); // touch
                return entry;
            }
        }
        return null;
    }

    synchronized Entry put(ReferenceOrbit orbit) {
        Entry entry = new Entry(orbit);
        lru.put(entry, Boolean.TRUE);
        points += orbit.last() + 1;
        Iterator<Entry> oldest = lru.keySet().iterator();
        while (points > maxPoints && lru.size() > 1) {
            Entry evicted = oldest.next();
            oldest.remove();
            points -= evicted.orbit.last() + 1;
        }
        return entry;
    }

    synchronized int size() {
        return lru.size();
    }
}
