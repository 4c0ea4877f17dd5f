package dev.mandelbrot.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * Where an image looks: a rectangle of the complex plane cut into {@code width x height} pixels.
 *
 * <h2>Geometry (the one place it is defined)</h2>
 * The view's rectangle is split into equal cells, {@code dx = (reMax - reMin) / width} wide and
 * {@code dy = (imMax - imMin) / height} high. Pixel {@code (i, j)}, with {@code 0 <= i < width}
 * counted from the left and {@code 0 <= j < height} counted from the <em>top</em>, samples the
 * <em>centre</em> of its cell:
 * <pre>
 *   re(i) = reMin + (i + 1/2) * dx
 *   im(j) = imMax - (j + 1/2) * dy      (row 0 is the top: the largest imaginary part)
 * </pre>
 * Two forms give that rectangle:
 * <ul>
 *   <li>{@link Centred}: a centre, the real-axis width ({@code span}) and square pixels, so
 *       {@code dx = dy = span / width} and the imaginary extent is {@code span * height / width}.
 *       Centre and span are exact decimals, so zooms far beyond double precision can be named.</li>
 *   <li>{@link Rectangle}: the four edges directly; pixels may be non-square (the seed's view is
 *       re in [-2.5, 1], im in [-1, 1] at 1024 x 1024).</li>
 * </ul>
 */
public sealed interface Viewport permits Viewport.Centred, Viewport.Rectangle {

    /** Largest number of pixels one image may have (keeps every per-pixel array indexable). */
    int MAX_PIXELS = 1 << 28;

    int width();

    int height();

    /**
     * Square pixels around an exact centre. {@code span} is the width of the view along the real axis.
     *
     * @throws IllegalArgumentException if span is not positive or the size is out of range
     */
    record Centred(BigDecimal re, BigDecimal im, BigDecimal span, int width, int height) implements Viewport {
        public Centred {
            Objects.requireNonNull(re, "re");
            Objects.requireNonNull(im, "im");
            Objects.requireNonNull(span, "span");
            if (span.signum() <= 0) {
                throw new IllegalArgumentException("span must be positive, got " + span);
            }
            checkSize(width, height);
        }

        /** Pixel spacing {@code span / width}, exact to 40 significant digits. */
        public BigDecimal pixelSize() {
            return span.divide(BigDecimal.valueOf(width), MathContext.DECIMAL128);
        }
    }

    /**
     * A fixed view given by its edges; pixels are square only if the aspect ratios agree.
     *
     * @throws IllegalArgumentException if an edge is not finite or an interval is empty
     */
    record Rectangle(double reMin, double reMax, double imMin, double imMax, int width, int height)
            implements Viewport {
        public Rectangle {
            if (!(Double.isFinite(reMin) && Double.isFinite(reMax) && Double.isFinite(imMin) && Double.isFinite(imMax))) {
                throw new IllegalArgumentException("rectangle edges must be finite numbers");
            }
            if (!(reMin < reMax) || !(imMin < imMax)) {
                throw new IllegalArgumentException(
                        "rectangle needs reMin < reMax and imMin < imMax, got re [" + reMin + ", " + reMax
                                + "], im [" + imMin + ", " + imMax + "]");
            }
            checkSize(width, height);
        }
    }

    /** The seed project's view: re in [-2.5, 1], im in [-1, 1]. */
    static Rectangle seed(int width, int height) {
        return new Rectangle(-2.5, 1, -1, 1, width, height);
    }

    /** A centred view from doubles (converted exactly as their shortest decimal form). */
    static Centred centred(double re, double im, double span, int width, int height) {
        if (!(Double.isFinite(re) && Double.isFinite(im) && Double.isFinite(span))) {
            throw new IllegalArgumentException("centre and span must be finite numbers");
        }
        return new Centred(BigDecimal.valueOf(re), BigDecimal.valueOf(im), BigDecimal.valueOf(span), width, height);
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "image too large: " + width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
        }
    }
}
