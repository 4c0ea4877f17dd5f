package dev.mandelbrot.render.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Internal, not API. The float32 SIMD kernel: twice the lanes per instruction of
 * {@link VectorKernel}. Float has a 24-bit significand, so it is only used where that is exact
 * enough, decided per block by {@link #suits} (see {@link PrecisionKernel}). Each lane is refilled
 * with the next pixel as soon as a batch of lanes has finished, and every step tests for escape
 * (with fused multiply-add); the double kernel's block-and-replay design has not been carried
 * over (see docs/BENCHMARKS.md). Escaped orbits are handed to the double smooth pass of
 * {@link VectorKernel}.
 */
final class FloatVectorKernel implements Kernel {

    /** Most vectors any loop keeps in flight (the state arrays are sized for it). */
    private static final int MAX_SLOTS = 4;


    /**
     * The vector width: {@code SPECIES_PREFERRED}, unless the system property
     * {@code mandelbrot.vector.bits} (128, 256 or 512) names another. It is a {@code static final}
     * on purpose: C2 turns Vector API calls into SIMD instructions only when the species is a
     * compile-time constant. Tests therefore cover each width in its own JVM (see the surefire
     * executions in {@code render/pom.xml}), as Lucene does.
     */
    static final VectorSpecies<Float> SPECIES = species(System.getProperty("mandelbrot.vector.bits"));

    private static final int LANES = SPECIES.length();

    /**
     * Finished lanes wait, masked off, until this many have accumulated (or every live lane has
     * finished) before they are written out and refilled: one refill round trip (spill, scalar
     * bookkeeping, reload) then serves several pixels instead of one.
     */
    private static final int REFILL_AT = Math.max(2, LANES);

    static final FloatVectorKernel INSTANCE = new FloatVectorKernel();

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

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
        Scratch s = scratch.get();
        s.ensure(w * h);
        int queued = 0;
        boolean cardioid = p.shortcuts() && !p.julia();
        int nStart = p.julia() ? 0 : 1; // Mandelbrot starts at z(1) = c
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
                s.pr[queued] = (float) re;
                s.pi[queued] = (float) im;
                s.n0[queued] = nStart;
                s.at[queued] = row + i;
                queued++;
            }
        }
        s.queued = queued;
        s.next = 0;
        s.work = 0;
        s.escaped = 0;
        s.julia = p.julia();
        s.maxIterations = p.maxIterations();
        s.counts = counts;
        s.smooth = smooth;
        s.cRe = (float) p.cRe();
        s.cIm = (float) p.cIm();
        try {
            long work = p.shortcuts() ? iterateWithCycles(s) : iterate(s);
            VectorKernel.smoothPass(s.ezr, s.ezi, s.ecr, s.eci, s.en, s.eat, s.escaped, smooth, s.tr, s.tlanes);
            return work;
        } finally {
            s.counts = null; // do not keep a finished image reachable from a pool thread
            s.smooth = null;
        }
    }

    /** The main loop without cycle detection (shortcuts off), on 4 vectors. */
    private static long iterate(Scratch s) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector four = FloatVector.broadcast(sp, (float) Orbits.ESCAPE2);
        final FloatVector nan = FloatVector.broadcast(sp, Float.NaN);
        final FloatVector never = FloatVector.broadcast(sp, Float.POSITIVE_INFINITY);
        int step = 0;
        int live = s.start(4);
        int need = Math.min(REFILL_AT, live);
        int finished = 0;
        FloatVector zr0 = FloatVector.fromArray(sp, s.zr, 0 * LANES), zi0 = FloatVector.fromArray(sp, s.zi, 0 * LANES), cr0 = FloatVector.fromArray(sp, s.cr, 0 * LANES), ci0 = FloatVector.fromArray(sp, s.ci, 0 * LANES);
        FloatVector zr1 = FloatVector.fromArray(sp, s.zr, 1 * LANES), zi1 = FloatVector.fromArray(sp, s.zi, 1 * LANES), cr1 = FloatVector.fromArray(sp, s.cr, 1 * LANES), ci1 = FloatVector.fromArray(sp, s.ci, 1 * LANES);
        FloatVector zr2 = FloatVector.fromArray(sp, s.zr, 2 * LANES), zi2 = FloatVector.fromArray(sp, s.zi, 2 * LANES), cr2 = FloatVector.fromArray(sp, s.cr, 2 * LANES), ci2 = FloatVector.fromArray(sp, s.ci, 2 * LANES);
        FloatVector zr3 = FloatVector.fromArray(sp, s.zr, 3 * LANES), zi3 = FloatVector.fromArray(sp, s.zi, 3 * LANES), cr3 = FloatVector.fromArray(sp, s.cr, 3 * LANES), ci3 = FloatVector.fromArray(sp, s.ci, 3 * LANES);
        while (live > 0) {
            FloatVector now = FloatVector.broadcast(sp, (float) step);
            FloatVector q0 = zi0.mul(zi0);
            VectorMask<Float> d0 = zr0.lanewise(VectorOperators.FMA, zr0, q0).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 0 * LANES)));
            if (d0.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 0 * LANES).blend(zr0, d0).intoArray(s.fzr, 0 * LANES);
                FloatVector.fromArray(sp, s.fzi, 0 * LANES).blend(zi0, d0).intoArray(s.fzi, 0 * LANES);
                FloatVector.fromArray(sp, s.fstep, 0 * LANES).blend(now, d0).intoArray(s.fstep, 0 * LANES);
                zr0 = zr0.blend(nan, d0); // finished: idle until service refills it
                zi0 = zi0.blend(nan, d0);
                FloatVector.fromArray(sp, s.deadline, 0 * LANES).blend(never, d0).intoArray(s.deadline, 0 * LANES);
                finished += d0.trueCount();
            }
            FloatVector q1 = zi1.mul(zi1);
            VectorMask<Float> d1 = zr1.lanewise(VectorOperators.FMA, zr1, q1).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 1 * LANES)));
            if (d1.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 1 * LANES).blend(zr1, d1).intoArray(s.fzr, 1 * LANES);
                FloatVector.fromArray(sp, s.fzi, 1 * LANES).blend(zi1, d1).intoArray(s.fzi, 1 * LANES);
                FloatVector.fromArray(sp, s.fstep, 1 * LANES).blend(now, d1).intoArray(s.fstep, 1 * LANES);
                zr1 = zr1.blend(nan, d1); // finished: idle until service refills it
                zi1 = zi1.blend(nan, d1);
                FloatVector.fromArray(sp, s.deadline, 1 * LANES).blend(never, d1).intoArray(s.deadline, 1 * LANES);
                finished += d1.trueCount();
            }
            FloatVector q2 = zi2.mul(zi2);
            VectorMask<Float> d2 = zr2.lanewise(VectorOperators.FMA, zr2, q2).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 2 * LANES)));
            if (d2.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 2 * LANES).blend(zr2, d2).intoArray(s.fzr, 2 * LANES);
                FloatVector.fromArray(sp, s.fzi, 2 * LANES).blend(zi2, d2).intoArray(s.fzi, 2 * LANES);
                FloatVector.fromArray(sp, s.fstep, 2 * LANES).blend(now, d2).intoArray(s.fstep, 2 * LANES);
                zr2 = zr2.blend(nan, d2); // finished: idle until service refills it
                zi2 = zi2.blend(nan, d2);
                FloatVector.fromArray(sp, s.deadline, 2 * LANES).blend(never, d2).intoArray(s.deadline, 2 * LANES);
                finished += d2.trueCount();
            }
            FloatVector q3 = zi3.mul(zi3);
            VectorMask<Float> d3 = zr3.lanewise(VectorOperators.FMA, zr3, q3).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 3 * LANES)));
            if (d3.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 3 * LANES).blend(zr3, d3).intoArray(s.fzr, 3 * LANES);
                FloatVector.fromArray(sp, s.fzi, 3 * LANES).blend(zi3, d3).intoArray(s.fzi, 3 * LANES);
                FloatVector.fromArray(sp, s.fstep, 3 * LANES).blend(now, d3).intoArray(s.fstep, 3 * LANES);
                zr3 = zr3.blend(nan, d3); // finished: idle until service refills it
                zi3 = zi3.blend(nan, d3);
                FloatVector.fromArray(sp, s.deadline, 3 * LANES).blend(never, d3).intoArray(s.deadline, 3 * LANES);
                finished += d3.trueCount();
            }
            if (finished >= need) {
                zr0.intoArray(s.zr, 0 * LANES);
                zi0.intoArray(s.zi, 0 * LANES);
                zr1.intoArray(s.zr, 1 * LANES);
                zi1.intoArray(s.zi, 1 * LANES);
                zr2.intoArray(s.zr, 2 * LANES);
                zi2.intoArray(s.zi, 2 * LANES);
                zr3.intoArray(s.zr, 3 * LANES);
                zi3.intoArray(s.zi, 3 * LANES);
                live = s.service(4, step);
                need = Math.min(REFILL_AT, live);
                finished = 0;
                zr0 = FloatVector.fromArray(sp, s.zr, 0 * LANES);
                zi0 = FloatVector.fromArray(sp, s.zi, 0 * LANES);
                cr0 = FloatVector.fromArray(sp, s.cr, 0 * LANES);
                ci0 = FloatVector.fromArray(sp, s.ci, 0 * LANES);
                zr1 = FloatVector.fromArray(sp, s.zr, 1 * LANES);
                zi1 = FloatVector.fromArray(sp, s.zi, 1 * LANES);
                cr1 = FloatVector.fromArray(sp, s.cr, 1 * LANES);
                ci1 = FloatVector.fromArray(sp, s.ci, 1 * LANES);
                zr2 = FloatVector.fromArray(sp, s.zr, 2 * LANES);
                zi2 = FloatVector.fromArray(sp, s.zi, 2 * LANES);
                cr2 = FloatVector.fromArray(sp, s.cr, 2 * LANES);
                ci2 = FloatVector.fromArray(sp, s.ci, 2 * LANES);
                zr3 = FloatVector.fromArray(sp, s.zr, 3 * LANES);
                zi3 = FloatVector.fromArray(sp, s.zi, 3 * LANES);
                cr3 = FloatVector.fromArray(sp, s.cr, 3 * LANES);
                ci3 = FloatVector.fromArray(sp, s.ci, 3 * LANES);
                continue; // refilled lanes must be tested before they step
            }
            step++;
            FloatVector t0 = zr0.lanewise(VectorOperators.FMA, zr0, cr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci0);
            zr0 = t0.sub(q0);
            FloatVector t1 = zr1.lanewise(VectorOperators.FMA, zr1, cr1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci1);
            zr1 = t1.sub(q1);
            FloatVector t2 = zr2.lanewise(VectorOperators.FMA, zr2, cr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci2);
            zr2 = t2.sub(q2);
            FloatVector t3 = zr3.lanewise(VectorOperators.FMA, zr3, cr3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci3);
            zr3 = t3.sub(q3);
        }
        return s.work;
    }

    /**
     * The main loop with Brent cycle detection per lane (shortcuts on), on 3 vectors: {@code sr, si}
     * hold the saved orbit point, {@code due} the step at which it is next replaced (lane ages 1, 2,
     * 4, 8, ...), {@code e} the lanes whose new {@code z} equals the saved one bit for bit.
     */
    private static long iterateWithCycles(Scratch s) {
        final VectorSpecies<Float> sp = SPECIES;
        final FloatVector four = FloatVector.broadcast(sp, (float) Orbits.ESCAPE2);
        final FloatVector nan = FloatVector.broadcast(sp, Float.NaN);
        final FloatVector never = FloatVector.broadcast(sp, Float.POSITIVE_INFINITY);
        int step = 0;
        int live = s.start(3);
        int need = Math.min(REFILL_AT, live);
        int finished = 0;
        FloatVector zr0 = FloatVector.fromArray(sp, s.zr, 0 * LANES), zi0 = FloatVector.fromArray(sp, s.zi, 0 * LANES), cr0 = FloatVector.fromArray(sp, s.cr, 0 * LANES), ci0 = FloatVector.fromArray(sp, s.ci, 0 * LANES), sr0 = FloatVector.fromArray(sp, s.sr, 0 * LANES), si0 = FloatVector.fromArray(sp, s.si, 0 * LANES), due0 = FloatVector.fromArray(sp, s.due, 0 * LANES);
        FloatVector zr1 = FloatVector.fromArray(sp, s.zr, 1 * LANES), zi1 = FloatVector.fromArray(sp, s.zi, 1 * LANES), cr1 = FloatVector.fromArray(sp, s.cr, 1 * LANES), ci1 = FloatVector.fromArray(sp, s.ci, 1 * LANES), sr1 = FloatVector.fromArray(sp, s.sr, 1 * LANES), si1 = FloatVector.fromArray(sp, s.si, 1 * LANES), due1 = FloatVector.fromArray(sp, s.due, 1 * LANES);
        FloatVector zr2 = FloatVector.fromArray(sp, s.zr, 2 * LANES), zi2 = FloatVector.fromArray(sp, s.zi, 2 * LANES), cr2 = FloatVector.fromArray(sp, s.cr, 2 * LANES), ci2 = FloatVector.fromArray(sp, s.ci, 2 * LANES), sr2 = FloatVector.fromArray(sp, s.sr, 2 * LANES), si2 = FloatVector.fromArray(sp, s.si, 2 * LANES), due2 = FloatVector.fromArray(sp, s.due, 2 * LANES);
        while (live > 0) {
            FloatVector now = FloatVector.broadcast(sp, (float) step);
            FloatVector q0 = zi0.mul(zi0);
            VectorMask<Float> d0 = zr0.lanewise(VectorOperators.FMA, zr0, q0).compare(VectorOperators.GT, four)
                    .or(zr0.compare(VectorOperators.EQ, sr0).and(zi0.compare(VectorOperators.EQ, si0)))
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 0 * LANES)));
            if (d0.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 0 * LANES).blend(zr0, d0).intoArray(s.fzr, 0 * LANES);
                FloatVector.fromArray(sp, s.fzi, 0 * LANES).blend(zi0, d0).intoArray(s.fzi, 0 * LANES);
                FloatVector.fromArray(sp, s.fstep, 0 * LANES).blend(now, d0).intoArray(s.fstep, 0 * LANES);
                zr0 = zr0.blend(nan, d0); // finished: idle until service refills it
                zi0 = zi0.blend(nan, d0);
                FloatVector.fromArray(sp, s.deadline, 0 * LANES).blend(never, d0).intoArray(s.deadline, 0 * LANES);
                finished += d0.trueCount();
            }
            FloatVector q1 = zi1.mul(zi1);
            VectorMask<Float> d1 = zr1.lanewise(VectorOperators.FMA, zr1, q1).compare(VectorOperators.GT, four)
                    .or(zr1.compare(VectorOperators.EQ, sr1).and(zi1.compare(VectorOperators.EQ, si1)))
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 1 * LANES)));
            if (d1.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 1 * LANES).blend(zr1, d1).intoArray(s.fzr, 1 * LANES);
                FloatVector.fromArray(sp, s.fzi, 1 * LANES).blend(zi1, d1).intoArray(s.fzi, 1 * LANES);
                FloatVector.fromArray(sp, s.fstep, 1 * LANES).blend(now, d1).intoArray(s.fstep, 1 * LANES);
                zr1 = zr1.blend(nan, d1); // finished: idle until service refills it
                zi1 = zi1.blend(nan, d1);
                FloatVector.fromArray(sp, s.deadline, 1 * LANES).blend(never, d1).intoArray(s.deadline, 1 * LANES);
                finished += d1.trueCount();
            }
            FloatVector q2 = zi2.mul(zi2);
            VectorMask<Float> d2 = zr2.lanewise(VectorOperators.FMA, zr2, q2).compare(VectorOperators.GT, four)
                    .or(zr2.compare(VectorOperators.EQ, sr2).and(zi2.compare(VectorOperators.EQ, si2)))
                    .or(now.compare(VectorOperators.GE, FloatVector.fromArray(sp, s.deadline, 2 * LANES)));
            if (d2.anyTrue()) {
                FloatVector.fromArray(sp, s.fzr, 2 * LANES).blend(zr2, d2).intoArray(s.fzr, 2 * LANES);
                FloatVector.fromArray(sp, s.fzi, 2 * LANES).blend(zi2, d2).intoArray(s.fzi, 2 * LANES);
                FloatVector.fromArray(sp, s.fstep, 2 * LANES).blend(now, d2).intoArray(s.fstep, 2 * LANES);
                zr2 = zr2.blend(nan, d2); // finished: idle until service refills it
                zi2 = zi2.blend(nan, d2);
                FloatVector.fromArray(sp, s.deadline, 2 * LANES).blend(never, d2).intoArray(s.deadline, 2 * LANES);
                finished += d2.trueCount();
            }
            if (finished >= need) {
                zr0.intoArray(s.zr, 0 * LANES);
                zi0.intoArray(s.zi, 0 * LANES);
                sr0.intoArray(s.sr, 0 * LANES);
                si0.intoArray(s.si, 0 * LANES);
                due0.intoArray(s.due, 0 * LANES);
                zr1.intoArray(s.zr, 1 * LANES);
                zi1.intoArray(s.zi, 1 * LANES);
                sr1.intoArray(s.sr, 1 * LANES);
                si1.intoArray(s.si, 1 * LANES);
                due1.intoArray(s.due, 1 * LANES);
                zr2.intoArray(s.zr, 2 * LANES);
                zi2.intoArray(s.zi, 2 * LANES);
                sr2.intoArray(s.sr, 2 * LANES);
                si2.intoArray(s.si, 2 * LANES);
                due2.intoArray(s.due, 2 * LANES);
                live = s.service(3, step);
                need = Math.min(REFILL_AT, live);
                finished = 0;
                zr0 = FloatVector.fromArray(sp, s.zr, 0 * LANES);
                zi0 = FloatVector.fromArray(sp, s.zi, 0 * LANES);
                cr0 = FloatVector.fromArray(sp, s.cr, 0 * LANES);
                ci0 = FloatVector.fromArray(sp, s.ci, 0 * LANES);
                sr0 = FloatVector.fromArray(sp, s.sr, 0 * LANES);
                si0 = FloatVector.fromArray(sp, s.si, 0 * LANES);
                due0 = FloatVector.fromArray(sp, s.due, 0 * LANES);
                zr1 = FloatVector.fromArray(sp, s.zr, 1 * LANES);
                zi1 = FloatVector.fromArray(sp, s.zi, 1 * LANES);
                cr1 = FloatVector.fromArray(sp, s.cr, 1 * LANES);
                ci1 = FloatVector.fromArray(sp, s.ci, 1 * LANES);
                sr1 = FloatVector.fromArray(sp, s.sr, 1 * LANES);
                si1 = FloatVector.fromArray(sp, s.si, 1 * LANES);
                due1 = FloatVector.fromArray(sp, s.due, 1 * LANES);
                zr2 = FloatVector.fromArray(sp, s.zr, 2 * LANES);
                zi2 = FloatVector.fromArray(sp, s.zi, 2 * LANES);
                cr2 = FloatVector.fromArray(sp, s.cr, 2 * LANES);
                ci2 = FloatVector.fromArray(sp, s.ci, 2 * LANES);
                sr2 = FloatVector.fromArray(sp, s.sr, 2 * LANES);
                si2 = FloatVector.fromArray(sp, s.si, 2 * LANES);
                due2 = FloatVector.fromArray(sp, s.due, 2 * LANES);
                continue; // refilled lanes must be tested before they step
            }
            // Brent's saves where due, after this step's test: a point saved before it would
            // equal itself
            VectorMask<Float> u0 = now.compare(VectorOperators.EQ, due0);
            if (u0.anyTrue()) {
                sr0 = sr0.blend(zr0, u0);
                si0 = si0.blend(zi0, u0);
                FloatVector gap = FloatVector.fromArray(sp, s.gap, 0 * LANES);
                due0 = due0.blend(due0.add(gap), u0);
                gap.blend(gap.add(gap), u0).intoArray(s.gap, 0 * LANES);
            }
            VectorMask<Float> u1 = now.compare(VectorOperators.EQ, due1);
            if (u1.anyTrue()) {
                sr1 = sr1.blend(zr1, u1);
                si1 = si1.blend(zi1, u1);
                FloatVector gap = FloatVector.fromArray(sp, s.gap, 1 * LANES);
                due1 = due1.blend(due1.add(gap), u1);
                gap.blend(gap.add(gap), u1).intoArray(s.gap, 1 * LANES);
            }
            VectorMask<Float> u2 = now.compare(VectorOperators.EQ, due2);
            if (u2.anyTrue()) {
                sr2 = sr2.blend(zr2, u2);
                si2 = si2.blend(zi2, u2);
                FloatVector gap = FloatVector.fromArray(sp, s.gap, 2 * LANES);
                due2 = due2.blend(due2.add(gap), u2);
                gap.blend(gap.add(gap), u2).intoArray(s.gap, 2 * LANES);
            }
            step++;
            FloatVector t0 = zr0.lanewise(VectorOperators.FMA, zr0, cr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci0);
            zr0 = t0.sub(q0);
            FloatVector t1 = zr1.lanewise(VectorOperators.FMA, zr1, cr1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci1);
            zr1 = t1.sub(q1);
            FloatVector t2 = zr2.lanewise(VectorOperators.FMA, zr2, cr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci2);
            zr2 = t2.sub(q2);
        }
        return s.work;
    }

    /**
     * Per-thread queue, lane state and bookkeeping, grown on demand and reused across tiles. Lane
     * {@code l} of slot {@code s} lives at index {@code s * LANES + l} of the state arrays; the
     * vectors in registers are spilled to them before every {@link #service} and reloaded after.
     *
     * <p>Counts are not kept in the vector loop: all lanes step together, so a lane's count is its
     * start count plus the number of steps since it was filled ({@code birth}). The step at which a
     * lane reaches the iteration limit is its {@code deadline}.
     */
    private static final class Scratch {
        // the tile's queue of pixels still to compute: start value, start count, output index
        float[] pr = new float[0];
        float[] pi = new float[0];
        int[] n0 = new int[0];
        int[] at = new int[0];
        int queued;
        int next;
        int live;
        int maxIterations;
        // escaped pixels waiting for their smooth value: z(n), c, n, output index
        double[] ezr = new double[0];
        double[] ezi = new double[0];
        double[] ecr = new double[0];
        double[] eci = new double[0];
        double[] en = new double[0];
        int[] eat = new int[0];
        int escaped;
        // lane state: orbit, parameter, saved orbit point, next save step and gap (Brent)
        final float[] zr = new float[MAX_SLOTS * LANES];
        final float[] zi = new float[MAX_SLOTS * LANES];
        final float[] cr = new float[MAX_SLOTS * LANES];
        final float[] ci = new float[MAX_SLOTS * LANES];
        final float[] sr = new float[MAX_SLOTS * LANES];
        final float[] si = new float[MAX_SLOTS * LANES];
        final float[] due = new float[MAX_SLOTS * LANES];
        final float[] gap = new float[MAX_SLOTS * LANES];
        final float[] deadline = new float[MAX_SLOTS * LANES];
        final int[] birth = new int[MAX_SLOTS * LANES];
        // a finished lane's orbit and the step at which it finished
        final float[] fzr = new float[MAX_SLOTS * LANES];
        final float[] fzi = new float[MAX_SLOTS * LANES];
        final float[] fstep = new float[MAX_SLOTS * LANES];
        // which queue entry each lane holds (-1: idle)
        final int[] lanePixel = new int[MAX_SLOTS * LANES];
        final double[] tr = new double[4 * VectorKernel.LANES];
        final boolean[] tlanes = new boolean[2 * VectorKernel.LANES];
        long work;
        int[] counts;
        float[] smooth;
        boolean julia;
        float cRe;
        float cIm;

        void ensure(int pixels) {
            if (pr.length < pixels + LANES) {
                int size = pixels + LANES;
                pr = new float[size];
                pi = new float[size];
                n0 = new int[size];
                at = new int[size];
                ezr = new double[size + 2 * VectorKernel.LANES];
                ezi = new double[size + 2 * VectorKernel.LANES];
                ecr = new double[size + 2 * VectorKernel.LANES];
                eci = new double[size + 2 * VectorKernel.LANES];
                en = new double[size + 2 * VectorKernel.LANES];
                eat = new int[size + 2 * VectorKernel.LANES];
            }
        }

        /** Fills every lane of {@code slots} vectors from the queue; returns the number of live lanes. */
        int start(int slots) {
            java.util.Arrays.fill(lanePixel, -1);
            java.util.Arrays.fill(zr, Float.NaN);
            live = 0;
            return service(slots, 0);
        }

        /**
         * Finishes every lane that is not active (writes its result; escaped ones wait for the
         * smooth pass) and refills it with the next queued pixel. A lane for which the queue is
         * empty becomes idle: NaN orbit, never active again. A lane is active while its {@code zr}
         * is a number: the vector loop turns a finished lane's orbit to NaN and its deadline to
         * infinity, so that no test flags it again, rather than carry a mask of active lanes from
         * step to step (C2 boxed such masks, and on AVX2 it has no instruction for
         * {@code VectorMask.fromLong} of 8 lanes: 11 to 110 KB of garbage per 64 x 32 tile).
         * Returns the number of live (non-idle) lanes.
         */
        int service(int slots, int step) {
            for (int slot = 0; slot < slots; slot++) {
                serviceSlot(slot, step);
            }
            return live;
        }

        private void serviceSlot(int slot, int step) {
            for (int lane = slot * LANES; lane < (slot + 1) * LANES; lane++) {
                if (!Float.isNaN(zr[lane])) {
                    continue; // still iterating
                }
                int k = lanePixel[lane];
                if (k >= 0) {
                    finish(lane, k);
                    live--;
                }
                if (next < queued) {
                    k = next++;
                    lanePixel[lane] = k;
                    zr[lane] = pr[k];
                    zi[lane] = pi[k];
                    cr[lane] = julia ? cRe : pr[k];
                    ci[lane] = julia ? cIm : pi[k];
                    sr[lane] = Float.NaN;
                    si[lane] = Float.NaN;
                    due[lane] = step + 1;
                    gap[lane] = 1;
                    birth[lane] = step;
                    deadline[lane] = step + (maxIterations - n0[k]);
                    live++;
                } else {
                    lanePixel[lane] = -1;
                    zr[lane] = Float.NaN;
                    zi[lane] = Float.NaN;
                    deadline[lane] = Float.POSITIVE_INFINITY;
                }
            }
        }

        private void finish(int lane, int k) {
            int out = at[k];
            float x = fzr[lane];
            float y = fzi[lane];
            int count = n0[k] + ((int) fstep[lane] - birth[lane]);
            work += count;
            if (Math.fma(x, x, y * y) > Orbits.ESCAPE2) { // the vector loop's own test, bit for bit
                counts[out] = count;
                int e = escaped++;
                ezr[e] = x;
                ezi[e] = y;
                ecr[e] = cr[lane];
                eci[e] = ci[lane];
                en[e] = count;
                eat[e] = out;
            } else {
                counts[out] = -1;
                smooth[out] = -1;
            }
        }
    }
}
