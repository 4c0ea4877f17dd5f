package dev.mandelbrot.render.color;

import dev.mandelbrot.render.color.Palette.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The built-in palettes, in the order {@code /api/v1/palettes} lists them; the first is the default. */
public final class Palettes {
    private static final List<Palette> ALL = List.of(
        palette("classic", "Deep blue through white to gold and back to black: the classic smooth-colouring look",
            0.0, 0x000764, 0.16, 0x206BCB, 0.42, 0xEDFFFF, 0.6425, 0xFFAA00, 0.8575, 0x000200),
        palette("fire", "Black, ember red, orange, yellow and a white-hot flash",
            0.0, 0x000000, 0.3, 0x8B0000, 0.55, 0xFF4500, 0.75, 0xFFC300, 0.88, 0xFFF8DC),
        palette("ocean", "Navy depths, blue water, turquoise shallows and white foam",
            0.0, 0x001B3A, 0.3, 0x0057A8, 0.55, 0x1FB5C4, 0.75, 0xE8FBFF, 0.88, 0x3B8FB8),
        palette("grayscale", "Black to white and back: monochrome, for analysis or a plain look",
            0.0, 0x000000, 0.5, 0xFFFFFF),
        palette("print", "For paper: white background, pale grey bands and dark ink lines; set the interior to taste",
            0.0, 0xFFFFFF, 0.7, 0xE6E2DA, 0.86, 0x9A9FA6, 0.93, 0x1C2230),
        palette("viridis", "The perceptually uniform viridis ramp, mirrored so that it cycles without a seam",
            mirrored(0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725)),
        palette("dusk", "Cyclic and perceptually even: pale lilac, blue, deep violet, red, sand",
            0.0, 0xE2D9E2, 0.2, 0x6F8CC0, 0.45, 0x2F1436, 0.7, 0xA13B3F, 0.88, 0xD8AE8E));

    private Palettes() {}

    /** Every built-in palette; the first is {@link #defaultPalette()}. */
    public static List<Palette> all() { return ALL; }

    /** "classic". */
    public static Palette defaultPalette() { return ALL.getFirst(); }

    /** The built-in palette with this name, ignoring case. */
    public static Optional<Palette> byName(String name) {
        if (name == null) return Optional.empty();
        String key = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(p -> p.name().equals(key)).findFirst();
    }

    /** The names of every built-in palette, for error messages and help texts. */
    public static List<String> names() { return ALL.stream().map(Palette::name).toList(); }

    private static Palette palette(String name, String description, double... positionsAndColours) {
        List<Stop> stops = new ArrayList<>();
        for (int i = 0; i < positionsAndColours.length; i += 2) {
            stops.add(new Stop(positionsAndColours[i], (int) positionsAndColours[i + 1]));
        }
        return Palette.of(name, description, stops);
    }

    /** Evenly spaced stops that go up the colours and back down, so the cycle has no seam. */
    private static double[] mirrored(int... colours) {
        int n = colours.length;
        int stops = 2 * n - 2;
        double[] out = new double[2 * stops];
        for (int k = 0; k < stops; k++) {
            out[2 * k] = (double) k / stops;
            out[2 * k + 1] = colours[k < n ? k : stops - k];
        }
        return out;
    }
}
