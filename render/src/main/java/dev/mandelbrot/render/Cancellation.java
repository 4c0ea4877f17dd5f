package dev.mandelbrot.render;

/**
 * Asks a render in progress to stop. The renderer polls it between work blocks (a block is a few
 * thousand pixels), so a cancelled render stops within about one block per thread and then throws
 * {@link java.util.concurrent.CancellationException}.
 */
@FunctionalInterface
public interface Cancellation {

    boolean isCancelled();

    static Cancellation never() {
        return () -> false;
    }
}
