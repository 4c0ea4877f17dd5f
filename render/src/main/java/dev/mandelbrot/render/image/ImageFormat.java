package dev.mandelbrot.render.image;

import java.util.Locale;
import java.util.Optional;

/** The formats {@link ImageEncoder} writes. */
public enum ImageFormat {
    /** Lossless; 8-bit indexed colour when the colouring has at most 255 levels, else 24-bit RGB. */
    PNG("image/png", "png", Integer.MAX_VALUE),
    /** Lossy 24-bit colour, quality 0.9; at most 65,500 pixels a side (the JDK's JPEG writer). */
    JPEG("image/jpeg", "jpg", 65_500),
    /**
     * 256 colours at most: the colouring is quantised to 255 gradient levels plus the interior. At
     * most 65,535 pixels a side: the format stores each side in 16 bits.
     */
    GIF("image/gif", "gif", 65_535),
    /**
     * Raw data as a NumPy {@code .npy} file (format version 1.0): {@code <f4} (little-endian
     * float32), shape {@code (height, width)}, C order; each value is the pixel's escape count, or
     * -1 for the interior. Counts are exact up to 2^24 iterations.
     */
    NPY("application/octet-stream", "npy", Integer.MAX_VALUE);

    private final String mediaType;
    private final String extension;
    private final int maxSide;

    ImageFormat(String mediaType, String extension, int maxSide) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.maxSide = maxSide;
    }

    /** The widest and tallest image this format holds, in pixels. */
    public int maxSide() { return maxSide; }

    /** For a {@code Content-Type} header. */
    public String mediaType() { return mediaType; }

    /** The usual file extension, without the dot. */
    public String extension() { return extension; }

    /** Parses {@code png}, {@code jpg}, {@code jpeg}, {@code gif} or {@code npy}, ignoring case and a leading dot. */
    public static Optional<ImageFormat> parse(String name) {
        if (name == null) return Optional.empty();
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.startsWith(".")) key = key.substring(1);
        return switch (key) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPEG);
            case "gif" -> Optional.of(GIF);
            case "npy" -> Optional.of(NPY);
            default -> Optional.empty();
        };
    }

    /** The format a file name's extension names, if any ({@code view.PNG} gives {@link #PNG}). */
    public static Optional<ImageFormat> ofFileName(String fileName) {
        if (fileName == null) return Optional.empty();
        int dot = fileName.lastIndexOf('.');
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return dot > slash + 1 ? parse(fileName.substring(dot + 1)) : Optional.empty();
    }

    /** Names accepted by {@link #parse}, for messages. */
    public static String names() { return "png, jpg (or jpeg), gif, npy"; }
}
