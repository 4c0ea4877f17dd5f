package dev.mandelbrot.server.limits;

import dev.mandelbrot.server.http.ApiException;

/**
 * The cost bounds of one image. Pixels bound memory (a 4096x4096 field is 128 MiB of counts and
 * smooth values), iterations bound the time of one pixel, and work (pixels x iterations) bounds
 * the time of the whole image, which is what actually protects the server.
 *
 * @param maxPixels     largest width x height
 * @param maxIterations largest iteration count
 * @param maxWork       largest width x height x iterations
 */
public record Limits(long maxPixels, int maxIterations, long maxWork) {

    /** Largest width or height on its own, whatever maxPixels says: keeps arrays indexable by int. */
    public static final int MAX_SIDE = 16_384;

    /** The largest side this configuration can ever accept. */
    public int maxSide() {
        return (int) Math.min(MAX_SIDE, maxPixels);
    }

    /**
     * Checks an image against the limits.
     *
     * @throws ApiException 422 stating the limit that was exceeded
     */
    public void check(int width, int height, int iterations) {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw ApiException.unprocessable("width", "width x height = " + pixels
                    + " pixels exceeds the limit of " + maxPixels + " pixels");
        }
        if (iterations > maxIterations) {
            throw ApiException.unprocessable("iterations", "iterations = " + iterations
                    + " exceeds the limit of " + maxIterations);
        }
        long work = pixels * iterations;
        if (work > maxWork) {
            throw ApiException.unprocessable("iterations", "width x height x iterations = " + work
                    + " exceeds the work limit of " + maxWork + "; at " + pixels + " pixels use at most "
                    + (maxWork / pixels) + " iterations");
        }
    }

    /** The most iterations an image of {@code pixels} may use, for defaults that must stay legal. */
    public int iterationsFor(long pixels) {
        return (int) Math.max(1, Math.min(maxIterations, maxWork / Math.max(1, pixels)));
    }
}
