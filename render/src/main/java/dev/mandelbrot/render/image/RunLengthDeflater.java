package dev.mandelbrot.render.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw deflate (RFC 1951) encoder whose only matches are runs: a byte repeated, as a match at
 * distance 1 (zlib's {@code Z_RLE} strategy, which {@link java.util.zip.Deflater} does not
 * offer). Written here because that is all an UP-filtered Mandelbrot image needs: rows that
 * repeat the row above become runs of zeros, and neighbours of one colour band become runs; on
 * the seed's view it gives the size of zlib's level 4 without a filter, in a fraction of the time,
 * since there is no hash table and no search (docs/BENCHMARKS.md, "Colouring and encoders").
 *
 * <p>Input is taken in any pieces; every {@value #BLOCK_BYTES} bytes, and at the end, the symbols
 * are written as one block with its own Huffman codes. The stream ends either with the final
 * block or, for a stream that others continue, byte-aligned by an empty stored block (zlib's sync
 * flush), so streams can be concatenated. The first byte given is always a literal: a match never
 * reaches before the stream's own input.
 */
final class RunLengthDeflater {

    /** Input bytes per block: the codes follow the data's statistics, a block header is ~100 bytes. */
    static final int BLOCK_BYTES = 1 << 17;

    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int END_OF_BLOCK = 256;
    private static final int LITERALS = 286;
    private static final int MAX_BITS = 15;

    // length 3..258 -> symbol 257..285, extra bits and their value
    private static final short[] LENGTH_SYMBOL = new short[MAX_MATCH + 1];
    private static final byte[] LENGTH_EXTRA = new byte[MAX_MATCH + 1];
    private static final short[] LENGTH_BASE = new short[MAX_MATCH + 1];

    static {
        int[] base = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
            131, 163, 195, 227, 258};
        int[] extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int code = 0; code < base.length; code++) {
            int last = code + 1 < base.length ? base[code + 1] - 1 : MAX_MATCH;
            if (code == base.length - 2) {
                last = 257; // 227 + 5 bits would reach 258, which has a code of its own
            }
            for (int len = base[code]; len <= last; len++) {
                LENGTH_SYMBOL[len] = (short) (257 + code);
                LENGTH_EXTRA[len] = (byte) extra[code];
                LENGTH_BASE[len] = (short) base[code];
            }
        }
    }

    /** Order in which the code-length code's lengths are sent (RFC 1951, 3.2.7). */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final BitWriter out;
    // pending symbols: a literal (0..255) or a match length (MAX_MATCH + length, never confused)
    private short[] symbols = new short[1 << 12];
    private int pending;
    private int pendingBytes;
    private final int[] frequencies = new int[LITERALS];
    private int last = -1; // the previous input byte, -1 before the first

    RunLengthDeflater(int expectedOutput) {
        out = new BitWriter(Math.max(64, expectedOutput));
    }

    /** Adds {@code data[from, to)} to the stream. */
    void write(byte[] data, int from, int to) {
        int i = from;
        while (i < to) {
            int b = data[i] & 0xFF;
            if (b == last) {
                int limit = Math.min(to - i, MAX_MATCH);
                // the run ends where a byte differs from the one before it: Arrays.mismatch compares
                // the bytes with themselves shifted by one, many at a time (a byte-by-byte loop
                // here was a sixth of a map tile's colouring and encoding: filtered rows that
                // repeat the row above are 257 zeros)
                int differ = limit > 1 ? Arrays.mismatch(data, i + 1, i + limit, data, i, i + limit - 1) : 0;
                int run = differ < 0 ? limit : differ + 1;
                if (run >= MIN_MATCH) {
                    symbol(MAX_MATCH + run);
                    frequencies[LENGTH_SYMBOL[run]]++;
                    pendingBytes += run;
                    i += run;
                    continue;
                }
            }
            symbol(b);
            frequencies[b]++;
            pendingBytes++;
            last = b;
            i++;
            if (pendingBytes >= BLOCK_BYTES) {
                writeBlock(false);
            }
        }
        if (pendingBytes >= BLOCK_BYTES) {
            writeBlock(false);
        }
    }

    private void symbol(int s) {
        if (pending == symbols.length) {
            symbols = Arrays.copyOf(symbols, 2 * symbols.length);
        }
        symbols[pending++] = (short) s;
    }

    /**
     * Ends the stream: the pending symbols as the final block if {@code last}, else followed by an
     * empty stored block that byte-aligns it. Returns the stream's bytes ({@code [0, length())}).
     */
    byte[] finish(boolean last) {
        if (last) {
            writeBlock(true);
        } else {
            if (pending > 0) {
                writeBlock(false);
            }
            out.bits(0, 3); // stored, not final
            out.alignToByte();
            out.bits(0x0000, 16);
            out.bits(0xFFFF, 16);
        }
        out.alignToByte();
        return out.bytes();
    }

    int length() {
        return out.length();
    }

    /** Writes the pending symbols as one block with dynamic Huffman codes. */
    private void writeBlock(boolean isFinal) {
        frequencies[END_OF_BLOCK]++;
        byte[] litLengths = Huffman.lengths(frequencies, MAX_BITS);
        int[] litCodes = Huffman.codes(litLengths);
        // one distance code (distance 1), of length 1: the one incomplete code RFC 1951 allows
        byte[] distLengths = {1};
        int hlit = LITERALS;
        while (hlit > 257 && litLengths[hlit - 1] == 0) {
            hlit--;
        }
        // the code lengths, literal/length then distance, run-length coded with symbols 16-18
        byte[] all = new byte[hlit + 1];
        System.arraycopy(litLengths, 0, all, 0, hlit);
        all[hlit] = distLengths[0];
        int[] clSymbols = new int[all.length];
        int[] clExtra = new int[all.length];
        int[] clFrequencies = new int[19];
        int n = 0;
        for (int i = 0; i < all.length; ) {
            int len = all[i];
            int run = 1;
            while (i + run < all.length && all[i + run] == len) {
                run++;
            }
            if (len == 0 && run >= 3) {
                int r = Math.min(run, 138);
                clSymbols[n] = r <= 10 ? 17 : 18;
                clExtra[n] = r <= 10 ? r - 3 : r - 11;
                clFrequencies[clSymbols[n++]]++;
                i += r;
            } else if (len != 0 && run >= 4) {
                clSymbols[n] = len; // the length once, then repeats of it
                clFrequencies[clSymbols[n++]]++;
                int r = Math.min(run - 1, 6);
                clSymbols[n] = 16;
                clExtra[n] = r - 3;
                clFrequencies[clSymbols[n++]]++;
                i += 1 + r;
            } else {
                clSymbols[n] = len;
                clFrequencies[clSymbols[n++]]++;
                i++;
            }
        }
        byte[] clLengths = Huffman.lengths(clFrequencies, 7);
        int[] clCodes = Huffman.codes(clLengths);
        int hclen = 19;
        while (hclen > 4 && clLengths[CODE_LENGTH_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        out.bits(isFinal ? 1 : 0, 1);
        out.bits(2, 2); // dynamic Huffman codes
        out.bits(hlit - 257, 5);
        out.bits(0, 5); // HDIST - 1: one distance code
        out.bits(hclen - 4, 4);
        for (int k = 0; k < hclen; k++) {
            out.bits(clLengths[CODE_LENGTH_ORDER[k]], 3);
        }
        for (int k = 0; k < n; k++) {
            int s = clSymbols[k];
            out.bits(clCodes[s], clLengths[s]);
            switch (s) {
                case 16 -> out.bits(clExtra[k], 2);
                case 17 -> out.bits(clExtra[k], 3);
                case 18 -> out.bits(clExtra[k], 7);
                default -> { }
            }
        }
        // the data, one table look-up per symbol: its bits and their count (a match: the length's
        // code, its extra bits, then distance code 0, one bit 0)
        int[] bits = new int[MAX_MATCH * 2 + 1];
        byte[] count = new byte[bits.length];
        for (int b = 0; b < 256; b++) {
            bits[b] = litCodes[b];
            count[b] = litLengths[b];
        }
        for (int len = MIN_MATCH; len <= MAX_MATCH; len++) {
            int ls = LENGTH_SYMBOL[len];
            if (litLengths[ls] != 0) {
                bits[MAX_MATCH + len] = litCodes[ls] | (len - LENGTH_BASE[len]) << litLengths[ls];
                count[MAX_MATCH + len] = (byte) (litLengths[ls] + LENGTH_EXTRA[len] + 1);
            }
        }
        short[] symbols = this.symbols;
        for (int k = 0; k < pending; k++) {
            int s = symbols[k];
            out.bits(bits[s], count[s]);
        }
        out.bits(litCodes[END_OF_BLOCK], litLengths[END_OF_BLOCK]);
        Arrays.fill(frequencies, 0);
        pending = 0;
        pendingBytes = 0;
    }

    /** Length-limited Huffman code lengths, and canonical codes bit-reversed for an LSB-first stream. */
    static final class Huffman {
        private Huffman() {}

        /**
         * Code lengths for {@code frequencies}, none above {@code maxBits}; symbols of frequency 0
         * get none. If one symbol is used, it gets length 1 and so does a second, unused one
         * (decoders refuse an incomplete literal/length code).
         */
        static byte[] lengths(int[] frequencies, int maxBits) {
            int[] f = frequencies.clone();
            int used = 0;
            for (int x : f) {
                used += x > 0 ? 1 : 0;
            }
            byte[] lengths = new byte[f.length];
            if (used <= 1) {
                // a lone symbol: two codes of length 1 (the other unused), so the code is complete
                int only = 0;
                while (only < f.length - 1 && f[only] == 0) {
                    only++;
                }
                lengths[only] = 1;
                lengths[only == 0 ? 1 : 0] = 1;
                return lengths;
            }
            while (true) {
                build(f, lengths);
                int max = 0;
                for (byte l : lengths) {
                    max = Math.max(max, l);
                }
                if (max <= maxBits) {
                    return lengths;
                }
                // too deep: flatten the statistics and build again (rare; costs a few bits)
                for (int s = 0; s < f.length; s++) {
                    if (f[s] > 0) {
                        f[s] = (f[s] >>> 1) | 1;
                    }
                }
            }
        }

        /** Unlimited Huffman lengths by the two-queue method over the sorted leaves. */
        private static void build(int[] f, byte[] lengths) {
            int n = f.length;
            long[] leaves = new long[n];
            int count = 0;
            for (int s = 0; s < n; s++) {
                if (f[s] > 0) {
                    leaves[count++] = (long) f[s] << 32 | s;
                }
            }
            Arrays.sort(leaves, 0, count);
            // nodes: 0..count-1 leaves (sorted), count.. internal; parent links to find depths
            int[] parent = new int[2 * count - 1];
            long[] weight = new long[2 * count - 1];
            for (int k = 0; k < count; k++) {
                weight[k] = leaves[k] >>> 32;
            }
            int leaf = 0;
            int inner = count;
            int made = count;
            for (int step = 0; step < count - 1; step++) {
                int a = leaf < count && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                int b = leaf < count && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                weight[made] = weight[a] + weight[b];
                parent[a] = made;
                parent[b] = made;
                made++;
            }
            int root = made - 1;
            int[] depth = new int[made];
            for (int k = root - 1; k >= 0; k--) {
                depth[k] = depth[parent[k]] + 1;
            }
            Arrays.fill(lengths, (byte) 0);
            for (int k = 0; k < count; k++) {
                lengths[(int) leaves[k]] = (byte) Math.min(depth[k], 127);
            }
        }

        /** Canonical codes (RFC 1951, 3.2.2) for {@code lengths}, each bit-reversed. */
        static int[] codes(byte[] lengths) {
            int[] perLength = new int[MAX_BITS + 2];
            for (byte l : lengths) {
                perLength[l]++;
            }
            perLength[0] = 0;
            int[] next = new int[MAX_BITS + 2];
            int code = 0;
            for (int bits = 1; bits <= MAX_BITS + 1; bits++) {
                code = (code + perLength[bits - 1]) << 1;
                next[bits] = code;
            }
            int[] codes = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                int len = lengths[s];
                if (len != 0) {
                    codes[s] = Integer.reverse(next[len]++) >>> (32 - len);
                }
            }
            return codes;
        }
    }

    /** Bits, least significant first, into a growing byte array. */
    private static final class BitWriter {
        private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

        private byte[] bytes;
        private int length;
        private long buffer;
        private int count;

        BitWriter(int capacity) {
            bytes = new byte[capacity];
        }

        /** Appends the low {@code n} bits of {@code value} (n <= 32). */
        void bits(int value, int n) {
            buffer |= (value & 0xFFFFFFFFL & ((1L << n) - 1)) << count;
            count += n;
            if (count >= 32) {
                if (length + 4 > bytes.length) {
                    bytes = Arrays.copyOf(bytes, 2 * bytes.length + 4);
                }
                INT_LE.set(bytes, length, (int) buffer);
                length += 4;
                buffer >>>= 32;
                count -= 32;
            }
        }

        void alignToByte() {
            if (length + 8 > bytes.length) {
                bytes = Arrays.copyOf(bytes, 2 * bytes.length + 8);
            }
            while (count > 0) {
                bytes[length++] = (byte) buffer;
                buffer >>>= 8;
                count = Math.max(0, count - 8);
            }
            buffer = 0;
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }
    }
}
