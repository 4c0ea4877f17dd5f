package dev.mandelbrot.render.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG writer (PNG specification, third edition): 8-bit indexed or 8-bit-per-channel RGB,
 * non-interlaced, one filter choice per row, zlib through {@link Deflater}. Written here rather
 * than through ImageIO because ImageIO's writer offers no control of the deflate level or the
 * filters, and costs several times more time (see docs/BENCHMARKS.md, "Colouring and encoders").
 *
 * <p>The image data streams out: a row is filtered and fed to the deflater while earlier
 * compressed bytes are already leaving as {@code IDAT} chunks, so memory stays at a few rows
 * plus one chunk buffer whatever the image size.
 */
public final class PngEncoder {
    /** The per-row filter (PNG filter method 0). */
    public enum Filter {
        NONE(0), SUB(1), UP(2), AVERAGE(3), PAETH(4),
        /** Per row, the filter whose output has the least sum of absolute values (the spec's suggested heuristic). */
        ADAPTIVE(-1);

        final int type;

        Filter(int type) { this.type = type; }
    }

    /**
     * Compression settings.
     *
     * @param level deflate level, 0 (store) to 9
     * @param strategy {@link Deflater#DEFAULT_STRATEGY}, {@link Deflater#FILTERED} or {@link Deflater#HUFFMAN_ONLY}
     * @param filter the row filter
     */
    public record Options(int level, int strategy, Filter filter) {
        /**
         * Level 4, default strategy, no filter: chosen by measurement on a 1024x1024
         * smooth-coloured full view (docs/BENCHMARKS.md, "Colouring and encoders"). Indexed: the
         * same CPU time as level 1 (about 9 ms) for 16% fewer bytes; level 6 costs twice the
         * time for 7% less. Filters cost time in every case and, for RGB, even add bytes: the
         * pixels come from a small lookup table, so repeated raw colours are what deflate finds
         * best, and differences between neighbours break those repeats. For indexed pixels, SUB
         * or UP save another 9% for 30% more time, which a service on two cores does not pay.
         * {@link Deflater#FILTERED} changes nothing below level 4 and from there adds 4-10% to
         * unfiltered images; {@link Deflater#HUFFMAN_ONLY} is 1.1 to 5.5 times larger.
         */
        public static final Options DEFAULT = new Options(4, Deflater.DEFAULT_STRATEGY, Filter.NONE);

        public Options {
            if (level < 0 || level > 9) throw new IllegalArgumentException("deflate level must be in [0, 9]: " + level);
            if (strategy != Deflater.DEFAULT_STRATEGY && strategy != Deflater.FILTERED && strategy != Deflater.HUFFMAN_ONLY) {
                throw new IllegalArgumentException("unknown deflate strategy: " + strategy);
            }
            Objects.requireNonNull(filter, "filter");
        }
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int CHUNK = 1 << 16;

    private PngEncoder() {}

    /**
     * Writes an 8-bit indexed image.
     *
     * @param indices one palette index per pixel, row-major, read unsigned
     * @param colours the palette, {@code 0xRRGGBB}, 1 to 256 entries; every index must be below its length
     */
    public static void writeIndexed(int width, int height, byte[] indices, int[] colours, Options options, OutputStream out)
            throws IOException {
        checkSize(width, height, indices.length);
        if (colours.length < 1 || colours.length > 256) {
            throw new IllegalArgumentException("an indexed PNG has 1 to 256 colours, not " + colours.length);
        }
        out.write(SIGNATURE);
        writeHeader(width, height, 3, out);
        byte[] plte = new byte[3 * colours.length];
        for (int k = 0; k < colours.length; k++) {
            plte[3 * k] = (byte) (colours[k] >>> 16);
            plte[3 * k + 1] = (byte) (colours[k] >>> 8);
            plte[3 * k + 2] = (byte) colours[k];
        }
        writeChunk("PLTE", plte, plte.length, out);
        writeImageData(width, height, 1, (row, dst) -> System.arraycopy(indices, row * width, dst, 0, width), options, out);
        writeChunk("IEND", new byte[0], 0, out);
    }

    /** Writes a 24-bit RGB image from one {@code 0xRRGGBB} per pixel, row-major (the top byte is ignored). */
    public static void writeRgb(int width, int height, int[] rgb, Options options, OutputStream out) throws IOException {
        checkSize(width, height, rgb.length);
        out.write(SIGNATURE);
        writeHeader(width, height, 2, out);
        writeImageData(width, height, 3, (row, dst) -> {
            for (int i = 0, p = row * width; i < width; i++, p++) {
                int c = rgb[p];
                dst[3 * i] = (byte) (c >>> 16);
                dst[3 * i + 1] = (byte) (c >>> 8);
                dst[3 * i + 2] = (byte) c;
            }
        }, options, out);
        writeChunk("IEND", new byte[0], 0, out);
    }

