package dev.mandelbrot.server.api;

import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.color.Palettes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/palettes}: the palettes every image endpoint accepts, with their colour stops. */
public final class PalettesEndpoint {

    record Stop(double position, String colour) {}

    record Entry(String name, String description, boolean isDefault, List<Stop> stops) {}

    private final List<Entry> entries = Palettes.all().stream().map(PalettesEndpoint::entry).toList();

    public void handle(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.json(Map.of("default", Palettes.defaultPalette().name(), "palettes", entries));
    }

    private static Entry entry(Palette p) {
        return new Entry(p.name(), p.description(), p.equals(Palettes.defaultPalette()),
                p.stops().stream().map(s -> new Stop(s.position(), s.hex())).toList());
    }
}
