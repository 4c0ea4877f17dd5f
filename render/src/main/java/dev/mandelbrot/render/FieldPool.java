package dev.mandelbrot.render;

/**
 * The arrays of small escape fields that their users have finished with ({@link Renderer#recycle}),
 * kept for the next render of the same number of pixels.
 *
 * <p>Why: a server renders a thousand map tiles a second, each into a fresh 256 KB {@code int[]}
 * and 256 KB {@code float[]} that live for a millisecond. The JVM zeroes every one (3% of a tile's
 * CPU under the map-tile walk) and fills the young generation every ~60 tiles; with the serial
 * collector each collection stops both cores, and the pauses added up to 8% of the walk's wall
 * time (docs/BENCHMARKS.md). A renderer overwrites every pixel of its output, so reused arrays need
 * no clearing.
 *
 * <p>Bounded: at most {@value #CAPACITY} fields of at most {@value #MAX_PIXELS} pixels each
 * (4 MiB), so what it holds stays small next to a render's own memory. Large images are not
 * pooled: their allocation is small next to their render. Thread-safe.
 */
final class FieldPool {

    /** Largest field kept: a 256 x 256 map tile. */
    static final int MAX_PIXELS = 256 * 256;

    /** Fields kept at most: enough for the renders and encodings in flight on a few cores. */
    static final int CAPACITY = 8;

    private final EscapeField[] free = new EscapeField[CAPACITY];
    private int size;

    /**
     * Keeps {@code field}'s arrays if it is small enough, dropping the oldest kept one if full. A
     * field handed back twice is kept once: two renders must never share arrays.
     */
    synchronized void give(EscapeField field) {
        if (field.counts().length > MAX_PIXELS) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (free[i].counts() == field.counts() || free[i].smooth() == field.smooth()) {
                return;
            }
        }
        if (size == CAPACITY) {
            System.arraycopy(free, 1, free, 0, --size);
        }
        free[size++] = field;
    }

    /**
     * A kept field of exactly {@code pixels} pixels, removed from the pool (its arrays hold stale
     * values for the caller to overwrite), or null if there is none.
     */
    synchronized EscapeField take(int pixels) {
        for (int i = size - 1; i >= 0; i--) {
            EscapeField f = free[i];
            if (f.counts().length == pixels) {
                System.arraycopy(free, i + 1, free, i, size - 1 - i);
                free[--size] = null;
                return f;
            }
        }
        return null;
    }
}
