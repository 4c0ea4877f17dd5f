package dev.mandelbrot.render;

/**
 * The arrays of escape fields that their users have finished with ({@link Renderer#recycle}),
 * kept for the next render of the same number of pixels.
 *
 * <p>Why: a server renders a thousand map tiles a second, each into a fresh 256 KB {@code int[]}
 * and 256 KB {@code float[]} that live for a millisecond, and the seed's 1024 x 1024 image into
 * 8 MiB. The JVM zeroes every one (3% of a tile's CPU under the map-tile walk) and fills the young
 * generation with them; with the serial collector each collection stops both cores, and an 8 MiB
 * field alive during one is copied. Reusing them cut the garbage of a tile request from 865 to
 * 340 KB, and the seed request's GC pauses by half (docs/BENCHMARKS.md). A renderer overwrites
 * every pixel of its output, so reused arrays need no clearing.
 *
 * <p>Bounded by {@value #MAX_BYTES} bytes of arrays in all (the oldest go first), so that what it
 * holds is small and known: the server keeps that much heap out of its render memory budget.
 * Thread-safe.
 */
final class FieldPool {

    /** Bytes of arrays kept at most: one seed-sized field (1024 x 1024), or sixteen map tiles. */
    static final long MAX_BYTES = 8L << 20;

    /** Bytes per pixel: an int count and a float smooth value. */
    private static final int PIXEL_BYTES = Integer.BYTES + Float.BYTES;

    /** Fields kept at most, whatever their size (keeps the scans short). */
    private static final int MAX_FIELDS = 16;

    private final EscapeField[] free = new EscapeField[MAX_FIELDS];
    private int size;
    private long bytes;

    /**
     * Keeps {@code field}'s arrays if they fit in the bound at all, dropping the oldest kept ones
     * to make room. A field handed back twice is kept once: two renders must never share arrays.
     */
    synchronized void give(EscapeField field) {
        long need = bytes(field);
        if (need > MAX_BYTES) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (free[i].counts() == field.counts() || free[i].smooth() == field.smooth()) {
                return;
            }
        }
        while (size == MAX_FIELDS || bytes + need > MAX_BYTES) {
            remove(0);
        }
        free[size++] = field;
        bytes += need;
    }

    /**
     * A kept field of exactly {@code pixels} pixels, removed from the pool (its arrays hold stale
     * values for the caller to overwrite), or null if there is none.
     */
    synchronized EscapeField take(int pixels) {
        for (int i = size - 1; i >= 0; i--) {
            if (free[i].counts().length == pixels) {
                return remove(i);
            }
        }
        return null;
    }

    private EscapeField remove(int i) {
        EscapeField f = free[i];
        System.arraycopy(free, i + 1, free, i, size - 1 - i);
        free[--size] = null;
        bytes -= bytes(f);
        return f;
    }

    private static long bytes(EscapeField field) {
        return (long) field.counts().length * PIXEL_BYTES;
    }
}
