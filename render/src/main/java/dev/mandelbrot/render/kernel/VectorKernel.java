package dev.mandelbrot.render.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Internal, not API. The SIMD kernel in double precision on the Vector API; with its float twin,
 * the only code that imports {@code jdk.incubator.vector}.
 *
 * <h2>How it works</h2>
 * A tile's pixels are first listed in a queue (pixels inside the main cardioid or the period-2
 * bulb are written as interior on the way, when shortcuts are on). Four vectors of {@code L} lanes
 * (three with cycle detection, which needs more registers) are then in flight at once, each lane
 * holding one pixel's orbit {@code z} and parameter {@code c}. The independent dependency chains
 * keep the FMA units busy while one chain waits for its previous result. One step is
 * {@code q = zi*zi; |z|^2 = fma(zr, zr, q); zi' = fma(zr + zr, zi, ci); zr' = fma(zr, zr, cr) - q}.
 *
 * <p>Every step each vector compares {@code |z|^2} with 4 (and its lanes' deadlines, the step at
 * which they reach the iteration limit) and gets a mask of newly finished lanes (compare -> mask);
 * their {@code z} and the step are saved with {@code blend} and they are masked off. Once
 * {@code REFILL_AT} lanes (one vector's worth) have finished, all vectors are spilled, a scalar
 * pass writes the finished pixels and refills their lanes with the next queued pixels, and the
 * vectors are reloaded: lanes do not wait for the slowest pixel of their vector, and the round
 * trip is paid once per several pixels. Counts are not iterated per lane: all lanes step together,
 * so a lane's count is its start count plus the steps since it was filled. When the queue runs
 * dry, idle lanes hold NaN, which compares false with everything and never finishes.
 *
 * <p>The loop is written out per vector (no arrays of vectors) and the refill is a call on plain
 * arrays: C2 keeps vectors in registers only when it can see every use, and gives up on methods
 * that grow too large, which an inlined refill per vector did.
 *
 * <p>With shortcuts on, each lane also runs Brent's cycle detection: the orbit is saved at lane
 * ages 1, 2, 4, 8, ...; a later {@code z} bit-for-bit equal to the saved one means the double
 * orbit is periodic and can never escape (see {@link ScalarKernel}).
 *
 * <p>Smooth values need the orbit followed to radius 2^8: that is done after the main loop, for all
 * escaped pixels of the tile together, in a short vector loop ending in one vector logarithm.
 *
 * <p>Because of FMA, a pixel whose orbit passes within rounding of the bailout may get a count one
 * off from {@link ScalarKernel}; the tests bound how many (measured: under 0.02% of the seed view).
 */
final class VectorKernel implements Kernel {

    /** Most vectors any loop keeps in flight (the state arrays are sized for it). */
    private static final int MAX_SLOTS = 4;

    /**
     * The vector width: {@code SPECIES_PREFERRED}, unless the system property
     * {@code mandelbrot.vector.bits} (128, 256 or 512) names another. It is a {@code static final}
     * on purpose: C2 turns Vector API calls into SIMD instructions only when the species is a
     * compile-time constant. Tests therefore cover each width in its own JVM (see the surefire
     * executions in {@code render/pom.xml}), as Lucene does.
     */
    static final VectorSpecies<Double> SPECIES = species(System.getProperty("mandelbrot.vector.bits"));

    static final int LANES = SPECIES.length();

    /**
     * Finished lanes wait, masked off, until this many have accumulated (or every live lane has
     * finished) before they are written out and refilled: one refill round trip (spill, scalar
     * bookkeeping, reload) then serves several pixels instead of one.
     */
    private static final int REFILL_AT = Math.max(2, LANES);

    static final VectorKernel INSTANCE = new VectorKernel();

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private VectorKernel() {}

    static VectorSpecies<Double> species(String bits) {
        if (bits == null || bits.isBlank()) {
            return DoubleVector.SPECIES_PREFERRED;
        }
        return switch (bits.strip()) {
            case "128" -> DoubleVector.SPECIES_128;
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> throw new IllegalArgumentException("mandelbrot.vector.bits must be 128, 256 or 512, got " + bits);
        };
    }

    @Override
    public String name() {
        return "vector-double-" + SPECIES.vectorBitSize();
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
                s.pr[queued] = re;
                s.pi[queued] = im;
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
        s.cRe = p.cRe();
        s.cIm = p.cIm();
        try {
            long work = p.shortcuts() ? iterateWithCycles(s) : iterate(s);
            smoothPass(s.ezr, s.ezi, s.ecr, s.eci, s.en, s.eat, s.escaped, smooth, s.tr);
            return work;
        } finally {
            s.counts = null; // do not keep a finished image reachable from a pool thread
            s.smooth = null;
        }
    }

    /** The main loop without cycle detection (shortcuts off), on 4 vectors. */
    private static long iterate(Scratch s) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector four = DoubleVector.broadcast(sp, Orbits.ESCAPE2);
        int step = 0;
        int live = s.start(4);
        int need = Math.min(REFILL_AT, live);
        int finished = 0;
        DoubleVector zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES), zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES), cr0 = DoubleVector.fromArray(sp, s.cr, 0 * LANES), ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES);
        DoubleVector zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES), zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES), cr1 = DoubleVector.fromArray(sp, s.cr, 1 * LANES), ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES);
        DoubleVector zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES), zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES), cr2 = DoubleVector.fromArray(sp, s.cr, 2 * LANES), ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES);
        DoubleVector zr3 = DoubleVector.fromArray(sp, s.zr, 3 * LANES), zi3 = DoubleVector.fromArray(sp, s.zi, 3 * LANES), cr3 = DoubleVector.fromArray(sp, s.cr, 3 * LANES), ci3 = DoubleVector.fromArray(sp, s.ci, 3 * LANES);
        VectorMask<Double> a0 = VectorMask.fromLong(sp, s.active[0]), a1 = VectorMask.fromLong(sp, s.active[1]), a2 = VectorMask.fromLong(sp, s.active[2]), a3 = VectorMask.fromLong(sp, s.active[3]);
        while (live > 0) {
            DoubleVector now = DoubleVector.broadcast(sp, (double) step);
            DoubleVector q0 = zi0.mul(zi0);
            VectorMask<Double> d0 = zr0.lanewise(VectorOperators.FMA, zr0, q0).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 0 * LANES))).and(a0);
            if (d0.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 0 * LANES).blend(zr0, d0).intoArray(s.fzr, 0 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 0 * LANES).blend(zi0, d0).intoArray(s.fzi, 0 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 0 * LANES).blend(now, d0).intoArray(s.fstep, 0 * LANES);
                a0 = a0.andNot(d0);
                finished += d0.trueCount();
            }
            DoubleVector q1 = zi1.mul(zi1);
            VectorMask<Double> d1 = zr1.lanewise(VectorOperators.FMA, zr1, q1).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 1 * LANES))).and(a1);
            if (d1.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 1 * LANES).blend(zr1, d1).intoArray(s.fzr, 1 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 1 * LANES).blend(zi1, d1).intoArray(s.fzi, 1 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 1 * LANES).blend(now, d1).intoArray(s.fstep, 1 * LANES);
                a1 = a1.andNot(d1);
                finished += d1.trueCount();
            }
            DoubleVector q2 = zi2.mul(zi2);
            VectorMask<Double> d2 = zr2.lanewise(VectorOperators.FMA, zr2, q2).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 2 * LANES))).and(a2);
            if (d2.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 2 * LANES).blend(zr2, d2).intoArray(s.fzr, 2 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 2 * LANES).blend(zi2, d2).intoArray(s.fzi, 2 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 2 * LANES).blend(now, d2).intoArray(s.fstep, 2 * LANES);
                a2 = a2.andNot(d2);
                finished += d2.trueCount();
            }
            DoubleVector q3 = zi3.mul(zi3);
            VectorMask<Double> d3 = zr3.lanewise(VectorOperators.FMA, zr3, q3).compare(VectorOperators.GT, four)
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 3 * LANES))).and(a3);
            if (d3.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 3 * LANES).blend(zr3, d3).intoArray(s.fzr, 3 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 3 * LANES).blend(zi3, d3).intoArray(s.fzi, 3 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 3 * LANES).blend(now, d3).intoArray(s.fstep, 3 * LANES);
                a3 = a3.andNot(d3);
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
                s.active[0] = a0.toLong();
                s.active[1] = a1.toLong();
                s.active[2] = a2.toLong();
                s.active[3] = a3.toLong();
                live = s.service(4, step);
                need = Math.min(REFILL_AT, live);
                finished = 0;
                zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES);
                zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES);
                cr0 = DoubleVector.fromArray(sp, s.cr, 0 * LANES);
                ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES);
                a0 = VectorMask.fromLong(sp, s.active[0]);
                zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES);
                zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES);
                cr1 = DoubleVector.fromArray(sp, s.cr, 1 * LANES);
                ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES);
                a1 = VectorMask.fromLong(sp, s.active[1]);
                zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES);
                zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES);
                cr2 = DoubleVector.fromArray(sp, s.cr, 2 * LANES);
                ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES);
                a2 = VectorMask.fromLong(sp, s.active[2]);
                zr3 = DoubleVector.fromArray(sp, s.zr, 3 * LANES);
                zi3 = DoubleVector.fromArray(sp, s.zi, 3 * LANES);
                cr3 = DoubleVector.fromArray(sp, s.cr, 3 * LANES);
                ci3 = DoubleVector.fromArray(sp, s.ci, 3 * LANES);
                a3 = VectorMask.fromLong(sp, s.active[3]);
                continue; // refilled lanes must be tested before they step
            }
            step++;
            DoubleVector t0 = zr0.lanewise(VectorOperators.FMA, zr0, cr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci0);
            zr0 = t0.sub(q0);
            DoubleVector t1 = zr1.lanewise(VectorOperators.FMA, zr1, cr1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci1);
            zr1 = t1.sub(q1);
            DoubleVector t2 = zr2.lanewise(VectorOperators.FMA, zr2, cr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci2);
            zr2 = t2.sub(q2);
            DoubleVector t3 = zr3.lanewise(VectorOperators.FMA, zr3, cr3);
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
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector four = DoubleVector.broadcast(sp, Orbits.ESCAPE2);
        int step = 0;
        int live = s.start(3);
        int need = Math.min(REFILL_AT, live);
        int finished = 0;
        DoubleVector zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES), zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES), cr0 = DoubleVector.fromArray(sp, s.cr, 0 * LANES), ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES), sr0 = DoubleVector.fromArray(sp, s.sr, 0 * LANES), si0 = DoubleVector.fromArray(sp, s.si, 0 * LANES), due0 = DoubleVector.fromArray(sp, s.due, 0 * LANES);
        DoubleVector zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES), zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES), cr1 = DoubleVector.fromArray(sp, s.cr, 1 * LANES), ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES), sr1 = DoubleVector.fromArray(sp, s.sr, 1 * LANES), si1 = DoubleVector.fromArray(sp, s.si, 1 * LANES), due1 = DoubleVector.fromArray(sp, s.due, 1 * LANES);
        DoubleVector zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES), zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES), cr2 = DoubleVector.fromArray(sp, s.cr, 2 * LANES), ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES), sr2 = DoubleVector.fromArray(sp, s.sr, 2 * LANES), si2 = DoubleVector.fromArray(sp, s.si, 2 * LANES), due2 = DoubleVector.fromArray(sp, s.due, 2 * LANES);
        VectorMask<Double> a0 = VectorMask.fromLong(sp, s.active[0]), a1 = VectorMask.fromLong(sp, s.active[1]), a2 = VectorMask.fromLong(sp, s.active[2]);
        while (live > 0) {
            DoubleVector now = DoubleVector.broadcast(sp, (double) step);
            DoubleVector q0 = zi0.mul(zi0);
            VectorMask<Double> d0 = zr0.lanewise(VectorOperators.FMA, zr0, q0).compare(VectorOperators.GT, four)
                    .or(zr0.compare(VectorOperators.EQ, sr0).and(zi0.compare(VectorOperators.EQ, si0)))
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 0 * LANES))).and(a0);
            if (d0.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 0 * LANES).blend(zr0, d0).intoArray(s.fzr, 0 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 0 * LANES).blend(zi0, d0).intoArray(s.fzi, 0 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 0 * LANES).blend(now, d0).intoArray(s.fstep, 0 * LANES);
                a0 = a0.andNot(d0);
                finished += d0.trueCount();
            }
            DoubleVector q1 = zi1.mul(zi1);
            VectorMask<Double> d1 = zr1.lanewise(VectorOperators.FMA, zr1, q1).compare(VectorOperators.GT, four)
                    .or(zr1.compare(VectorOperators.EQ, sr1).and(zi1.compare(VectorOperators.EQ, si1)))
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 1 * LANES))).and(a1);
            if (d1.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 1 * LANES).blend(zr1, d1).intoArray(s.fzr, 1 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 1 * LANES).blend(zi1, d1).intoArray(s.fzi, 1 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 1 * LANES).blend(now, d1).intoArray(s.fstep, 1 * LANES);
                a1 = a1.andNot(d1);
                finished += d1.trueCount();
            }
            DoubleVector q2 = zi2.mul(zi2);
            VectorMask<Double> d2 = zr2.lanewise(VectorOperators.FMA, zr2, q2).compare(VectorOperators.GT, four)
                    .or(zr2.compare(VectorOperators.EQ, sr2).and(zi2.compare(VectorOperators.EQ, si2)))
                    .or(now.compare(VectorOperators.GE, DoubleVector.fromArray(sp, s.deadline, 2 * LANES))).and(a2);
            if (d2.anyTrue()) {
                DoubleVector.fromArray(sp, s.fzr, 2 * LANES).blend(zr2, d2).intoArray(s.fzr, 2 * LANES);
                DoubleVector.fromArray(sp, s.fzi, 2 * LANES).blend(zi2, d2).intoArray(s.fzi, 2 * LANES);
                DoubleVector.fromArray(sp, s.fstep, 2 * LANES).blend(now, d2).intoArray(s.fstep, 2 * LANES);
                a2 = a2.andNot(d2);
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
                s.active[0] = a0.toLong();
                s.active[1] = a1.toLong();
                s.active[2] = a2.toLong();
                live = s.service(3, step);
                need = Math.min(REFILL_AT, live);
                finished = 0;
                zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES);
                zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES);
                cr0 = DoubleVector.fromArray(sp, s.cr, 0 * LANES);
                ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES);
                sr0 = DoubleVector.fromArray(sp, s.sr, 0 * LANES);
                si0 = DoubleVector.fromArray(sp, s.si, 0 * LANES);
                due0 = DoubleVector.fromArray(sp, s.due, 0 * LANES);
                a0 = VectorMask.fromLong(sp, s.active[0]);
                zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES);
                zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES);
                cr1 = DoubleVector.fromArray(sp, s.cr, 1 * LANES);
                ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES);
                sr1 = DoubleVector.fromArray(sp, s.sr, 1 * LANES);
                si1 = DoubleVector.fromArray(sp, s.si, 1 * LANES);
                due1 = DoubleVector.fromArray(sp, s.due, 1 * LANES);
                a1 = VectorMask.fromLong(sp, s.active[1]);
                zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES);
                zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES);
                cr2 = DoubleVector.fromArray(sp, s.cr, 2 * LANES);
                ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES);
                sr2 = DoubleVector.fromArray(sp, s.sr, 2 * LANES);
                si2 = DoubleVector.fromArray(sp, s.si, 2 * LANES);
                due2 = DoubleVector.fromArray(sp, s.due, 2 * LANES);
                a2 = VectorMask.fromLong(sp, s.active[2]);
                continue; // refilled lanes must be tested before they step
            }
            // Brent saves come after the refill check: a re-test after a refill must compare
            // against the point saved before this step, not against z itself.
            VectorMask<Double> u0 = now.compare(VectorOperators.EQ, due0);
            if (u0.anyTrue()) {
                sr0 = sr0.blend(zr0, u0);
                si0 = si0.blend(zi0, u0);
                DoubleVector gap = DoubleVector.fromArray(sp, s.gap, 0 * LANES);
                due0 = due0.blend(due0.add(gap), u0);
                gap.blend(gap.add(gap), u0).intoArray(s.gap, 0 * LANES);
            }
            VectorMask<Double> u1 = now.compare(VectorOperators.EQ, due1);
            if (u1.anyTrue()) {
                sr1 = sr1.blend(zr1, u1);
                si1 = si1.blend(zi1, u1);
                DoubleVector gap = DoubleVector.fromArray(sp, s.gap, 1 * LANES);
                due1 = due1.blend(due1.add(gap), u1);
                gap.blend(gap.add(gap), u1).intoArray(s.gap, 1 * LANES);
            }
            VectorMask<Double> u2 = now.compare(VectorOperators.EQ, due2);
            if (u2.anyTrue()) {
                sr2 = sr2.blend(zr2, u2);
                si2 = si2.blend(zi2, u2);
                DoubleVector gap = DoubleVector.fromArray(sp, s.gap, 2 * LANES);
                due2 = due2.blend(due2.add(gap), u2);
                gap.blend(gap.add(gap), u2).intoArray(s.gap, 2 * LANES);
            }
            step++;
            DoubleVector t0 = zr0.lanewise(VectorOperators.FMA, zr0, cr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci0);
            zr0 = t0.sub(q0);
            DoubleVector t1 = zr1.lanewise(VectorOperators.FMA, zr1, cr1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci1);
            zr1 = t1.sub(q1);
            DoubleVector t2 = zr2.lanewise(VectorOperators.FMA, zr2, cr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci2);
            zr2 = t2.sub(q2);
        }
        return s.work;
    }

    /**
     * Smooth values of the tile's escaped pixels: follows each orbit from radius 2 to radius 2^8
     * (lanes that got there first are frozen by blend), then applies the closed form of
     * {@link Orbits#smoothOf} with a vector logarithm. Shared with {@link FloatVectorKernel}, which
     * hands over its escaped orbits in double. The arrays must have {@code LANES} entries of slack
     * past {@code count}; {@code tmp} holds one vector.
     */
    static void smoothPass(double[] ezr, double[] ezi, double[] ecr, double[] eci, double[] en, int[] eat,
            int count, float[] smooth, double[] tmp) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector r2 = DoubleVector.broadcast(sp, Orbits.SMOOTH_R2);
        for (int k = 0; k < count; k += LANES) {
            VectorMask<Double> in = sp.indexInRange(k, count);
            DoubleVector zr = DoubleVector.fromArray(sp, ezr, k);
            DoubleVector zi = DoubleVector.fromArray(sp, ezi, k);
            DoubleVector cr = DoubleVector.fromArray(sp, ecr, k);
            DoubleVector ci = DoubleVector.fromArray(sp, eci, k);
            DoubleVector n = DoubleVector.fromArray(sp, en, k);
            DoubleVector m = n;
            DoubleVector mag = zr.mul(zr).add(zi.mul(zi));
            for (int t = 0; t < Orbits.MAX_CONTINUATION; t++) {
                VectorMask<Double> go = mag.compare(VectorOperators.LE, r2).and(in);
                if (!go.anyTrue()) {
                    break;
                }
                DoubleVector nr = zr.mul(zr).sub(zi.mul(zi)).add(cr);
                DoubleVector ni = zr.mul(2.0).mul(zi).add(ci);
                zr = zr.blend(nr, go);
                zi = zi.blend(ni, go);
                m = m.add(1.0, go);
                mag = zr.mul(zr).add(zi.mul(zi));
            }
            // m + 1 - log2(log2(mag) / 16), clamped to at least n, as Orbits.smoothOf
            DoubleVector log2mag = mag.lanewise(VectorOperators.LOG).mul(INV_LN2);
            DoubleVector v = m.add(1.0).sub(log2mag.mul(1.0 / 16).lanewise(VectorOperators.LOG).mul(INV_LN2)).max(n);
            v.intoArray(tmp, 0);
            int upto = Math.min(LANES, count - k);
            for (int l = 0; l < upto; l++) {
                smooth[eat[k + l]] = (float) tmp[l];
            }
        }
    }

    private static final double INV_LN2 = 1.4426950408889634;

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
        double[] pr = new double[0];
        double[] pi = new double[0];
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
        final double[] zr = new double[MAX_SLOTS * LANES];
        final double[] zi = new double[MAX_SLOTS * LANES];
        final double[] cr = new double[MAX_SLOTS * LANES];
        final double[] ci = new double[MAX_SLOTS * LANES];
        final double[] sr = new double[MAX_SLOTS * LANES];
        final double[] si = new double[MAX_SLOTS * LANES];
        final double[] due = new double[MAX_SLOTS * LANES];
        final double[] gap = new double[MAX_SLOTS * LANES];
        final double[] deadline = new double[MAX_SLOTS * LANES];
        final int[] birth = new int[MAX_SLOTS * LANES];
        // a finished lane's orbit and the step at which it finished
        final double[] fzr = new double[MAX_SLOTS * LANES];
        final double[] fzi = new double[MAX_SLOTS * LANES];
        final double[] fstep = new double[MAX_SLOTS * LANES];
        // which queue entry each lane holds (-1: idle), and the lanes still iterating per slot
        final int[] lanePixel = new int[MAX_SLOTS * LANES];
        final long[] active = new long[MAX_SLOTS];
        final double[] tr = new double[LANES];
        long work;
        int[] counts;
        float[] smooth;
        boolean julia;
        double cRe;
        double cIm;

        void ensure(int pixels) {
            if (pr.length < pixels + LANES) {
                int size = pixels + LANES;
                pr = new double[size];
                pi = new double[size];
                n0 = new int[size];
                at = new int[size];
                ezr = new double[size];
                ezi = new double[size];
                ecr = new double[size];
                eci = new double[size];
                en = new double[size];
                eat = new int[size];
            }
        }

        /** Fills every lane of {@code slots} vectors from the queue; returns the number of live lanes. */
        int start(int slots) {
            java.util.Arrays.fill(lanePixel, -1);
            java.util.Arrays.fill(active, 0);
            live = 0;
            return service(slots, 0);
        }

        /**
         * Finishes every lane that is not active (writes its result; escaped ones wait for the
         * smooth pass) and refills it with the next queued pixel. A lane for which the queue is
         * empty becomes idle: NaN orbit, never active again. Updates {@link #active}; returns the
         * number of live (non-idle) lanes.
         */
        int service(int slots, int step) {
            for (int slot = 0; slot < slots; slot++) {
                serviceSlot(slot, step);
            }
            return live;
        }

        private void serviceSlot(int slot, int step) {
            long activeBits = active[slot];
            long all = -1L >>> (64 - LANES);
            int base = slot * LANES;
            for (long rest = ~activeBits & all; rest != 0; rest &= rest - 1) {
                int bit = Long.numberOfTrailingZeros(rest);
                int lane = base + bit;
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
                    sr[lane] = Double.NaN;
                    si[lane] = Double.NaN;
                    due[lane] = step + 1;
                    gap[lane] = 1;
                    birth[lane] = step;
                    deadline[lane] = step + (maxIterations - n0[k]);
                    activeBits |= 1L << bit;
                    live++;
                } else {
                    lanePixel[lane] = -1;
                    zr[lane] = Double.NaN;
                    zi[lane] = Double.NaN;
                }
            }
            active[slot] = activeBits;
        }

        private void finish(int lane, int k) {
            int out = at[k];
            double x = fzr[lane];
            double y = fzi[lane];
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