    private static void checkSize(int width, int height, int pixels) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if ((long) width * height != pixels) {
            throw new IllegalArgumentException(pixels + " pixels do not make a " + width + "x" + height + " image");
        }
    }

    private static void writeHeader(int width, int height, int colourType, OutputStream out) throws IOException {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte) colourType; // 2 = RGB, 3 = indexed
        // compression method 0, filter method 0, no interlace: bytes 10..12 stay 0
        writeChunk("IHDR", ihdr, ihdr.length, out);
    }

    @FunctionalInterface
    private interface RowSource {
        void copyRow(int row, byte[] dst);
    }

    private static void writeImageData(int width, int height, int bpp, RowSource rows, Options options, OutputStream out)
            throws IOException {
        int stride = width * bpp;
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        // One output row per filter type (index = type), each with its leading filter-type byte.
        byte[][] filtered = new byte[5][stride + 1];
        byte[] chunk = new byte[CHUNK];
        int filled = 0;
        Deflater deflater = new Deflater(options.level());
        try {
            deflater.setStrategy(options.strategy());
            for (int row = 0; row < height; row++) {
                rows.copyRow(row, current);
                byte[] line = filter(options.filter(), current, previous, bpp, filtered);
                deflater.setInput(line);
                while (!deflater.needsInput()) {
                    filled += deflater.deflate(chunk, filled, CHUNK - filled);
                    if (filled == CHUNK) {
                        writeChunk("IDAT", chunk, filled, out);
                        filled = 0;
                    }
                }
                byte[] t = previous;
                previous = current;
                current = t;
            }
            deflater.finish();
            while (!deflater.finished()) {
                filled += deflater.deflate(chunk, filled, CHUNK - filled);
                if (filled == CHUNK) {
                    writeChunk("IDAT", chunk, filled, out);
                    filled = 0;
                }
            }
            if (filled > 0) writeChunk("IDAT", chunk, filled, out);
        } finally {
            deflater.end();
        }
    }

    /** Returns the row to compress (filter-type byte first), one of {@code filtered}. */
    private static byte[] filter(Filter filter, byte[] cur, byte[] prev, int bpp, byte[][] filtered) {
        if (filter != Filter.ADAPTIVE) {
            byte[] line = filtered[filter.type];
            apply(filter.type, cur, prev, bpp, line);
            return line;
        }
        byte[] best = null;
        long bestCost = Long.MAX_VALUE;
        for (int type = 0; type < 5; type++) {
            byte[] line = filtered[type];
            apply(type, cur, prev, bpp, line);
            long cost = 0;
            for (int k = 1; k < line.length; k++) cost += Math.abs(line[k]); // bytes read as signed: the spec's heuristic
            if (cost < bestCost) {
                bestCost = cost;
                best = line;
            }
        }
        return best;
    }

    private static void apply(int type, byte[] cur, byte[] prev, int bpp, byte[] line) {
        line[0] = (byte) type;
        int n = cur.length;
        int head = Math.min(bpp, n);
        // The first pixel has no left neighbour (it counts as 0): handled apart so that the
        // main loops have no per-byte branch.
        switch (type) {
            case 0 -> System.arraycopy(cur, 0, line, 1, n);
            case 1 -> {
                System.arraycopy(cur, 0, line, 1, head);
                for (int k = bpp; k < n; k++) line[k + 1] = (byte) (cur[k] - cur[k - bpp]);
            }
            case 2 -> {
                for (int k = 0; k < n; k++) line[k + 1] = (byte) (cur[k] - prev[k]);
            }
            case 3 -> {
                for (int k = 0; k < head; k++) line[k + 1] = (byte) (cur[k] - ((prev[k] & 0xFF) >>> 1));
                for (int k = bpp; k < n; k++) {
                    line[k + 1] = (byte) (cur[k] - (((cur[k - bpp] & 0xFF) + (prev[k] & 0xFF)) >>> 1));
                }
            }
            case 4 -> {
                for (int k = 0; k < head; k++) line[k + 1] = (byte) (cur[k] - prev[k]); // paeth(0, up, 0) = up
                for (int k = bpp; k < n; k++) {
                    line[k + 1] = (byte) (cur[k] - paeth(cur[k - bpp] & 0xFF, prev[k] & 0xFF, prev[k - bpp] & 0xFF));
                }
            }
            default -> throw new AssertionError(type);
        }
    }

    /** The PNG Paeth predictor: whichever of left, up, up-left is closest to left + up - up-left. */
    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static void writeChunk(String type, byte[] data, int length, OutputStream out) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(typeBytes, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(head);
        out.write(data, 0, length);
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
