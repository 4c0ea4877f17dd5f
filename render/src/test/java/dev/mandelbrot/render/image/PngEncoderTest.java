package dev.mandelbrot.render.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.image.PngEncoder.Filter;
import dev.mandelbrot.render.image.PngEncoder.Options;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PngEncoderTest {
    static Stream<Arguments> filtersAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        int[][] sizes = {{1, 1}, {7, 3}, {3, 7}, {64, 33}, {255, 2}};
        for (Filter filter : Filter.values()) {
            for (int[] size : sizes) cases.add(Arguments.of(filter, size[0], size[1]));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("filtersAndSizes")
    void rgbImagesDecodeToTheSamePixelsWithEveryFilter(Filter filter, int width, int height) throws IOException {
        int[] rgb = randomSmoothish(width * height, 0xFFFFFF, width);
        byte[] png = rgb(width, height, rgb, new Options(6, Deflater.DEFAULT_STRATEGY, filter));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(pixels(image)).containsExactly(rgb);
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("filtersAndSizes")
    void indexedImagesDecodeToTheSameIndicesWithEveryFilter(Filter filter, int width, int height) throws Exception {
        int[] colours = new int[200];
        for (int k = 0; k < colours.length; k++) colours[k] = k * 0x010203 & 0xFFFFFF;
        byte[] indices = new byte[width * height];
        int[] source = randomSmoothish(indices.length, colours.length - 1, width);
        for (int p = 0; p < indices.length; p++) indices[p] = (byte) source[p];
        for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, PngEncoder.RUN_LENGTH}) {
            byte[] png = indexed(width, height, indices, colours, new Options(6, strategy, filter));

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getColorModel()).isInstanceOf(IndexColorModel.class);
            int[] decoded = image.getRaster().getPixels(0, 0, width, height, (int[]) null);
            for (int p = 0; p < indices.length; p++) assertThat(decoded[p]).isEqualTo(indices[p] & 0xFF);
            for (int p = 0; p < indices.length; p++) {
                assertThat(image.getRGB(p % width, p / width) & 0xFFFFFF).isEqualTo(colours[indices[p] & 0xFF]);
            }
            assertThat(inflate(idat(png))).hasSize((width + 1) * height);
        }
    }

    @Test
    void everyLevelAndStrategyDecodes() throws IOException {
        int[] rgb = randomSmoothish(40 * 30, 0xFFFFFF, 40);
        for (int level = 0; level <= 9; level++) {
            for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY, PngEncoder.RUN_LENGTH}) {
                byte[] png = rgb(40, 30, rgb, new Options(level, strategy, Filter.PAETH));
                assertThat(pixels(ImageIO.read(new ByteArrayInputStream(png)))).containsExactly(rgb);
            }
        }
    }

    @Test
    void theFileIsWellFormedChunksWithValidCrcs() throws IOException {
        // Level 0 on noise: the data spans several 64 KiB IDAT chunks.
        int width = 300, height = 200;
        int[] rgb = new SplittableRandom(1).ints(width * height, 0, 1 << 24).toArray();
        byte[] png = rgb(width, height, rgb, new Options(0, Deflater.DEFAULT_STRATEGY, Filter.NONE));

        ByteBuffer in = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        in.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        List<String> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertThat(in.getInt()).as("CRC").isEqualTo((int) crc.getValue());
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            types.add(type);
            if (type.equals("IHDR")) {
                ByteBuffer ihdr = ByteBuffer.wrap(typeAndData, 4, 13);
                assertThat(ihdr.getInt()).isEqualTo(width);
                assertThat(ihdr.getInt()).isEqualTo(height);
                assertThat(ihdr.get()).as("bit depth").isEqualTo((byte) 8);
                assertThat(ihdr.get()).as("colour type").isEqualTo((byte) 2);
            }
        }
        assertThat(types.getFirst()).isEqualTo("IHDR");
        assertThat(types.getLast()).isEqualTo("IEND");
        assertThat(types.stream().filter("IDAT"::equals).count()).isGreaterThan(2);
        assertThat(pixels(ImageIO.read(new ByteArrayInputStream(png)))).containsExactly(rgb);
    }

    @ParameterizedTest(name = "{0}, level {1}, strategy {2}")
    @MethodSource("bandedCases")
    void largeImagesAreDeflatedInBandsIntoOneValidZlibStream(Filter filter, int level, int strategy) throws Exception {
        // over PngEncoder.PARALLEL_BYTES, so compressed in bands on every core
        int width = 1100, height = 700;
        assertThat((long) (3 * width + 1) * height).isGreaterThan(PngEncoder.PARALLEL_BYTES);
        int[] rgb = randomSmoothish(width * height, 0xFFFFFF, width);
        byte[] png = rgb(width, height, rgb, new Options(level, strategy, filter));

        // isEqualTo, not containsExactly: AssertJ compares 770,000 elements the slow way
        assertThat(pixels(ImageIO.read(new ByteArrayInputStream(png)))).isEqualTo(rgb);
        // java.util.zip checks the zlib header and the Adler-32 that ImageIO ignores
        byte[] raw = inflate(idat(png));
        assertThat(raw).hasSize((3 * width + 1) * height);
    }

    static Stream<Arguments> bandedCases() {
        int zlib = Deflater.DEFAULT_STRATEGY;
        return Stream.of(Arguments.of(Filter.NONE, 4, zlib), Arguments.of(Filter.PAETH, 6, zlib), Arguments.of(Filter.UP, 1, zlib),
                Arguments.of(Filter.ADAPTIVE, 9, zlib), Arguments.of(Filter.SUB, 0, zlib),
                Arguments.of(Filter.UP, 4, PngEncoder.RUN_LENGTH), Arguments.of(Filter.NONE, 4, PngEncoder.RUN_LENGTH));
    }

    @Test
    void largeIndexedImagesDecodeThroughBandsToo() throws Exception {
        int width = 1024, height = 1024;
        int[] colours = new int[256];
        for (int k = 0; k < colours.length; k++) colours[k] = k * 0x010101;
        int[] source = randomSmoothish(width * height, 255, width);
        byte[] indices = new byte[source.length];
        for (int p = 0; p < indices.length; p++) indices[p] = (byte) source[p];
        byte[] png = indexed(width, height, indices, colours, Options.DEFAULT);

        int[] decoded = ImageIO.read(new ByteArrayInputStream(png)).getRaster().getPixels(0, 0, width, height, (int[]) null);
        for (int p = 0; p < indices.length; p++) assertThat(decoded[p]).isEqualTo(indices[p] & 0xFF);
        assertThat(inflate(idat(png))).hasSize((width + 1) * height);
    }

    @Test
    void adlerChecksumsOfPartsCombineIntoTheWholesChecksum() {
        byte[] data = new byte[100_000];
        new SplittableRandom(7).nextBytes(data);
        for (int split : new int[] {0, 1, 65_520, 65_521, 65_522, 99_999, 100_000}) {
            java.util.zip.Adler32 first = new java.util.zip.Adler32();
            first.update(data, 0, split);
            java.util.zip.Adler32 second = new java.util.zip.Adler32();
            second.update(data, split, data.length - split);
            java.util.zip.Adler32 whole = new java.util.zip.Adler32();
            whole.update(data);
            assertThat(PngEncoder.combineAdler32(first.getValue(), second.getValue(), data.length - split))
                    .as("split at %d", split).isEqualTo(whole.getValue());
        }
    }

    /** The concatenated data of every IDAT chunk: the zlib stream. */
    private static byte[] idat(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        var stream = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            byte[] data = new byte[length];
            in.get(data);
            in.getInt(); // CRC, checked elsewhere
            if (new String(type, StandardCharsets.US_ASCII).equals("IDAT")) stream.writeBytes(data);
        }
        return stream.toByteArray();
    }

    /** Inflates a whole zlib stream; throws if the header or the Adler-32 is wrong. */
    private static byte[] inflate(byte[] zlib) throws java.util.zip.DataFormatException {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(zlib);
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new AssertionError("truncated zlib stream");
            }
            out.write(buffer, 0, n);
        }
        assertThat(inflater.getRemaining()).as("bytes after the zlib stream").isZero();
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void paethPicksTheNeighbourClosestToTheGradientGuess() {
        assertThat(PngEncoder.paeth(10, 20, 10)).isEqualTo(20); // guess 20: up
        assertThat(PngEncoder.paeth(20, 10, 10)).isEqualTo(20); // guess 20: left
        assertThat(PngEncoder.paeth(10, 10, 20)).isEqualTo(10); // guess 0: left wins ties
        assertThat(PngEncoder.paeth(5, 200, 190)).isEqualTo(5);
    }

    @Test
    void badArgumentsAreRejectedWithAReason() {
        assertThatThrownBy(() -> new Options(10, Deflater.DEFAULT_STRATEGY, Filter.NONE)).hasMessageContaining("level");
        assertThatThrownBy(() -> new Options(1, 7, Filter.NONE)).hasMessageContaining("strategy");
        assertThatThrownBy(() -> rgb(2, 2, new int[3], Options.DEFAULT)).hasMessageContaining("2x2");
        assertThatThrownBy(() -> indexed(1, 1, new byte[1], new int[257], Options.DEFAULT)).hasMessageContaining("256");
    }

    /** Values that vary slowly along rows with some noise, like a rendered image. */
    private static int[] randomSmoothish(int n, int max, int width) {
        SplittableRandom random = new SplittableRandom(n);
        int[] values = new int[n];
        for (int p = 0; p < n; p++) {
            values[p] = random.nextInt(10) == 0 ? random.nextInt(max + 1) : (int) ((long) (p % width) * max / Math.max(1, width - 1));
        }
        return values;
    }

    private static byte[] rgb(int w, int h, int[] rgb, Options options) throws IOException {
        var out = new ByteArrayOutputStream();
        PngEncoder.writeRgb(w, h, rgb, options, out);
        return out.toByteArray();
    }

    private static byte[] indexed(int w, int h, byte[] indices, int[] colours, Options options) throws IOException {
        var out = new ByteArrayOutputStream();
        PngEncoder.writeIndexed(w, h, indices, colours, options, out);
        return out.toByteArray();
    }

    static int[] pixels(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int p = 0; p < rgb.length; p++) rgb[p] &= 0xFFFFFF;
        return rgb;
    }
}
