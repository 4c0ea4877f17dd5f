package dev.mandelbrot.render.color;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Internal: {@link Colouring}'s gradient levels by table, equal for every float smooth value to
 * the scalar formula ({@code Colouring.level}) that fills the table.
 *
 * <p>Written by hand because the level is a logarithm per pixel, and a map tile is 65,536 pixels:
 * even on the Vector API ({@link VectorLevels#levels}) that took 1.8 ns a pixel, about 8% of the
 * server's CPU on a walk over map tiles. The table takes a third of that, and is exact.
 *
 * <p>Why a table can be exact: the level is a non-decreasing function of {@code s} (up to its
 * wrap from {@code levels - 1} to 0), since every step of the formula is monotonic, rounding
 * included. The table cuts the non-negative floats into cells by their leading bits: a cell is
 * the floats {@code s} that share their exponent and top {@code k} mantissa bits, and the bottom
 * cell holds every float below {@code 2^-k}. In any cell {@code ln(1 + s)} grows by at most
 * {@code 2^-k}, and {@code k} is chosen so that this moves {@code t * levels} by at most 0.9:
 * the level changes at most once in a cell, by one. A cell stores its level before and after
 * the change, and the bits of the first float on the second (found by bisection). A pixel's
 * level is then a comparison of its bits with one stored value.
 *
 * <p>The default colouring gets {@code k = 8}: 256 cells for each octave of {@code s}, 37 KB
 * for the values up to 1,000. Colourings whose bands are too narrow for a table of at most
 * {@value #MAX_K} bits (a density above 20 at 255 levels, or 1.3 at 4,096) have none:
 * {@link #of} returns null, and {@link Colouring} computes their levels one by one.
 *
 * <p>Thread-safe: the cells grow (to the largest value asked for so far) under a lock and are
 * published whole, so readers never lock.
 */
final class LevelTable {

    /** The most mantissa bits a cell may keep: 2^12 cells per octave of {@code s}. */
    static final int MAX_K = 12;
    private static final int MIN_K = 6;
    /** Bits of a float's mantissa. */
    private static final int MANTISSA_BITS = 23;
    private static final int INFINITY = 0x7F80_0000;

    private final double offset;
    private final double density;
    private final int levels;
    /** Float bits dropped to make a cell number. */
    private final int shift;
    /** Cell {@code c}'s floats have bits {@code c + base} when shifted right: cell 0 holds all below {@code 2^-k}. */
    private final int base;
    /** The cells, grown as larger values arrive; replaced, never changed in place. */
    private volatile Cells cells;

    /**
     * Cells {@code [0, data.length / 2)}: for cell {@code c}, {@code data[2c]} is the bits of the
     * cell's first float on its second level (or {@code Integer.MAX_VALUE} if the level does not
     * change in it) and {@code data[2c + 1]} is its first level, ORed with its second shifted left
     * by 12 bits.
     * {@code limit} is the bits of the first float the cells do not cover.
     */
    private record Cells(int[] data, int limit) {}

    private LevelTable(double offset, double density, int levels, int k) {
        this.offset = offset;
        this.density = density;
        this.levels = levels;
        this.shift = MANTISSA_BITS - k;
        this.base = (Float.floatToRawIntBits(Math.scalb(1f, -k)) >> shift) - 1;
        this.cells = new Cells(new int[0], 0);
    }

    /** Settings whose table was asked for last: a server colours its images with a few. */
    private record Settings(double offset, double density, int levels) {}

    private static final int RECENT_TABLES = 8;
    private static final Map<Settings, LevelTable> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Settings, LevelTable> eldest) {
            return size() > RECENT_TABLES;
        }
    };

    /**
     * The table for these settings (one of the last {@value #RECENT_TABLES} made, if it is), or
     * null when their bands are too narrow for one (see the class comment).
     */
    static LevelTable of(double offset, double density, int levels) {
        Settings settings = new Settings(offset, density, levels);
        synchronized (RECENT) {
            LevelTable table = RECENT.get(settings);
            if (table == null) {
                table = create(offset, density, levels);
                if (table != null) {
                    RECENT.put(settings, table);
                }
            }
            return table;
        }
    }

    private static LevelTable create(double offset, double density, int levels) {
        // t * levels moves by at most density / CYCLE * levels * 2^-k in a cell (plus a margin)
        double perCell = density / Colouring.CYCLE * levels * (1 + 0x1p-6);
        for (int k = MIN_K; k <= MAX_K; k++) {
            if (Math.scalb(perCell, -k) <= 0.9) { // below 1, with room for rounding
                return new LevelTable(offset, density, levels, k);
            }
        }
        return null;
    }

    /**
     * {@code out[p]} for p in [from, to): the level of {@code smooth[p]}, as {@code Colouring.level}
     * gives it, or {@code interior} for {@code s < 0}.
     */
    void levels(float[] smooth, int from, int to, byte[] out, byte interior) {
        int[] cells = covering(smooth, from, to);
        if (vectors(to - from)) {
            VectorLevels.lookUp(smooth, from, to, cells, shift, base, out, interior);
            return;
        }
        for (int p = from; p < to; p++) {
            int level = level(cells, smooth[p]);
            out[p] = level < 0 ? interior : (byte) level;
        }
    }

    /** As {@link #levels(float[], int, int, byte[], byte)}, as ints into {@code out[at + p - from]}. */
    void levels(float[] smooth, int from, int to, int[] out, int at, int interior) {
        int[] cells = covering(smooth, from, to);
        if (vectors(to - from)) {
            VectorLevels.lookUp(smooth, from, to, cells, shift, base, out, at, interior);
            return;
        }
        for (int p = from; p < to; p++) {
            int level = level(cells, smooth[p]);
            out[at + p - from] = level < 0 ? interior : level;
        }
    }

    /** Whether {@code n} pixels go through {@link VectorLevels#lookUp} rather than a plain loop. */
    private static boolean vectors(int n) {
        return Colouring.SIMD && VectorLevels.LOOKUPS && n >= VectorLevels.TABLE_LANES;
    }

    /** The level of {@code s} from {@code cells}, or -1 for {@code s < 0}; {@link VectorLevels#lookUp}'s twin. */
    private int level(int[] cells, float s) {
        int bits = Float.floatToRawIntBits(s + 0f); // + 0f: -0 becomes +0, which s >= 0 includes
        if (bits < 0) {
            return -1;
        }
        int c = Math.max(bits >> shift, base) - base;
        int both = cells[2 * c + 1];
        return bits >= cells[2 * c] ? both >>> 12 : both & 0xFFF;
    }

    /** The cells' data, covering every value in {@code smooth[from, to)}. */
    private int[] covering(float[] smooth, int from, int to) {
        int max = 0;
        int p = from;
        if (vectors(to - from)) {
            max = VectorLevels.maxBits(smooth, from, to);
            p = to;
        }
        for (; p < to; p++) {
            max = Math.max(max, Float.floatToRawIntBits(smooth[p]));
        }
        // At least the cell of 0: interior lanes (negative bits) are blended out only after the
        // gather has read a cell, so even a block with no escaping pixel needs one to read.
        max = Math.max(max, 0);
        Cells table = cells;
        return (max < table.limit ? table : grow(max)).data;
    }

    /** Grows the cells to cover the float with bits {@code max} (finite, non-negative). */
    private synchronized Cells grow(int max) {
        Cells old = cells;
        if (max < old.limit) {
            return old;
        }
        if (max >= INFINITY) {
            throw new IllegalArgumentException("smooth values must be finite: " + Float.intBitsToFloat(max));
        }
        // to the end of max's octave, and at least twice the cells: few growths as values rise
        int octave = (1 << (MANTISSA_BITS - shift)) - 1;
        int end = ((max >> shift) + 1 + octave & ~octave) - base;
        int built = old.data.length / 2;
        // at least cell 0, which holds every float below 2^-k (0 included; end is negative then)
        int count = Math.min(Math.max(Math.max(end, 2 * built), 1), (INFINITY >> shift) - base);
        int[] data = Arrays.copyOf(old.data, 2 * count);
        int first = first(built);
        int before = level(first);
        for (int c = built; c < count; c++) {
            // at most one change from this cell's first float to the next cell's, included
            int next = first(c + 1);
            int following = level(next);
            int change = Integer.MAX_VALUE;
            int after = before;
            if (following != before) {
                int lo = first; // the last float known on `before`
                int hi = next; // the first known on `following`
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (level(mid) == before) lo = mid;
                    else hi = mid;
                }
                if (hi < next) {
                    change = hi;
                    after = following;
                }
            }
            data[2 * c] = change;
            data[2 * c + 1] = before | after << 12;
            first = next;
            before = following;
        }
        Cells grown = new Cells(data, first(count));
        cells = grown;
        return grown;
    }

    /** The bits of cell {@code c}'s first float. */
    private int first(int c) {
        return c == 0 ? 0 : c + base << shift;
    }

    private int level(int bits) {
        return Colouring.level(Float.intBitsToFloat(bits), offset, density, levels);
    }
}
