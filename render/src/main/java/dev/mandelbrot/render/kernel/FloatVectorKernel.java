package dev.mandelbrot.render.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Internal, not API. The float32 SIMD kernel: twice the lanes per instruction of
 * {@link VectorKernel}. Float has a 24-bit significand, so it is only used where that is exact
 * enough, decided per block by {@link #suits} (see {@link PrecisionKernel}), which also bounds
 * the iteration limit to {@value #MAX_ITERATIONS}.
 *
 * <p>With so few steps at most, the design is the double kernel's sprint carried to the limit:
 * the pixels left after the cardioid and bulb test are queued, and taken two vectors at a time
 * (two independent chains of multiply-adds) through every step up to the limit, testing for
 * escape (with fused multiply-add) at each; a pair stops as soon as all its lanes have escaped.
 * No lane refills and no cycle detection: the refilling design this replaced spent a third of
 * its time in per-pixel bookkeeping and lost to the double kernel on AVX2 (see
 * docs/BENCHMARKS.md). A lane that has not escaped at the limit is interior. Escaped orbits are
 * handed to the double smooth pass of {@link VectorKernel}.
 */
final class FloatVectorKernel implements Kernel {


    /**
     * The vector width: {@code SPECIES_PREFERRED}, unless the system property
     * {@code mandelbrot.vector.bits} (128, 256 or 512) names another. It is a {@code static final}
     * on purpose: C2 turns Vector API calls into SIMD instructions only when the species is a
     * compile-time constant. Tests therefore cover each width in its own JVM (see the surefire
     * executions in {@code render/pom.xml}), as Lucene does.
     */
    static final VectorSpecies<Float> SPECIES = species(System.getProperty("mandelbrot.vector.bits"));

    private static final int LANES = SPECIES.length();

    static final FloatVectorKernel INSTANCE = new FloatVectorKernel();

    private final Reusable<Scratch> scratch = new Reusable<>(Scratch::new);

    private FloatVectorKernel() {}

    static VectorSpecies<Float> species(String bits) {
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (bits.strip()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("mandelbrot.vector.bits must be 128, 256 or 512, got " + bits);
        };
    }

    /** Largest iteration limit the float kernel takes (see {@link #suits}). */
    static final int MAX_ITERATIONS = 100;

    /** Smallest pixel spacing, relative to the largest magnitude in the block (at least 2). */
    static final double MIN_RELATIVE_SPACING = 0x1p-11;

    /**
     * Whether float is exact enough for this block. Measured against the scalar double kernel on
     * the seed's view, float changes about 0.05% of pixels at 100 iterations (double SIMD with FMA:
     * 0.000%) but 0.3% at 1000, and Julia sets drift more still (over 0.5% at 250): rounding errors
     * are amplified along the orbits of pixels near the boundary, so the limit is on iterations,
     * not only on spacing. Hence: Mandelbrot only, at most {@value #MAX_ITERATIONS} iterations
     * (typical of small previews and map tiles at low zoom), and pixel spacing at least 2^-11 of
     * the largest magnitude in play (the block's coordinates, or 2, the escape radius, whichever is
     * larger), so that neighbouring pixels stay hundreds of float ulps apart.
     */
    static boolean suits(Plane p, int x0, int y0, int w, int h) {
        if (p.maxIterations() > MAX_ITERATIONS || p.julia()) {
            return false;
        }
        double big = Math.max(2, Math.max(Math.max(Math.abs(p.re(x0)), Math.abs(p.re(x0 + w - 1))),
                Math.max(Math.abs(p.im(y0)), Math.abs(p.im(y0 + h - 1)))));
        return Math.min(p.dx(), p.dy()) >= MIN_RELATIVE_SPACING * big;
    }

    @Override
    public String name() {
        return "vector-float-" + SPECIES.vectorBitSize();
    }

    @Override
    public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        Scratch s = scratch.take();
        try {
            return render(s, p, x0, y0, w, h, counts, smooth, stride);
        } finally {
            scratch.give(s);
        }
    }

    private static long render(Scratch s, Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth,
            int stride) {
        s.ensure(w * h);
        int queued = 0;
        boolean cardioid = p.shortcuts() && !p.julia();
        boolean julia = p.julia();
        float cRe = (float) p.cRe();
        float cIm = (float) p.cIm();
        for (int j = y0; j < y0 + h; j++) {
            double im = p.im(j);
            int row = j * stride;
            for (int i = x0; i < x0 + w; i++) {
                double re = p.re(i);
                if (cardioid && Orbits.inCardioidOrBulb(re, im)) {
                    counts[row + i] = -1;
                    smooth[row + i] = -1;
                    continue;
                }
                s.zr[queued] = (float) re;
                s.zi[queued] = (float) im;
                s.cr[queued] = julia ? cRe : (float) re;
                s.ci[queued] = julia ? cIm : (float) im;
                s.at[queued] = row + i;
                queued++;
            }
        }
        // past the queue, up to two vectors of c = 3, which escapes at once: a last pair that
        // is not full finishes as soon as its real lanes do
        for (int k = queued; k < queued + 2 * LANES; k++) {
            s.zr[k] = 3;
            s.zi[k] = 0;
            s.cr[k] = 3;
            s.ci[k] = 0;
        }
        s.counts = counts;
        s.smooth = smooth;
        try {
            long work = sprint(s, queued, julia ? 0 : 1, p.maxIterations()); // Mandelbrot: z(1) = c
            VectorKernel.smoothPass(s.ezr, s.ezi, s.ecr, s.eci, s.en, s.eat, s.escaped, smooth, s.tr, s.tlanes);
            return work;
        } finally {
            s.counts = null; // do not keep a finished image reachable from kept scratch
            s.smooth = null;
        }
    }

    /**
     * Takes the {@code queued} pixels, two vectors at a time, through the counts {@code n0} to
     * {@code maxIterations}: writes each pixel's count, or -1 (and smooth -1) for one that never
     * escapes, and queues the escaped ones for the smooth pass. Returns the steps taken.
     */
    private static long sprint(Scratch s, int queued, int n0, int maxIterations) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector four = FloatVector.broadcast(sp, (float) Orbits.ESCAPE2);
        final int tests = maxIterations - n0 + 1;
        long work = 0;
        s.escaped = 0;
        for (int b = 0; b < queued; b += 2 * LANES) {
            final int bt = b + LANES;
            FloatVector ar = FloatVector.fromArray(sp, s.zr, b);
            FloatVector ai = FloatVector.fromArray(sp, s.zi, b);
            FloatVector acr = FloatVector.fromArray(sp, s.cr, b);
            FloatVector aci = FloatVector.fromArray(sp, s.ci, b);
            FloatVector br = FloatVector.fromArray(sp, s.zr, bt);
            FloatVector bi = FloatVector.fromArray(sp, s.zi, bt);
            FloatVector bcr = FloatVector.fromArray(sp, s.cr, bt);
            FloatVector bci = FloatVector.fromArray(sp, s.ci, bt);
            // en: the count at which a lane escaped, -1 while it has not. No mask is carried from
            // step to step: C2 boxed such masks in the kernel this replaced (see VectorKernel)
            FloatVector aer = ar;
            FloatVector aei = ai;
            FloatVector aen = FloatVector.broadcast(sp, -1f);
            FloatVector ber = br;
            FloatVector bei = bi;
            FloatVector ben = aen;
            for (int t = 0; t < tests; t++) {
                FloatVector aq = ai.mul(ai);
                FloatVector bq = bi.mul(bi);
                VectorMask<Float> afresh = ar.lanewise(VectorOperators.FMA, ar, aq).compare(VectorOperators.GT, four)
                        .and(aen.compare(VectorOperators.LT, 0f));
                VectorMask<Float> bfresh = br.lanewise(VectorOperators.FMA, br, bq).compare(VectorOperators.GT, four)
                        .and(ben.compare(VectorOperators.LT, 0f));
                aer = aer.blend(ar, afresh);
                aei = aei.blend(ai, afresh);
                aen = aen.blend((float) (n0 + t), afresh);
                ber = ber.blend(br, bfresh);
                bei = bei.blend(bi, bfresh);
                ben = ben.blend((float) (n0 + t), bfresh);
                if (!aen.min(ben).compare(VectorOperators.LT, 0f).anyTrue()) {
                    break;
                }
                // escaped lanes step on with the others; their orbits overflow to infinity or NaN,
                // which no test flags again, and what they escaped with is kept above
                FloatVector au = ar.lanewise(VectorOperators.FMA, ar, acr);
                ai = ar.add(ar).lanewise(VectorOperators.FMA, ai, aci);
                ar = au.sub(aq);
                FloatVector bu = br.lanewise(VectorOperators.FMA, br, bcr);
                bi = br.add(br).lanewise(VectorOperators.FMA, bi, bci);
                br = bu.sub(bq);
            }
            aer.intoArray(s.fzr, 0);
            aei.intoArray(s.fzi, 0);
            aen.intoArray(s.fn, 0);
            ber.intoArray(s.fzr, LANES);
            bei.intoArray(s.fzi, LANES);
            ben.intoArray(s.fn, LANES);
            work += s.write(b, Math.min(2 * LANES, queued - b), maxIterations);
        }
        return work;
    }

    /** Queue and results, used by one render at a time ({@link Reusable}), grown on demand and reused. */
    private static final class Scratch {
        // the tile's queue of pixels still to compute: start value, parameter, output index
        float[] zr = new float[0];
        float[] zi = new float[0];
        float[] cr = new float[0];
        float[] ci = new float[0];
        int[] at = new int[0];
        // escaped pixels waiting for their smooth value: z(n), c, n, output index
        double[] ezr = new double[0];
        double[] ezi = new double[0];
        double[] ecr = new double[0];
        double[] eci = new double[0];
        double[] en = new double[0];
        int[] eat = new int[0];
        int escaped;
        // what the sprint found for the pair's lanes: z at the escape, and its count (-1: none)
        final float[] fzr = new float[2 * LANES];
        final float[] fzi = new float[2 * LANES];
        final float[] fn = new float[2 * LANES];
        final double[] tr = new double[2 * VectorKernel.SMOOTH_VECTORS * VectorKernel.LANES];
        final boolean[] tlanes = new boolean[VectorKernel.SMOOTH_VECTORS * VectorKernel.LANES];
        int[] counts;
        float[] smooth;

        void ensure(int pixels) {
            if (zr.length < pixels + 2 * LANES) {
                int size = pixels + 2 * LANES;
                zr = new float[size];
                zi = new float[size];
                cr = new float[size];
                ci = new float[size];
                at = new int[size];
                int escapedSize = size + VectorKernel.SMOOTH_VECTORS * VectorKernel.LANES; // smoothPass's slack
                ezr = new double[escapedSize];
                ezi = new double[escapedSize];
                ecr = new double[escapedSize];
                eci = new double[escapedSize];
                en = new double[escapedSize];
                eat = new int[escapedSize];
            }
        }

        /**
         * Writes the results of the {@code lanes} real lanes of the pair at queue entry {@code b}:
         * escaped pixels get their count and wait for the smooth pass, the others are interior.
         * Returns their steps.
         */
        long write(int b, int lanes, int maxIterations) {
            long work = 0;
            for (int l = 0; l < lanes; l++) {
                int k = b + l;
                int out = at[k];
                int count = (int) fn[l];
                if (count >= 0) {
                    counts[out] = count;
                    work += count;
                    int e = escaped++;
                    ezr[e] = fzr[l];
                    ezi[e] = fzi[l];
                    ecr[e] = cr[k];
                    eci[e] = ci[k];
                    en[e] = count;
                    eat[e] = out;
                } else {
                    counts[out] = -1;
                    smooth[out] = -1;
                    work += maxIterations;
                }
            }
            return work;
        }
    }
}
