package dev.mandelbrot.render.color;

import dev.mandelbrot.render.EscapeField;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How escape values become colours.
 *
 * <p>An escaping pixel with smooth value {@code s} (see {@link EscapeField#smooth()}) sits at
 * gradient position {@code t = offset + density / CYCLE * ln(1 + s)}, taken modulo 1, where
 * one palette cycle spans {@value #CYCLE} units of {@code ln(1 + s)}. The logarithm keeps bands a similar width on
 * screen from the full view (where {@code s} runs from 0 to a few hundred) to deep zooms (where
 * it runs over a narrow range of large values): halving {@code density} halves the number of
 * colour cycles. Interior pixels ({@code s < 0}) get {@code interiorRgb}.
 *
 * <p>The gradient is quantised to {@code levels} colours (a lookup table). A pixel's level is
 * read from a table of the levels of all floats ({@code LevelTable}, exact, a fraction of a
 * logarithm's cost), or computed with a logarithm when the bands are too narrow for one. With at most
 * {@value #INDEXED_LEVELS} levels the whole image, interior included, fits a 256-colour palette:
 * PNG is then written as 8-bit indexed colour, which is smaller and faster to compress, and GIF
 * is exact. That is the default; at that size neighbouring table entries differ by a few units
 * per channel, below what the eye separates in an image this busy. Ask for more levels (for
 * example {@value #SMOOTH_LEVELS}) for truecolour output.
 *
 * @param palette the gradient
 * @param offset shifts the gradient: added to every position (any finite value; only its
 *     fractional part matters)
 * @param density colour cycles per {@value #CYCLE} units of {@code ln(1 + s)}; finite and {@code > 0}
 * @param interiorRgb the colour of interior pixels, {@code 0xRRGGBB}
 * @param levels how many gradient colours, in [2, {@value #MAX_LEVELS}]
 */
public record Colouring(Palette palette, double offset, double density, int interiorRgb, int levels) {
    /** Gradient levels that leave one palette entry for the interior in a 256-colour image. */
    public static final int INDEXED_LEVELS = 255;
    /** Enough levels that no step is visible; the output is then truecolour. */
    public static final int SMOOTH_LEVELS = 1024;
    public static final int MAX_LEVELS = 4096;
    /** Units of {@code ln(1 + s)} per palette cycle at density 1, chosen by eye on the full view. */
    public static final double CYCLE = 1.5;

    public Colouring {
        Objects.requireNonNull(palette, "palette");
        if (!Double.isFinite(offset)) throw new IllegalArgumentException("offset must be finite: " + offset);
        if (!(density > 0 && Double.isFinite(density))) {
            throw new IllegalArgumentException("density must be finite and > 0: " + density);
        }
        if ((interiorRgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("interior colour must be 0xRRGGBB: " + Integer.toHexString(interiorRgb));
        }
        if (levels < 2 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be in [2, " + MAX_LEVELS + "]: " + levels);
        }
    }

    /** The contract's four-value form: {@value #INDEXED_LEVELS} levels. */
    public Colouring(Palette palette, double offset, double density, int interiorRgb) {
        this(palette, offset, density, interiorRgb, INDEXED_LEVELS);
    }

    /** The palette with offset 0, density 1, a black interior and {@value #INDEXED_LEVELS} levels. */
    public static Colouring of(Palette palette) { return new Colouring(palette, 0, 1, 0x000000); }

    /** The default palette with default settings. */
    public static Colouring defaults() { return of(Palettes.defaultPalette()); }

    public Colouring withPalette(Palette p) { return new Colouring(p, offset, density, interiorRgb, levels); }

    public Colouring withOffset(double o) { return new Colouring(palette, o, density, interiorRgb, levels); }

    public Colouring withDensity(double d) { return new Colouring(palette, offset, d, interiorRgb, levels); }

    public Colouring withInterior(int rgb) { return new Colouring(palette, offset, density, rgb, levels); }

    public Colouring withLevels(int n) { return new Colouring(palette, offset, density, interiorRgb, n); }

    /** Whether every image this colouring makes fits a 256-colour palette (see {@link #colourTable()}). */
    public boolean indexed() { return levels <= INDEXED_LEVELS; }

    /**
     * The colours an image can contain: entries {@code 0 .. levels-1} are the gradient, entry
     * {@code levels} is the interior. A fresh copy.
     */
    public int[] colourTable() {
        int[] table = Arrays.copyOf(palette.table(levels), levels + 1);
        table[levels] = interiorRgb;
        return table;
    }

    /** One {@code 0xRRGGBB} per pixel, row-major, row 0 at the top (the field's own order). */
    public int[] toRgb(EscapeField field) {
        float[] smooth = field.smooth();
        int[] rgb = new int[smooth.length];
        LevelTable levelTable = LevelTable.of(turn(offset), density, levels);
        if (levelTable != null || SIMD) {
            int[] table = colourTable();
            inMirroredRows(field, (from, to) -> {
                if (levelTable != null) {
                    levelTable.levels(smooth, from, to, rgb, from, levels);
                } else {
                    VectorLevels.levels(smooth, from, to, turn(offset), density / CYCLE, levels, rgb, from);
                }
                for (int p = from; p < to; p++) {
                    rgb[p] = table[rgb[p]];
                }
            }, (from, to, n) -> System.arraycopy(rgb, from, rgb, to, n));
            return rgb;
        }
        int[] gradient = palette.table(levels);
        inMirroredRows(field, (from, to) -> {
            for (int p = from; p < to; p++) {
                float s = smooth[p];
                rgb[p] = s >= 0 ? gradient[level(s)] : interiorRgb;
            }
        }, (from, to, n) -> System.arraycopy(rgb, from, rgb, to, n));
        return rgb;
    }

    /**
     * One index into {@link #colourTable()} per pixel (read it unsigned: {@code b & 0xFF}).
     *
     * @throws IllegalStateException if {@link #indexed()} is false
     */
    public byte[] toIndices(EscapeField field) {
        if (!indexed()) throw new IllegalStateException("indices need at most " + INDEXED_LEVELS + " levels, not " + levels);
        float[] smooth = field.smooth();
        byte[] indices = new byte[smooth.length];
        byte interior = (byte) levels;
        LevelTable levelTable = LevelTable.of(turn(offset), density, levels);
        inMirroredRows(field, (from, to) -> {
            if (levelTable != null) {
                levelTable.levels(smooth, from, to, indices, interior);
                return;
            }
            if (SIMD) {
                // through a small buffer that stays in the first-level cache, not one as large as
                // the block: allocating and zeroing 256 KB per map tile was 3% of a tile's time
                // (the last chunk takes up to 2 LEVEL_CHUNK - 1 pixels, never fewer than a vector)
                int[] level = new int[Math.min(2 * LEVEL_CHUNK, to - from)];
                for (int c = from, end; c < to; c = end) {
                    end = to - c < 2 * LEVEL_CHUNK ? to : c + LEVEL_CHUNK;
                    VectorLevels.levels(smooth, c, end, turn(offset), density / CYCLE, levels, level, 0);
                    for (int p = c; p < end; p++) {
                        indices[p] = (byte) level[p - c];
                    }
                }
                return;
            }
            for (int p = from; p < to; p++) {
                float s = smooth[p];
                indices[p] = s >= 0 ? (byte) level(s) : interior;
            }
        }, (from, to, n) -> System.arraycopy(indices, from, indices, to, n));
        return indices;
    }

    /** Levels a vector at a time ({@link VectorLevels}) when the Vector API module is present. */
    static final boolean SIMD = vectorLevels();

    private static boolean vectorLevels() {
        try {
            return VectorLevels.LANES >= 2;
        } catch (LinkageError e) {
            return false; // started without --add-modules jdk.incubator.vector: the scalar loop
        }
    }

    /** Pixels whose levels {@link #toIndices} computes at a time, before it narrows them to bytes. */
    private static final int LEVEL_CHUNK = 1024;

    /** Pixels per block of work; images up to this size are coloured on the calling thread. */
    private static final int BLOCK = 1 << 16;

    private interface Range {
        void run(int from, int to);
    }

    private interface Copy {
        /** Copies the output of pixels {@code [from, from + n)} to {@code [to, to + n)}. */
        void run(int from, int to, int n);
    }

    /**
     * Runs {@code colour} over the pixels of {@code field}, except for rows of the bottom half
     * whose smooth values equal, bit for bit, those of the row mirrored about the image's middle
     * ({@code j} and {@code height - 1 - j}): those get {@code copy} of the mirror row's output,
     * which colouring them would have given, as a colour depends on the smooth value alone. A
     * view centred on the real axis is symmetric (the renderer makes mirrored rows equal, see
     * {@code Plane}), so the seed's view is coloured half; on any other view the comparison
     * fails at the first pixels of each row.
     */
    private static void inMirroredRows(EscapeField field, Range colour, Copy copy) {
        int w = field.width();
        int h = field.height();
        float[] smooth = field.smooth();
        int top = (h + 1) / 2; // the middle row of an odd height is its own mirror
        inBlocks(top * w, colour);
        int rowsPerBlock = Math.max(1, BLOCK / w);
        forEachBlock((h - top + rowsPerBlock - 1) / rowsPerBlock, b -> {
            int last = Math.min(h, top + (b + 1) * rowsPerBlock);
            int differing = -1; // first of the rows in a row not equal to their mirror, or -1
            for (int j = top + b * rowsPerBlock; j < last; j++) {
                int row = j * w;
                int mirror = (h - 1 - j) * w;
                if (Arrays.equals(smooth, row, row + w, smooth, mirror, mirror + w)) {
                    if (differing >= 0) {
                        colour.run(differing * w, row);
                        differing = -1;
                    }
                    copy.run(mirror, row, w);
                } else if (differing < 0) {
                    differing = j;
                }
            }
            if (differing >= 0) {
                colour.run(differing * w, last * w); // one call for a run of rows: one buffer
            }
        });
    }

    /** Runs {@code block} for 0 .. blocks - 1: on the calling thread if that is one block. */
    private static void forEachBlock(int blocks, IntConsumer block) {
        if (blocks == 1) {
            block.accept(0);
        } else {
            IntStream.range(0, blocks).parallel().forEach(block);
        }
    }

    /**
     * Runs {@code range} over [0, n) in blocks of {@value #BLOCK} pixels, on the common fork/join
     * pool for more than one block: about a logarithm per pixel, so a large image takes ~10 ms of
     * CPU per megapixel, which every core can share (a map tile is a single block).
     */
    private static void inBlocks(int n, Range range) {
        forEachBlock((n + BLOCK - 1) / BLOCK, b -> range.run(b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
    }

    /** The gradient position of smooth value {@code s >= 0}, in [0, 1). */
    public double position(double s) {
        return position(s, offset, density);
    }

    private static double position(double s, double offset, double density) {
        // Math.log rather than Math.log1p: the JIT makes log an intrinsic, log1p is a library
        // call at several times the cost, and per pixel it was most of the colouring time. s is
        // never near -1, where log1p would be the more accurate.
        double t = turn(offset) + density / CYCLE * Math.log(1 + s);
        return t - Math.floor(t);
    }

    /**
     * The fractional part of {@code offset}, in [0, 1). Taken before the offset meets a position:
     * added whole, an offset of 1e15 leaves a position only 1/8 of resolution (and from 2^53
     * none), which flattened the image to a colour or two. Exact for offsets >= 0 (and for
     * negative ones rounded once, to an ulp of the result).
     */
    private static double turn(double offset) {
        return offset - Math.floor(offset);
    }

    private int level(float s) {
        return level(s, offset, density, levels);
    }

    /** The gradient level of smooth value {@code s >= 0}: the formula that {@link LevelTable} tabulates. */
    static int level(float s, double offset, double density, int levels) {
        // position() < 1, but rounding of t - floor(t) for huge t may reach 1.0: clamp.
        return Math.min((int) (position(s, offset, density) * levels), levels - 1);
    }
}
