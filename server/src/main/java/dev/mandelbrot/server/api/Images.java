package dev.mandelbrot.server.api;

import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.color.Palettes;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Query;
import java.util.List;

/** Parameters shared by every image endpoint: palette and format. */
public final class Images {

    private Images() {}

    /** The {@code palette} parameter, or the default palette. */
    public static Palette palette(Query query) {
        String name = query.raw("palette");
        if (name == null) {
            return Palettes.defaultPalette();
        }
        return Palettes.byName(name).orElseThrow(() -> ApiException.badParameter("palette",
                "must be one of " + String.join(", ", Palettes.all().stream().map(Palette::name).toList())
                        + ", got '" + Query.shorten(name) + "'"));
    }

    /** The colouring of a palette, as every endpoint uses it. */
    public static Colouring colouring(Palette palette) {
        return Colouring.of(palette);
    }

    /** A format parameter restricted to {@code allowed} extensions. */
    public static ImageFormat format(Query query, String name, String fallback, List<String> allowed) {
        String value = query.choice(name, fallback, allowed);
        return ImageFormat.parse(value).orElseThrow(() -> ApiException.badParameter(name,
                "must be one of " + String.join(", ", allowed)));
    }
}
