package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. Computes escape values for one rectangular block of pixels. Implementations
 * are stateless and thread-safe (scratch space taken per call at most).
 *
 * <p>Contract, identical for every implementation (the tests compare them pixel by pixel): for each
 * pixel {@code (i, j)} with {@code x0 <= i < x0 + w}, {@code y0 <= j < y0 + h}, write its escape count
 * and smooth value (as defined by {@code EscapeField}) at {@code counts[j * stride + i]} and
 * {@code smooth[j * stride + i]}. The double kernels give identical counts; the float kernel
 * differs on a bounded fraction of pixels and is only used where that fraction is small.
 */
public interface Kernel {

    /** Stable name for logs and metrics, such as {@code scalar} or {@code vector-double-512}. */
    String name();

    /** Renders the block and returns the work done, in iterations (see {@code EscapeField.iterations}). */
    long render(Plane plane, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride);
}
