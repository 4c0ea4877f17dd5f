package dev.mandelbrot.server;

/** Reads values out of a Prometheus text exposition, for tests. */
public final class Prometheus {

    private Prometheus() {}

    /** The sum of every sample of {@code metric} (all label sets) in {@code exposition}; 0 if none. */
    public static double sum(String exposition, String metric) {
        return exposition.lines().filter(l -> l.startsWith(metric + " ") || l.startsWith(metric + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
