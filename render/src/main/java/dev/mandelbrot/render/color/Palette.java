package dev.mandelbrot.render.color;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A named, cyclic colour gradient.
 *
 * <p>Stops sit at increasing positions in [0, 1). Between two stops the colour is blended in
 * Oklab (see {@link Oklab}); after the last stop the gradient wraps round to the first, so
 * positions {@code t} and {@code t + 1} have the same colour and a palette can repeat any number
 * of times across an image without a seam.
 *
 * <p>Colouring never blends per pixel: it reads a lookup table of {@code levels} evenly spaced
 * samples of the gradient, computed once per palette and size and then shared (palettes are
 * immutable and thread-safe). Palettes are equal when their names, descriptions and stops are.
 */
public final class Palette {
    /** A colour ({@code 0xRRGGBB}) at a position in [0, 1) of the gradient. */
    public record Stop(double position, int rgb) {
        public Stop {
            if (!(position >= 0 && position < 1)) {
                throw new IllegalArgumentException("stop position must be in [0, 1): " + position);
            }
            if ((rgb & ~0xFFFFFF) != 0) {
                throw new IllegalArgumentException("stop colour must be 0xRRGGBB: " + Integer.toHexString(rgb));
            }
        }

        /** The colour as {@code #rrggbb}. */
        public String hex() { return "#" + HexFormat.of().toHexDigits(rgb).substring(2); }
    }

    private final String name;
    private final String description;
    private final List<Stop> stops;
    private final double[][] lab;
    private final ConcurrentMap<Integer, int[]> tables = new ConcurrentHashMap<>();

    private Palette(String name, String description, List<Stop> stops) {
        this.name = name;
        this.description = description;
        this.stops = stops;
        this.lab = stops.stream().map(s -> Oklab.fromRgb(s.rgb())).toArray(double[][]::new);
    }

    /**
     * A palette from at least two stops in strictly increasing position order.
     *
     * @throws IllegalArgumentException if the name is blank, or the stops are too few or unordered
     */
    public static Palette of(String name, String description, List<Stop> stops) {
        Objects.requireNonNull(description, "description");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("palette name must not be blank");
        if (stops.size() < 2) throw new IllegalArgumentException("a palette needs at least two stops: " + name);
        for (int i = 1; i < stops.size(); i++) {
            if (!(stops.get(i).position() > stops.get(i - 1).position())) {
                throw new IllegalArgumentException("palette stops must be in increasing position order: " + name);
            }
        }
        return new Palette(name, description, List.copyOf(stops));
    }

    public String name() { return name; }

    public String description() { return description; }

    public List<Stop> stops() { return stops; }

    /** The exact gradient colour ({@code 0xRRGGBB}) at position {@code t}, taken modulo 1. */
    public int rgbAt(double t) {
        double x = t - Math.floor(t);
        int n = stops.size();
        // The segment that contains x: from the last stop at or before x (wrapping below the
        // first stop to the last one) to the stop after it (wrapping after the last one).
        int from = n - 1;
        for (int i = 0; i < n && stops.get(i).position() <= x; i++) from = i;
        int to = (from + 1) % n;
        double start = stops.get(from).position();
        double end = stops.get(to).position() + (to <= from ? 1 : 0);
        double xs = x < start ? x + 1 : x;
        double w = (xs - start) / (end - start);
        double[] p = lab[from];
        double[] q = lab[to];
        return Oklab.toRgb(p[0] + w * (q[0] - p[0]), p[1] + w * (q[1] - p[1]), p[2] + w * (q[2] - p[2]));
    }

    /**
     * {@code levels} samples of the gradient, entry {@code k} taken at the centre of its cell,
     * position {@code (k + 0.5) / levels}. Shared and cached: callers must not modify it.
     */
    int[] table(int levels) {
        return tables.computeIfAbsent(levels, n -> {
            int[] table = new int[n];
            for (int k = 0; k < n; k++) table[k] = rgbAt((k + 0.5) / n);
            return table;
        });
    }

    @Override public boolean equals(Object o) {
        return o instanceof Palette p && p.name.equals(name) && p.description.equals(description) && p.stops.equals(stops);
    }

    @Override public int hashCode() { return name.hashCode(); }

    @Override public String toString() { return "Palette[" + name + "]"; }
}
