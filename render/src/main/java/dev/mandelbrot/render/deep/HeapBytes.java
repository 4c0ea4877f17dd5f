package dev.mandelbrot.render.deep;

import java.math.BigInteger;

/**
 * Heap sizes of what the deep engine keeps, for {@link OrbitCache}'s byte bound: a 64-bit JVM
 * with compressed references (an array has a 16-byte header, everything is 8-byte aligned). A
 * figure within a few percent is enough: the arrays dominate, and those are exact.
 */
final class HeapBytes {

    private HeapBytes() {
    }

    /** An array of {@code length} elements of {@code width} bytes each. */
    static long array(long length, int width) {
        return align(16 + length * width);
    }

    /** A BigInteger: the object and its int[] magnitude. */
    static long of(BigInteger b) {
        return 40 + array(b.bitLength() / 32 + 1, Integer.BYTES);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
