package dev.mandelbrot.render;

/**
 * One way of computing an {@link EscapeField}. The {@link Renderer} picks an engine per request
 * ({@link Renderer#engineFor}); today that is always the double-precision engine, and a deep-zoom
 * engine plugs in there for views whose pixel spacing double cannot resolve.
 */
interface Engine {

    /** Short name for logs and metrics. */
    String name();

    /** @throws java.util.concurrent.CancellationException if {@code cancel} fired */
    EscapeField render(RenderRequest request, Cancellation cancel);
}
