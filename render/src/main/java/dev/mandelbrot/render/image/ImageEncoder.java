package dev.mandelbrot.render.image;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.color.Colouring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Turns an {@link EscapeField} into the bytes of an image file. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link ImageFormat#PNG}: lossless. 8-bit indexed colour when {@link Colouring#indexed()}
 *       (the default colouring is), written by {@link PngEncoder} with
 *       {@link PngEncoder.Options#INDEXED}; otherwise 24-bit RGB, with
 *       {@link PngEncoder.Options#DEFAULT}.
 *   <li>{@link ImageFormat#JPEG}: quality 0.9.
 *   <li>{@link ImageFormat#GIF}: the colouring quantised to at most 255 levels plus the interior,
 *       so the image is exact for an indexed colouring.
 *   <li>{@link ImageFormat#NPY}: escape counts (the colouring is ignored); see {@link ImageFormat#NPY}.
 * </ul>
 */
public final class ImageEncoder {
    private ImageEncoder() {}

    /**
     * Writes the image to {@code out}, which is flushed but not closed.
     *
     * @throws IllegalArgumentException if the field is wider or taller than the format holds
     *     ({@link ImageFormat#maxSide()}); nothing is written then
     */
    public static void encode(ImageFormat format, EscapeField field, Colouring colouring, OutputStream out) throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(colouring, "colouring");
        Objects.requireNonNull(out, "out");
        int w = field.width();
        int h = field.height();
        // GIF stores each side in 16 bits: 70,000 pixels came out as a valid-looking 4,464.
        if (w > format.maxSide() || h > format.maxSide()) {
            throw new IllegalArgumentException(format + " images are at most " + format.maxSide()
                    + " pixels a side, not " + w + "x" + h);
        }
        switch (format) {
            case PNG -> {
                if (colouring.indexed()) {
                    PngEncoder.writeIndexed(w, h, colouring.toIndices(field), colouring.colourTable(), PngEncoder.Options.INDEXED, out);
                } else {
                    PngEncoder.writeRgb(w, h, colouring.toRgb(field), PngEncoder.Options.DEFAULT, out);
                }
            }
            case JPEG -> ImageIoEncoder.writeJpeg(w, h, colouring.toRgb(field), out);
            case GIF -> {
                Colouring c = colouring.indexed() ? colouring : colouring.withLevels(Colouring.INDEXED_LEVELS);
                ImageIoEncoder.writeGif(w, h, c.toIndices(field), c.colourTable(), out);
            }
            case NPY -> NpyEncoder.write(field, out);
        }
        out.flush();
    }

    /** The whole file in memory. */
    public static byte[] encode(ImageFormat format, EscapeField field, Colouring colouring) {
        // .npy has a known size; images start at a guess that fits a map tile's PNG (a few KiB)
        // without reserving 64 KiB for it, and grow by doubling
        int pixels = field.counts().length;
        var bytes = new ByteArrayOutputStream(format == ImageFormat.NPY ? 128 + 4 * pixels
                : Math.clamp(pixels / 8, 4096, 1 << 16));
        try {
            encode(format, field, colouring, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }
}
