package dev.mandelbrot.render.deep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small LRU of reference orbits and the BLA tables built on them, bounded by the bytes they
 * hold ({@link ReferenceOrbit#bytes()}, {@link BlaTable#bytes()}), tables included. Tiles and
 * repeated requests of one region look an orbit up by suitability (precision, length, distance),
 * not by an exact key: any nearby reference serves a view, thanks to rebasing. Thread-safe.
 *
 * <p>Why bytes and not orbit points: what a point costs depends on the depth. A point is 36 bytes
 * (its period ball up to 40 more), but a BLA step is 92 bytes plus 8 per extended-range home, one
 * home at 1e-300 and five at the map's deepest tiles (1e-1204), and each orbit may carry two
 * tables. Bounded at a million points, the cache held 17 MB per z = 4000 tile reference, never
 * reached its bound and took a 112 MiB server's heap within 25 tiles.
 *
 * <p>The bound holds whenever no method is running: an entry or table that would not fit even
 * alone is handed back to its render but not kept. Entries evicted while a render still uses them
 * stay alive until it finishes; that is the render's own memory.
 */
final class OrbitCache {

    /** One cached orbit with its BLA tables, keyed by the power-of-two bound on |dc| they assume. */
    static final class Entry {
        final ReferenceOrbit orbit;
        /** Oldest first; at most {@link #TABLES}. Guarded by the cache. */
        private final LinkedHashMap<Integer, BlaTable> tables = new LinkedHashMap<>();

        Entry(ReferenceOrbit orbit) {
            this.orbit = orbit;
        }

        /** Bytes of the orbit and its tables. Guarded by the cache. */
        private long bytes() {
            long total = orbit.bytes();
            for (BlaTable t : tables.values()) {
                total += t.bytes();
            }
            return total;
        }
    }

    /** Tables kept per orbit: a reference serves views at a few distances, each wanting its own |dc| bound. */
    private static final int TABLES = 2;

    private final long maxBytes;
    private final LinkedHashMap<Entry, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param maxBytes the most bytes of orbits and tables kept */
    OrbitCache(long maxBytes) {
        this.maxBytes = maxBytes;
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

    /**
     * Evicts the least recently used entries other than {@code keep} (may be null) until
     * {@code need} more bytes fit: called before an orbit or table of about that size is built
     * (a table for {@code keep}), so that what is kept and what is being built stay within the
     * bound together. If that is not enough, {@code keep} gives up its older tables too: a new table
     * that does not fit beside them would replace them anyway ({@link #putTable}).
     */
    synchronized void makeRoom(long need, Entry keep) {
        evictUntil(maxBytes - need, keep);
        if (keep != null && lru.containsKey(keep)) {
            while (bytes > maxBytes - need && !keep.tables.isEmpty()) {
                long size = keep.bytes();
                dropOldestTable(keep);
                bytes -= size - keep.bytes();
            }
        }
    }

    /** Keeps {@code orbit} if it fits (evicting the least recently used), and returns its entry either way. */
    synchronized Entry put(ReferenceOrbit orbit) {
        Entry entry = new Entry(orbit);
        long size = orbit.bytes();
        if (size > maxBytes) {
            return entry; // serves its render, then goes
        }
        evictUntil(maxBytes - size, null);
        lru.put(entry, Boolean.TRUE);
        bytes += size;
        return entry;
    }

    /** The table of {@code entry} for |dc| below 2^{@code dcMaxExponent}, or null. */
    synchronized BlaTable table(Entry entry, int dcMaxExponent) {
        return entry.tables.get(dcMaxExponent);
    }

    /**
     * Adds {@code table} to {@code entry} (replacing its oldest table beyond {@link #TABLES}), making
     * room by evicting other entries first, then the entry's older table; an entry that still does
     * not fit leaves the cache (its render keeps both).
     */
    synchronized void putTable(Entry entry, int dcMaxExponent, BlaTable table) {
        boolean cached = lru.containsKey(entry);
        long before = entry.bytes();
        if (entry.tables.size() >= TABLES) {
            dropOldestTable(entry);
        }
        entry.tables.put(dcMaxExponent, table);
        if (!cached) {
            return;
        }
        bytes += entry.bytes() - before;
        evictUntil(maxBytes, entry);
        while (bytes > maxBytes && entry.tables.size() > 1) {
            long size = entry.bytes();
            dropOldestTable(entry);
            bytes -= size - entry.bytes();
        }
        if (bytes > maxBytes) {
            lru.remove(entry);
            bytes -= entry.bytes();
        }
    }

    private static void dropOldestTable(Entry entry) {
        Iterator<Integer> oldest = entry.tables.keySet().iterator();
        oldest.next();
        oldest.remove();
    }

    /** Evicts least recently used entries other than {@code keep} until at most {@code target} bytes are kept. */
    private void evictUntil(long target, Entry keep) {
        Iterator<Entry> oldest = lru.keySet().iterator();
        while (bytes > target && oldest.hasNext()) {
            Entry evicted = oldest.next();
            if (evicted != keep) {
                oldest.remove();
                bytes -= evicted.bytes();
            }
        }
    }

    synchronized int size() {
        return lru.size();
    }

    /** Bytes of the orbits and tables kept, by their own count ({@link ReferenceOrbit#bytes()}, {@link BlaTable#bytes()}). */
    synchronized long bytes() {
        return bytes;
    }

    long maxBytes() {
        return maxBytes;
    }
}
