package dev.mandelbrot.render;

/**
 * One way of computing an {@link EscapeField}. The {@link Renderer} picks an engine per request
 * ({@link Renderer#engineFor}); today that is always the double-precision engine, and a deep-zoom
 * engine plugs in there for views whose pixel spacing double cannot resolve.
 */
interface Engine {

    /** Short name for logs and metrics. */
    String name();

    /**
     * Checks, without rendering, that this engine can render the request.
     *
     * @throws IllegalArgumentException with the reason {@link #render} would give
     */
    void check(RenderRequest request);

    /**
     * Renders the whole view, reporting finished pixels to {@code progress} (see {@link Progress}).
     *
     * @throws java.util.concurrent.CancellationException if {@code cancel} fired
     */
    EscapeField render(RenderRequest request, Cancellation cancel, Progress progress);
}
