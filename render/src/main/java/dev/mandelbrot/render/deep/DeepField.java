package dev.mandelbrot.render.deep;

/**
 * The result of a deep render, laid out like the renderer's {@code EscapeField}:
 * {@code counts[j * width + i]} is the escape count (first n with |z(n)| > 2) or -1 for interior,
 * {@code smooth[...]} the continuous value (the formula of the renderer's {@code EscapeField}) or -1.
 * {@code iterations} counts equivalent iterations (the n each pixel reached, BLA jumps included).
 */
public record DeepField(int width, int height, int maxIterations, int[] counts, float[] smooth, long iterations,
        DeepStats stats) {
}
