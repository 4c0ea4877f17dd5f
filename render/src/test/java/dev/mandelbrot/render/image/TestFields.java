package dev.mandelbrot.render.image;

import dev.mandelbrot.render.EscapeField;

/** Escape fields for encoder tests, made by a plain double loop so these tests do not depend on the kernels. */
final class TestFields {
    private TestFields() {}

    /** The full view (centre -0.75, span 3.5), smooth value {@code n + 1 - log2(log2|z|)} with bailout 2^8. */
    static EscapeField mandelbrot(int width, int height, int maxIterations) {
        int[] counts = new int[width * height];
        float[] smooth = new float[width * height];
        double pixel = 3.5 / width;
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                double cr = -0.75 + (i + 0.5 - width / 2.0) * pixel;
                double ci = (height / 2.0 - j - 0.5) * pixel;
                double x = 0, y = 0;
                int n = 0;
                while (n < maxIterations && x * x + y * y <= 4) {
                    double t = x * x - y * y + cr;
                    y = 2 * x * y + ci;
                    x = t;
                    n++;
                }
                int p = j * width + i;
                if (x * x + y * y <= 4) {
                    counts[p] = -1;
                    smooth[p] = -1;
                    continue;
                }
                counts[p] = n;
                int m = n;
                while (x * x + y * y <= 65536) {
                    double t = x * x - y * y + cr;
                    y = 2 * x * y + ci;
                    x = t;
                    m++;
                }
                double log2Modulus = Math.log(x * x + y * y) / Math.log(2) / 2;
                smooth[p] = (float) Math.max(0, m + 1 - Math.log(log2Modulus) / Math.log(2));
            }
        }
        return new EscapeField(width, height, maxIterations, counts, smooth, 0);
    }
}
