package dev.mandelbrot.render;

/**
 * Hears how far a render has got: each time a block of pixels is final, the number of pixels in
 * it. Called from the renderer's worker threads, possibly several at once, so an implementation
 * must be thread-safe and quick. The calls of one render that completes sum to exactly
 * {@code width x height}; a cancelled or failed render stops short.
 *
 * <p>Progress observes the one render of the whole image, so showing it cannot change a pixel.
 */
@FunctionalInterface
public interface Progress {

    void pixelsDone(int pixels);

    static Progress none() {
        return pixels -> {};
    }
}
