package dev.mandelbrot.render.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG writer (PNG specification, third edition): 8-bit indexed or 8-bit-per-channel RGB,
 * non-interlaced, one filter choice per row, zlib through {@link Deflater}. Written here rather
 * than through ImageIO because ImageIO's writer offers no control of the deflate level or the
 * filters, and costs several times more time (see docs/BENCHMARKS.md, "Colouring and encoders").
 *
 * <p>The image data is compressed in horizontal bands, as pigz does: one band for a small image,
 * one per core from {@value #PARALLEL_BYTES} bytes of rows. Each band is a raw deflate stream
 * ended by a sync flush (the last one by the final block), so the bands' streams, one after the
 * other, form one valid zlib stream; its Adler-32 is combined from the bands'. Each band is given
 * the previous band's last 32 KiB of rows as its deflater's history, so the file is as small as
 * one made in a single stream. Memory is a few rows per band plus the compressed bytes, which
 * are then cut into {@code IDAT} chunks.
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

        /**
         * For indexed images: the UP filter and {@link #RUN_LENGTH} deflate. On the same image as
         * above, 2% larger than {@link #DEFAULT} (190 vs 186 kB) in about half the wall-clock time
         * (JMH p50 2.3 vs 4.3 ms, two bands on two cores): once rows are replaced by their
         * difference from the row above, what deflate finds in an escape-time image is runs.
         * Not for RGB, where zlib's matches across pixels are worth 44% of the size.
         */
        public static final Options INDEXED = new Options(4, RUN_LENGTH, Filter.UP);

        public Options {
            if (level < 0 || level > 9) throw new IllegalArgumentException("deflate level must be in [0, 9]: " + level);
            if (strategy != Deflater.DEFAULT_STRATEGY && strategy != Deflater.FILTERED && strategy != Deflater.HUFFMAN_ONLY
                    && strategy != RUN_LENGTH) {
                throw new IllegalArgumentException("unknown deflate strategy: " + strategy);
            }
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * Deflate strategy: runs only, by {@link RunLengthDeflater} (zlib's {@code Z_RLE}, which
     * {@link Deflater} does not offer); the level is then ignored. Best with {@link Filter#UP}.
     */
    public static final int RUN_LENGTH = 3;

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

    /** Bytes of rows from which bands are compressed in parallel (a 256x256 map tile has 64 KiB). */
    static final int PARALLEL_BYTES = 1 << 19;

    /** Deflate's window: how far back a match may reach. */
    private static final int WINDOW = 1 << 15;

    /** Smallest band, in rows: below it the per-band cost (a deflater, a sync flush) is not worth it. */
    private static final int MIN_BAND_ROWS = 32;

    private static void writeImageData(int width, int height, int bpp, RowSource rows, Options options, OutputStream out)
            throws IOException {
        boolean large = (long) (width * bpp + 1) * height >= PARALLEL_BYTES;
        int bands = large ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), height / MIN_BAND_ROWS)) : 1;
        writeInBands(width, height, bpp, rows, options, bands, out);
    }

    /** A band's compressed bytes and the Adler-32 and length of the filtered rows they hold. */
    private record Band(byte[] deflated, int length, long adler, long rawBytes) {}

    private static void writeInBands(int width, int height, int bpp, RowSource rows, Options options, int bands,
            OutputStream out) throws IOException {
        Band[] done = new Band[bands];
        IntStream range = IntStream.range(0, bands);
        (bands > 1 ? range.parallel() : range).forEach(b -> done[b] = band(width, bpp, rows, options,
                (int) ((long) height * b / bands), (int) ((long) height * (b + 1) / bands), b == bands - 1));
        long payload = 2 + 4; // the zlib header and the Adler-32 checksum around the bands
        for (Band band : done) {
            payload += band.length();
        }
        try (IdatWriter idat = new IdatWriter(out, payload)) {
            idat.write(zlibHeader(options.level(), options.strategy()));
            long adler = 1;
            for (Band band : done) {
                idat.write(band.deflated(), band.length());
                adler = combineAdler32(adler, band.adler(), band.rawBytes());
            }
            byte[] checksum = new byte[4];
            putInt(checksum, 0, (int) adler);
            idat.write(checksum);
        }
    }

    /** Filters and deflates rows [from, to) as a raw deflate stream; sync-flushed unless {@code last}. */
    private static Band band(int width, int bpp, RowSource rows, Options options, int from, int to, boolean last) {
        int stride = width * bpp;
        byte[] previous = new byte[stride]; // the row above; zeros above the image
        byte[] current = new byte[stride];
        byte[][] filtered = new byte[5][stride + 1];
        if (options.strategy() == RUN_LENGTH) {
            return runLengthBand(stride, bpp, rows, options, from, to, last, previous, current, filtered);
        }
        // The previous band's last 32 KiB of filtered rows, filtered again here, are this band's
        // history: the decoder has them in its window, so matches may reach back into them.
        int history = Math.min(from, (WINDOW + stride) / (stride + 1));
        byte[] dictionary = new byte[history * (stride + 1)];
        if (from - history > 0) {
            rows.copyRow(from - history - 1, previous);
        }
        for (int row = from - history, at = 0; row < from; row++, at += stride + 1) {
            rows.copyRow(row, current);
            System.arraycopy(filter(options.filter(), current, previous, bpp, filtered), 0, dictionary, at, stride + 1);
            byte[] t = previous;
            previous = current;
            current = t;
        }
        Adler32 adler = new Adler32();
        Compressed out = new Compressed(Math.max(1 << 12, (to - from) * (stride + 1) / 4));
        Deflater deflater = new Deflater(options.level(), true);
        try {
            deflater.setStrategy(options.strategy());
            int kept = Math.min(WINDOW, dictionary.length);
            if (kept > 0) {
                deflater.setDictionary(dictionary, dictionary.length - kept, kept);
            }
            for (int row = from; row < to; row++) {
                rows.copyRow(row, current);
                byte[] line = filter(options.filter(), current, previous, bpp, filtered);
                adler.update(line);
                deflater.setInput(line);
                out.drain(deflater, Deflater.NO_FLUSH);
                byte[] t = previous;
                previous = current;
                current = t;
            }
            if (last) {
                out.finish(deflater);
            } else {
                out.drain(deflater, Deflater.SYNC_FLUSH);
            }
        } finally {
            deflater.end();
        }
        return new Band(out.bytes, out.length, adler.getValue(), (long) (to - from) * (stride + 1));
    }

    /**
     * As {@link #band}, by {@link RunLengthDeflater}: its matches reach back one byte only, so the
     * previous band's rows are needed for the filter alone, not as history.
     */
    private static Band runLengthBand(int stride, int bpp, RowSource rows, Options options, int from, int to,
            boolean last, byte[] previous, byte[] current, byte[][] filtered) {
        if (from > 0) {
            rows.copyRow(from - 1, previous);
        }
        Adler32 adler = new Adler32();
        // grown by doubling: a guess of a sixteenth of the filtered bytes, not a quarter (a map
        // tile deflates to about 3 KB of its 64 KiB)
        RunLengthDeflater deflater = new RunLengthDeflater((to - from) * (stride + 1) / 16);
        for (int row = from; row < to; row++) {
            rows.copyRow(row, current);
            byte[] line = filter(options.filter(), current, previous, bpp, filtered);
            adler.update(line);
            deflater.write(line, 0, line.length);
            byte[] t = previous;
            previous = current;
            current = t;
        }
        byte[] bytes = deflater.finish(last);
        return new Band(bytes, deflater.length(), adler.getValue(), (long) (to - from) * (stride + 1));
    }

    /** A deflater's output, grown as it writes. */
    private static final class Compressed {
        byte[] bytes;
        int length;

        Compressed(int capacity) {
            bytes = new byte[capacity];
        }

        /**
         * Lets the deflater take all its input and write until it stops short of filling the
         * buffer, which it does only once it has written everything {@code flush} asks for. A
         * call may only apply a pending strategy and return early, hence the input test too.
         */
        void drain(Deflater deflater, int flush) {
            do {
                if (length == bytes.length) bytes = Arrays.copyOf(bytes, 2 * bytes.length);
                length += deflater.deflate(bytes, length, bytes.length - length, flush);
            } while (length == bytes.length || !deflater.needsInput());
        }

        /** Ends the stream: the final block and everything still pending. */
        void finish(Deflater deflater) {
            deflater.finish();
            while (!deflater.finished()) {
                if (length == bytes.length) bytes = Arrays.copyOf(bytes, 2 * bytes.length);
                length += deflater.deflate(bytes, length, bytes.length - length);
            }
        }
    }

    /**
     * RFC 1950 header: deflate with a 32 KiB window, no preset dictionary, and the FLEVEL zlib
     * itself writes for this level and strategy (so one band gives the bytes {@link Deflater}'s
     * own zlib wrapper would).
     */
    private static byte[] zlibHeader(int level, int strategy) {
        int cmf = 0x78;
        int flevel = strategy == Deflater.HUFFMAN_ONLY || strategy == RUN_LENGTH || level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
        int flg = flevel << 6;
        flg += (31 - (cmf * 256 + flg) % 31) % 31; // FCHECK: the header is a multiple of 31
        return new byte[] {(byte) cmf, (byte) flg};
    }

    /**
     * The Adler-32 of two byte sequences one after the other, from theirs and the second's
     * length. With A = 1 + the sum of the bytes and B = the sum of the successive A's (mod
     * 65521): A(xy) = A(x) + A(y) - 1 and B(xy) = B(x) + B(y) + len(y) (A(x) - 1).
     */
    static long combineAdler32(long first, long second, long secondLength) {
        final long mod = 65521;
        long a1 = first & 0xFFFF;
        long b1 = first >>> 16;
        long a2 = second & 0xFFFF;
        long b2 = second >>> 16;
        long a = (a1 + a2 + mod - 1) % mod;
        long b = (b1 + b2 + (secondLength % mod) * ((a1 + mod - 1) % mod)) % mod;
        return b << 16 | a;
    }

    /** Cuts a byte stream into {@code IDAT} chunks of at most {@value #CHUNK} bytes. */
    private static final class IdatWriter implements AutoCloseable {
        private final OutputStream out;
        private final byte[] chunk;
        private int filled;

        /** @param payload bytes that will be written: a map tile's few KiB need no 64 KiB buffer */
        IdatWriter(OutputStream out, long payload) {
            this.out = out;
            this.chunk = new byte[(int) Math.min(CHUNK, payload)];
        }

        void write(byte[] bytes) throws IOException {
            write(bytes, bytes.length);
        }

        void write(byte[] bytes, int length) throws IOException {
            for (int at = 0; at < length; ) {
                int n = Math.min(length - at, chunk.length - filled);
                System.arraycopy(bytes, at, chunk, filled, n);
                filled += n;
                at += n;
                if (filled == chunk.length) {
                    writeChunk("IDAT", chunk, filled, out);
                    filled = 0;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (filled > 0) {
                writeChunk("IDAT", chunk, filled, out);
            }
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
