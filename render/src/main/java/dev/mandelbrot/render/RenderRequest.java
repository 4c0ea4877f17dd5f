package dev.mandelbrot.render;

import java.util.Objects;

/**
 * What to render.
 *
 * @param viewport          where to look and at what size
 * @param fractal           Mandelbrot or a Julia set
 * @param maxIterations     iteration limit, at least 1; a pixel that has not escaped after this
 *                          many iterations is interior
 * @param interiorShortcuts skip work on pixels proven interior (main cardioid, period-2 bulb,
 *                          exact periodicity); never changes a result, so on by default
 * @param guessing          Mariani-Silver boundary tracing: fills tiles whose border is uniform
 *                          without computing their inside; can miss thin details, so opt-in
 */
public record RenderRequest(Viewport viewport, Fractal fractal, int maxIterations, boolean interiorShortcuts,
        boolean guessing) {

    public RenderRequest {
        Objects.requireNonNull(viewport, "viewport");
        Objects.requireNonNull(fractal, "fractal");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        }
    }

    /** The Mandelbrot set with interior shortcuts on and guessing off. */
    public static RenderRequest of(Viewport viewport, int maxIterations) {
        return new RenderRequest(viewport, new Fractal.Mandelbrot(), maxIterations, true, false);
    }

    public RenderRequest withFractal(Fractal f) {
        return new RenderRequest(viewport, f, maxIterations, interiorShortcuts, guessing);
    }

    public RenderRequest withViewport(Viewport v) {
        return new RenderRequest(v, fractal, maxIterations, interiorShortcuts, guessing);
    }

    public RenderRequest withMaxIterations(int n) {
        return new RenderRequest(viewport, fractal, n, interiorShortcuts, guessing);
    }

    public RenderRequest withInteriorShortcuts(boolean on) {
        return new RenderRequest(viewport, fractal, maxIterations, on, guessing);
    }

    public RenderRequest withGuessing(boolean on) {
        return new RenderRequest(viewport, fractal, maxIterations, interiorShortcuts, on);
    }
}
