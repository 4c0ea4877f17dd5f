package dev.mandelbrot.render.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The run-length deflate encoder, decoded back by the JDK's zlib {@link Inflater}. */
class RunLengthDeflaterTest {

    private static byte[] deflate(byte[] data, int piece, boolean last) {
        RunLengthDeflater d = new RunLengthDeflater(16);
        for (int at = 0; at < data.length; at += piece) {
            d.write(data, at, Math.min(data.length, at + piece));
        }
        byte[] out = d.finish(last);
        return Arrays.copyOf(out, d.length());
    }

    private static byte[] inflate(byte[] stream) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stream);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            assertThat(inflater.getRemaining()).as("bytes left after the stream").isZero();
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static byte[] runs(int length, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        for (int at = 0; at < length; ) {
            int run = random.nextInt(4) == 0 ? random.nextInt(600) : 1 + random.nextInt(4);
            byte b = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
            for (int k = 0; k < run && at < length; k++) {
                data[at++] = b;
            }
        }
        return data;
    }

    @ParameterizedTest(name = "{0} bytes of runs and noise round-trip")
    @ValueSource(ints = {0, 1, 2, 3, 4, 257, 258, 259, 260, 1000, 131_071, 131_072, 131_073, 1_000_000})
    void runsRoundTrip(int length) throws DataFormatException {
        byte[] data = runs(length, length);
        for (int piece : new int[] {1, 7, 1025, Integer.MAX_VALUE}) {
            if (piece == 1 && length > 10_000) {
                continue;
            }
            assertThat(inflate(deflate(data, piece, true))).isEqualTo(data);
        }
    }

    @Test
    void randomBytesRoundTrip() throws DataFormatException {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        assertThat(inflate(deflate(data, 4096, true))).isEqualTo(data);
    }

    @Test
    void oneByteRepeatedIsTiny() throws DataFormatException {
        byte[] data = new byte[1 << 20];
        Arrays.fill(data, (byte) 7);
        byte[] stream = deflate(data, 1025, true);
        assertThat(inflate(stream)).isEqualTo(data);
        assertThat(stream.length).isLessThan(data.length / 100);
    }

    @Test
    void skewedStatisticsStayWithinFifteenBits() throws DataFormatException {
        // Fibonacci-like frequencies make an unlimited Huffman code deeper than 15 bits
        ByteArrayOutputStream skewed = new ByteArrayOutputStream();
        long a = 1;
        long b = 1;
        for (int symbol = 0; symbol < 26; symbol++) {
            for (long k = 0; k < a; k++) {
                skewed.write(symbol * 9 + 1); // no two equal neighbours: no runs, all literals
                skewed.write(symbol * 9 + 2);
            }
            long t = a + b;
            a = b;
            b = t;
        }
        byte[] data = skewed.toByteArray();
        assertThat(inflate(deflate(data, 1 << 20, true))).isEqualTo(data);
    }

    @Test
    void streamsEndedBySyncFlushConcatenate() throws DataFormatException {
        byte[] first = runs(50_000, 3);
        byte[] second = runs(70_000, 4);
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        byte[] a = deflate(first, 999, false);
        byte[] b = deflate(second, 999, true);
        byte[] stream = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        assertThat(inflate(stream)).isEqualTo(joined);
    }

    @Test
    void canonicalCodesFollowRfc1951() {
        // the example of RFC 1951, 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) for A..H
        byte[] lengths = {3, 3, 3, 3, 3, 2, 4, 4};
        int[] expected = {0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111};
        int[] codes = RunLengthDeflater.Huffman.codes(lengths);
        for (int s = 0; s < lengths.length; s++) {
            assertThat(Integer.reverse(codes[s]) >>> (32 - lengths[s])).as("code of %s", (char) ('A' + s)).isEqualTo(expected[s]);
        }
    }
}
