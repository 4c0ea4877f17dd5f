package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. Computes escape values for one rectangular block of pixels. Implementations
 * are stateless and thread-safe (per-thread scratch space at most).
 *
 * <p>Contract, identical for every implementation (the tests compare them pixel by pixel): for each
 * pixel {@code (i, j)} with {@code x0 <= i < x0 + w}, {@code y0 <= j < y0 + h}, write its escape count
 * and smooth value (as defined by {@code EscapeField}) at {@code counts[j * stride + i]} and
 * {@code smooth[j * stride + i]}. Vector kernels may use fused multiply-add, so a pixel whose orbit
 * passes within rounding of the bailout can differ from the scalar kernel by one count.
 */
public interface Kernel {

    /** Stable name for logs and metrics, such as {@code scalar} or {@code vector-double-512}. */
    String name();

    /** Renders the block and returns the work done, in iterations (see {@code EscapeField.iterations}). */
    long render(Plane plane, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride);
}
