package dev.mandelbrot.server.image;

import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.image.ImageFormat;
import java.util.Objects;

/**
 * One image to produce. {@code key} is a canonical description of everything that decides the
 * output bytes (view, fractal, iterations, colouring, format); two jobs with the same key give
 * the same bytes, which is what makes the cache and the strong ETag sound.
 *
 * @param key             canonical description, e.g. {@code tile|z=3|x=2|y=5|it=500|palette=ocean|png}
 * @param request         what to render
 * @param colouring       how escape counts become colours
 * @param format          how the image is encoded
 * @param cacheControl    the Cache-Control value of the answer
 * @param depthParameter  the parameter to blame when the view is too deep to render ({@code span}, {@code z})
 */
public record ImageJob(String key, RenderRequest request, Colouring colouring, ImageFormat format, String cacheControl,
                       String depthParameter) {

    /** For tiles: a tile's address never changes meaning, so clients may keep it forever. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** For other images: deterministic too, but a new release may improve them. */
    public static final String ONE_DAY = "public, max-age=86400";

    public ImageJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(colouring, "colouring");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(cacheControl, "cacheControl");
        Objects.requireNonNull(depthParameter, "depthParameter");
    }
}
