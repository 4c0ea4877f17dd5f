package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. The SIMD kernel as the renderer uses it: float32 lanes for blocks where
 * {@link FloatVectorKernel#suits} says float is exact enough (twice the lanes), double otherwise.
 */
final class PrecisionKernel implements Kernel {

    private final Kernel doubles;
    private final Kernel floats;

    PrecisionKernel(Kernel doubles, Kernel floats) {
        this.doubles = doubles;
        this.floats = floats;
    }

    @Override
    public String name() {
        return doubles.name() + "+" + floats.name().substring("vector-".length());
    }

    @Override
    public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        Kernel k = FloatVectorKernel.suits(p, x0, y0, w, h) ? floats : doubles;
        return k.render(p, x0, y0, w, h, counts, smooth, stride);
    }
}
