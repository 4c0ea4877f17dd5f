package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. The reference kernel: one pixel at a time in plain double arithmetic (no fused
 * multiply-add), exactly as the escape count is defined. Every other kernel is tested against it.
 */
public final class ScalarKernel implements Kernel {

    static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        long work = 0;
        for (int j = y0; j < y0 + h; j++) {
            double im = p.im(j);
            int row = j * stride;
            for (int i = x0; i < x0 + w; i++) {
                double re = p.re(i);
                work += p.julia()
                        ? pixel(re, im, p.cRe(), p.cIm(), 0, p, counts, smooth, row + i)
                        : mandelbrotPixel(re, im, p, counts, smooth, row + i);
            }
        }
        return work;
    }

    private static long mandelbrotPixel(double cr, double ci, Plane p, int[] counts, float[] smooth, int at) {
        if (p.shortcuts() && Orbits.inCardioidOrBulb(cr, ci)) {
            counts[at] = -1;
            smooth[at] = -1;
            return 0;
        }
        return pixel(cr, ci, cr, ci, 1, p, counts, smooth, at); // z(1) = c
    }

    /**
     * Iterates from {@code z(n) = zr + zi i}, writes the result, returns the iterations counted.
     * Periodicity (Brent): the orbit is saved at n = 2, 4, 8, ...; if a later z equals the saved one
     * bit for bit, the double-precision orbit is exactly periodic from there on and can never
     * escape, so declaring the pixel interior gives exactly what iterating to the limit would. For
     * Mandelbrot views, a {@code z} back within {@link InteriorProof#TRY} of the saved one is also
     * given, once per save, to {@link InteriorProof}, which may prove the pixel interior.
     */
    static long pixel(double zr, double zi, double cr, double ci, int n, Plane p, int[] counts, float[] smooth, int at) {
        int max = p.maxIterations();
        boolean periodicity = p.shortcuts();
        boolean proofs = periodicity && !p.julia();
        boolean tried = false; // a proof since the last save
        double sr = Double.NaN;
        double si = Double.NaN;
        int checkpoint = 2;
        while (true) {
            double zr2 = zr * zr;
            double zi2 = zi * zi;
            if (zr2 + zi2 > Orbits.ESCAPE2) {
                counts[at] = n;
                smooth[at] = Orbits.smooth(zr, zi, cr, ci, n);
                return n;
            }
            if (n >= max) {
                break;
            }
            zi = 2 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
            n++;
            if (periodicity) {
                if (zr == sr && zi == si) {
                    break;
                }
                if (proofs && !tried && (zr - sr) * (zr - sr) + (zi - si) * (zi - si) < InteriorProof.TRY2) {
                    tried = true;
                    if (InteriorProof.attracting(zr, zi, cr, ci)) {
                        break;
                    }
                }
                if (n == checkpoint) {
                    sr = zr;
                    si = zi;
                    tried = false;
                    checkpoint <<= 1;
                }
            }
        }
        counts[at] = -1;
        smooth[at] = -1;
        return n;
    }
}
