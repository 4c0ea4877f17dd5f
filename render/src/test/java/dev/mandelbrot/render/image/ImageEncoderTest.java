package dev.mandelbrot.render.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.color.Palettes;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageEncoderTest {
    private static final EscapeField FIELD = TestFields.mandelbrot(161, 97, 300);
    private static final Colouring COLOURING = Colouring.of(Palettes.byName("ocean").orElseThrow()).withInterior(0x102030);

    @Test
    void pngOfAnIndexedColouringIsIndexedAndPixelExact() throws IOException {
        BufferedImage image = decode(ImageEncoder.encode(ImageFormat.PNG, FIELD, COLOURING));
        assertThat(image.getWidth()).isEqualTo(FIELD.width());
        assertThat(image.getHeight()).isEqualTo(FIELD.height());
        assertThat(image.getColorModel()).isInstanceOf(IndexColorModel.class);
        assertThat(PngEncoderTest.pixels(image)).containsExactly(COLOURING.toRgb(FIELD));
    }

    @Test
    void pngOfASmoothColouringIsTruecolourAndPixelExact() throws IOException {
        Colouring smooth = COLOURING.withLevels(Colouring.SMOOTH_LEVELS);
        BufferedImage image = decode(ImageEncoder.encode(ImageFormat.PNG, FIELD, smooth));
        assertThat(image.getColorModel()).isNotInstanceOf(IndexColorModel.class);
        assertThat(PngEncoderTest.pixels(image)).containsExactly(smooth.toRgb(FIELD));
    }

    @Test
    void jpegKeepsTheSizeAndApproximatelyTheColours() throws IOException {
        BufferedImage image = decode(ImageEncoder.encode(ImageFormat.JPEG, FIELD, COLOURING));
        int[] expected = COLOURING.toRgb(FIELD);
        int[] actual = PngEncoderTest.pixels(image);
        double error = 0;
        for (int p = 0; p < expected.length; p++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                error += Math.abs(((expected[p] >>> shift) & 0xFF) - ((actual[p] >>> shift) & 0xFF));
            }
        }
        assertThat(error / (3.0 * expected.length)).as("mean absolute error per channel").isLessThan(6);
    }

    @Test
    void gifIsIndexedAndPixelExact() throws IOException {
        BufferedImage image = decode(ImageEncoder.encode(ImageFormat.GIF, FIELD, COLOURING));
        assertThat(image.getColorModel()).isInstanceOf(IndexColorModel.class);
        assertThat(PngEncoderTest.pixels(image)).containsExactly(COLOURING.toRgb(FIELD));
    }

    @Test
    void aGifWiderThanItsSixteenBitsHoldIsRefusedNotWrapped() throws IOException {
        EscapeField widest = TestFields.mandelbrot(65_535, 1, 10);
        assertThat(decode(ImageEncoder.encode(ImageFormat.GIF, widest, COLOURING)).getWidth()).isEqualTo(65_535);

        var out = new ByteArrayOutputStream();
        EscapeField wider = TestFields.mandelbrot(65_536, 1, 10); // was written as a 0-pixel-wide GIF
        assertThatThrownBy(() -> ImageEncoder.encode(ImageFormat.GIF, wider, COLOURING, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535 pixels a side, not 65536x1");
        assertThat(out.size()).as("nothing written").isZero();
    }

    @Test
    void gifOfASmoothColouringIsQuantisedToTheIndexedOne() throws IOException {
        BufferedImage image = decode(ImageEncoder.encode(ImageFormat.GIF, FIELD, COLOURING.withLevels(Colouring.SMOOTH_LEVELS)));
        assertThat(PngEncoderTest.pixels(image)).containsExactly(COLOURING.toRgb(FIELD));
    }

    @Test
    void npyHoldsTheEscapeCountsWithMinusOneForTheInterior() {
        NpyReader npy = NpyReader.read(ImageEncoder.encode(ImageFormat.NPY, FIELD, COLOURING));
        assertThat(npy.rows()).isEqualTo(FIELD.height());
        assertThat(npy.columns()).isEqualTo(FIELD.width());
        int interior = 0;
        for (int p = 0; p < npy.values().length; p++) {
            int n = FIELD.counts()[p];
            assertThat(npy.values()[p]).isEqualTo(n < 0 ? -1f : (float) n);
            if (n < 0) interior++;
        }
        assertThat(interior).as("the fixture has interior pixels").isPositive();
    }

    @Test
    void npyHeadersAreAlignedForAnyShape() {
        for (int rows : new int[] {1, 9, 99, 12345}) {
            for (int columns : new int[] {1, 10, 100_000}) {
                byte[] header = NpyEncoder.header(rows, columns);
                assertThat(header.length % 64).isZero();
                assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void everyFormatStreamsTheSameBytesItReturnsAndLeavesTheStreamOpen(ImageFormat format) throws IOException {
        EscapeField small = TestFields.mandelbrot(33, 17, 100);
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override public void close() { closed = true; }
        };
        out.write(42);
        ImageEncoder.encode(format, small, COLOURING, out);
        byte[] streamed = out.toByteArray();
        assertThat(out.closed).isFalse();
        assertThat(streamed[0]).isEqualTo((byte) 42);
        assertThat(java.util.Arrays.copyOfRange(streamed, 1, streamed.length))
            .containsExactly(ImageEncoder.encode(format, small, COLOURING));
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"PNG", "JPEG", "GIF"})
    void everyImageFormatDecodesToTheRequestedSizeEvenForOnePixel(ImageFormat format) throws IOException {
        for (EscapeField f : new EscapeField[] {TestFields.mandelbrot(1, 1, 50), TestFields.mandelbrot(7, 3, 50), FIELD}) {
            BufferedImage image = decode(ImageEncoder.encode(format, f, COLOURING));
            assertThat(image.getWidth()).isEqualTo(f.width());
            assertThat(image.getHeight()).isEqualTo(f.height());
        }
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).as("decodable").isNotNull();
        return image;
    }
}
