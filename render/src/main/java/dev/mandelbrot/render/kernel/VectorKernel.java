package dev.mandelbrot.render.kernel;

import dev.mandelbrot.render.simd.VectorLog;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Internal, not API. The SIMD kernel in double precision on the Vector API; with its float twin,
 * {@code color.VectorLevels} (colouring) and {@code simd.VectorLog}, the only code that imports
 * {@code jdk.incubator.vector}, each behind a scalar twin.
 *
 * <h2>How it works</h2>
 * A tile is cut into groups of {@code L} neighbouring pixels of a row, one group per vector lane
 * set. Four (or six, {@link #SLOTS}) vectors are in flight at once, each lane holding one
 * pixel's orbit {@code z} and parameter {@code c}; the independent dependency chains keep the
 * floating-point units busy while one chain waits for its previous result. Pixels inside the main
 * cardioid or the period-2 bulb are never iterated.
 *
 * <p><b>Lanes refilled as pixels finish.</b> The pixels the sprint (below) leaves unfinished queue
 * one by one, and a vector's lanes take them as lanes free up: at the end of a block in which at
 * least half of a vector's lanes are free, all its free lanes are refilled at once. Each lane
 * keeps its own start (its count is {@code n0 + step - birth}), limit and Brent schedule. On the
 * seed's view with shortcuts, giving a vector a whole new group only when its last lane was done
 * left two lane steps of three idle (36.5 M lane steps for about 11 M useful iterations: on the
 * boundary, neighbours finish far apart); refilled, the loop takes half the blocks and the frame
 * 10-15% less CPU. Refilling every freed lane at once, not half a vector's, cost more than it
 * saved: each lane then reached its limit at its own block, and each such block is a round of
 * bookkeeping (docs/BENCHMARKS.md).
 *
 * <p><b>A sprint first.</b> A new group first takes up to {@value #SPRINT} steps on its own,
 * testing every step; lanes that escape there get their count and smooth value written straight
 * to the image by vector stores. On the seed's view most pixels escape within a few steps (mean
 * count 7, 96% of the escaping ones before 16), so most groups never need a slot: this cut the
 * frame's CPU time by a fifth. Only the pixels left join the queue for the slots' lanes. Without
 * shortcuts, a pair of groups that has lost no pixel by {@value #SPRINT_EXIT} steps leaves the
 * sprint at once: its pixels are most likely interior, and the slots step them more cheaply. For
 * the same reason the pixels that the cardioid and bulb test finds inside skip the sprint
 * altogether when shortcuts are off: they queue for the slots at once and are iterated to the
 * limit all the same, only without a test at every step (the seed's view without shortcuts about
 * 1% less time, the view inside the cardioid 1-6% less; docs/BENCHMARKS.md).
 *
 * <p><b>Blocks without tests.</b> The vectors take {@value #BLOCK} steps at a time with nothing
 * but the arithmetic of the step: no escape test, no count, no mask, no branch. Only at the end of
 * a block is {@code |z|^2} compared with 4. That is exact because an orbit that has left the disc
 * |z| <= 2 never comes back while |c| <= 2 (|z'| >= |z|^2 - |c| > |z| once |z| > 2), and
 * an escaped orbit that overflows during the rest of its block turns into infinity or NaN, which
 * the end-of-block test ({@code !(|z|^2 <= 4)}) also catches. For the lanes found escaped, the
 * block is replayed from the {@code z} saved at its start, by a vector loop that counts and keeps
 * each lane's first {@code z} with |z| > 2: the exact count and the {@code z(n)} of the smooth
 * value. Julia sets with |c| > 2 do not have that property and go to the scalar kernel.
 *
 * <p><b>Fused arithmetic.</b> The step is {@code zr' = fma(zr - zi, zr + zi, cr)} and
 * {@code zi' = fma(zr + zr, zi, ci)}: five operations where the scalar reference's
 * {@code zr2 - zi2 + cr} and {@code 2 * zr * zi + ci} take seven, two of them on the
 * multiply-add unit and three on the adder; half the vectors take their {@code zr + zi} as
 * {@code fma(zi, 1, zr)} (the same value, bit for bit) so that both units carry the same load.
 * Measured with {@code LoopCeiling}: 10.4 G lane steps/s against 7.0 for the scalar rounding.
 * With 512-bit vectors on Intel, whose two units each take adds and multiply-adds alike, the
 * blocks take the same step in four multiply-adds instead ({@link #DOUBLED}), on
 * {@code a = 2 zr}: {@code a' = fma(fma(zi, -2, a), fma(a, 0.5, zi), 2 cr)} and
 * {@code zi' = fma(a, zi, ci)}. Scaling by 2 and 0.5 is exact, so
 * each rounding is that of the five-operation step times two: the same orbit, bit for bit (a
 * hash of counts and smooth values over 8 views x 7 limits x Mandelbrot and Julia x shortcuts,
 * at every width, is unchanged). On an Intel Xeon (AVX-512) the bare loop went from 9.4 to 10.3 G
 * lane steps/s on four vectors (11.4 to 13.4 on six), the seed's view without shortcuts took about
 * 5% less CPU, and the benchmark ran 9% more iterations a second (docs/BENCHMARKS.md).
 * Each product is rounded once instead of twice, so an orbit that passes within rounding of the
 * escape radius can take another count than the scalar kernel's: 0.007% to 0.01% of the pixels
 * of the seed's view and of a view near the boundary (the tests bound it). Every loop of this
 * class (sprint, blocks, replay) takes the same step, so the count found does not depend on
 * which of them met the escape, nor on the vector width.
 *
 * <p><b>Bookkeeping only at events.</b> Between blocks the vectors live in registers; after a
 * block in which some lane is done (escaped, periodic or at its limit) they are spilled to arrays,
 * the scalar bookkeeping runs, and they are reloaded. The loop is written out per
 * vector (no arrays of vectors): C2 keeps vectors in registers only when it can see every use.
 *
 * <p><b>Periodicity</b> (shortcuts on): Brent's method at block granularity. At the end of blocks
 * 1, 2, 4, 8, ... of a lane's life its {@code z} is saved; a later end-of-block {@code z} equal
 * to it bit for bit means that lane's double orbit is periodic and never escapes: interior,
 * exactly as iterating to the limit would find. A {@code z} merely back within
 * {@link InteriorProof#TRY} of it is handed, once per save, to {@link InteriorProof}, which may
 * prove the pixel has an attracting cycle (Mandelbrot views only): on the seed's view that cut the
 * iterations from 19.3 M to 11.5 M and the frame's CPU time by about 6%; a tile inside a period-3 bulb
 * took 0.55 times as long (docs/BENCHMARKS.md). The vector test flags {@code |z - saved|^2 <= near2}
 * for lanes that may still try a proof ({@code near2} is zero for Julia sets) and a zero distance
 * for every lane, so the exact comparison never pauses. With shortcuts off the comparison still runs, on
 * saved points that stay NaN and so never equal anything: the main loop has no branch on the
 * view's kind. With one (an {@code if (shortcuts)} around Brent's code), a JVM that had rendered
 * both kinds compiled the loop to a shape in which C2 boxed a vector at every step: 1 to 3.4 MB of
 * garbage per 64 x 32 tile and tiles 1.7 to 2.2 times slower, until the JVM restarted. The
 * comparison costs views without shortcuts 8-11% (docs/BENCHMARKS.md); the server never renders
 * one. {@code VectorKernelTest} checks, after both kinds, that a compiled tile allocates nothing.
 *
 * <p>Smooth values need the orbit followed to radius 2^8: that is done after the main loop, for all
 * escaped pixels of the tile together, in a short vector loop ending in two vector logarithms
 * ({@code simd.VectorLog}: the Vector API's own was a sixth of the seed frame's time on AVX2).
 */
final class VectorKernel implements Kernel {

    /** Slots the arrays are sized for; {@link #iterate} is written out for this many. */
    private static final int MAX_SLOTS = 6;

    /**
     * Steps between escape tests. Longer blocks test less often but replay more and let done
     * lanes idle longer; measured on the seed's view with the fused step (thread CPU per frame,
     * alternating, 3 rounds), 16 beat 8 by 4% with shortcuts off and 7% with them on; with the
     * former unfused step, 4 was a third slower than 8 and 16 no faster. 32 since the sprint
     * became 64 steps long: the pixels that reach the slots now live longer, and the walk's
     * heaviest map tiles took 5-7% less time with 32 than with 16 (48 no better), the seed's view
     * without shortcuts 3-5% less, with them the same (docs/BENCHMARKS.md).
     */
    static final int BLOCK = 32;

    /**
     * Steps a new group takes on its own, testing each, before its unfinished pixels need lanes
     * of the slots; see {@code Scratch.sprintAll}. Measured on the seed's view with shortcuts
     * after lanes were refilled one by one (thread CPU per frame, alternating, two rounds): 8
     * took 21.9-22.5 ms, 16 19.7-20.5, 32 18.4-19.0, 48 18.4-19.3, 64 18.2-18.7; without
     * shortcuts all within noise of each other. 64 since the map tiles along the boundary were
     * measured: there most pixels escape after 30 to 200 steps, and each one that leaves the
     * sprint costs a slot's bookkeeping (replay, refill) of ~100 ns, the time of hundreds of
     * bare steps. The walk's heaviest rows took 5-10% less time with 64 than with 32, the seed's
     * view with shortcuts 4% less, without them 2% more (docs/BENCHMARKS.md).
     */
    static final int SPRINT = 64;

    /**
     * Without shortcuts, a sprint pair that has lost no lane by this test leaves the sprint, and
     * its pixels queue for the slots. On the seed's view 96% of the escaping pixels escape
     * before 16; a pair none of whose pixels has, is most likely all interior, bound for the
     * iteration limit, and the slots' blocks take a step at about a quarter of the sprint's cost
     * (the sprint tests every step, two vectors at a time). Measured on Zen 5 (thread CPU per
     * frame, six slots, alternating): the view inside the cardioid 7-14% less time; the seed's
     * view without shortcuts little: 0.2-6.4% less in seven pairs with the exit point as a
     * property, 0.4% less against the build before it in four, for the pixels that now escape in
     * the slots pay their bookkeeping there. Exit at 8 or 32 was no better. With shortcuts the
     * pairs keep the whole sprint: there the same exit cost the seed's view 2-8% (pixels that
     * leave early pay the slots' bookkeeping and Brent's saves, and the interior is mostly
     * skipped anyway).
     */
    static final int SPRINT_EXIT = 16;

    /**
     * Vectors whose smooth values are computed together, as independent dependency chains (see
     * {@link #smoothValues}); the sprint stages as many groups before computing them.
     */
    static final int SMOOTH_VECTORS = 4;

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
     * Vectors kept in flight: 6 on AMD with 512-bit vectors, 4 elsewhere, or as the system
     * property {@code mandelbrot.vector.slots} asks (4 or 6). Each step is a chain of an add and a
     * multiply-add per vector, so the number of chains needed to keep the units busy is latency
     * times throughput, and each slot holds four registers (z and c) plus two temporaries during
     * its step. Measured (docs/BENCHMARKS.md): on Zen 5 (AVX-512, two 512-bit multiply-adds a
     * cycle) 6 chains run a view of interior pixels 8-22% faster than 4 and the seed frame without
     * shortcuts about 10% faster (the benchmark went from 16.8x to 19.4x the scalar
     * kernel); on Zen 4 they measure the same; on the Xeons with AVX-512 4 run the interior view
     * faster; on Zen 3 (AVX2: 16 registers, as on the Intel Xeons of a t2.micro, too few for six
     * slots' 24 vectors) 4 run the interior view 3-17% faster.
     *
     * <p>C1 cannot compile {@link #iterate} written out for six ("out of virtual registers in
     * linear scan", at the profiling tier). That is a trap: a JVM that had first compiled the loop
     * at C1's second tier (without profiling, chosen while C2's queue is long) then never profiled
     * it and never gave it to C2, and a server warmed up on low iteration counts rendered the seed
     * frame in 140 ms instead of 8, for as long as it ran. So six slots come with a compiler
     * directive that keeps C1 away from the loop ({@link CompilerDirectives#keepFromC1}): it is
     * interpreted until C2 takes it. Where that directive cannot be added, or no C2 compiles, the
     * default is 4, which every tier compiles ({@code KernelJitTest}).
     */
    static final int SLOTS = chooseSlots(System.getProperty("mandelbrot.vector.slots"));

    /**
     * Which form of the step the main loop's blocks take; the two give the same {@code z}, bit
     * for bit (see "Fused arithmetic" above), and differ in where their operations run. True: the
     * doubled form, four multiply-adds on {@code (2 zr, zi)}. False: the balanced form, five
     * operations of which half the sums may go to adders. Doubled where it was measured faster:
     * 512-bit vectors on Intel, whose two 512-bit units each take adds and multiply-adds alike, so
     * that fewer operations is all that counts (the seed's view 5-9% less time). Balanced
     * elsewhere: on the same Xeon with 256-bit vectors, with 32 registers or with AVX2's 16, the
     * doubled form was 2-8% slower; AMD's Zen has two adders beside its two multiply-add units,
     * which the balanced form keeps busy (docs/BENCHMARKS.md). The system property
     * {@code mandelbrot.vector.step} ({@code doubled} or {@code balanced}) sets it. A
     * {@code static final}, so C2 compiles only the form chosen.
     */
    static final boolean DOUBLED = doubled(System.getProperty("mandelbrot.vector.step"), SPECIES.vectorBitSize());

    /** Ints and floats, as many lanes as {@link #SPECIES}: for storing counts and smooth values. */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(SPECIES.vectorBitSize() / 2));

    static final VectorKernel INSTANCE = new VectorKernel();

    private static final DoubleVector NAN = DoubleVector.broadcast(SPECIES, Double.NaN);

    /** A start past radius 2 (|z|^2 >= 16): a lane started there never takes a step. */
    private static final DoubleVector OUTSIDE = DoubleVector.broadcast(SPECIES, 4.0);

    /** Every lane of a vector, as a bit set. */
    private static final long ALL_LANES = (1L << LANES) - 1;

    /**
     * {@link Orbits#inCardioidOrBulb} for a vector of points on one row, operation for operation
     * (no fused multiply-add), so the lanes get exactly the scalar verdicts (the tests compare
     * them); only whether a pixel is skipped depends on it, never its result.
     */
    static VectorMask<Double> inCardioidOrBulb(DoubleVector x, double y) {
        double y2 = y * y;
        DoubleVector a = x.sub(0.25);
        DoubleVector q = a.mul(a).add(y2);
        VectorMask<Double> cardioid = q.mul(q.add(a)).compare(VectorOperators.LT, 0.25 * y2 - Orbits.MARGIN);
        DoubleVector b = x.add(1.0);
        return cardioid.or(b.mul(b).add(y2).compare(VectorOperators.LT, 0.0625 - Orbits.MARGIN));
    }

    private final Reusable<Scratch> scratch = new Reusable<>(Scratch::new);

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

    static boolean doubled(String step, int vectorBits) {
        if (step == null || step.isBlank()) {
            return vectorBits == 512 && !HotSpotFlags.amdX86();
        }
        return switch (step.strip()) {
            case "doubled" -> true;
            case "balanced" -> false;
            default -> throw new IllegalArgumentException("mandelbrot.vector.step must be doubled or balanced, got " + step);
        };
    }

    /** Which form of the step {@link #DOUBLED} chose, and why: for the log. */
    static String stepChosen() {
        String form = DOUBLED ? "the step in four multiply-adds" : "the balanced step";
        String asked = System.getProperty("mandelbrot.vector.step");
        if (asked != null && !asked.isBlank()) {
            return form + ", set by -Dmandelbrot.vector.step";
        }
        if (DOUBLED) {
            return form + ", for 512-bit vectors on Intel";
        }
        return form + (HotSpotFlags.amdX86() ? ", for AMD's adders of their own" : ", for vectors narrower than 512 bits");
    }

    /** How many vectors {@link #SLOTS} keeps in flight, and why: for the log. */
    static String slotsChosen() {
        String asked = System.getProperty("mandelbrot.vector.slots");
        if (asked != null && !asked.isBlank()) {
            return SLOTS + " vectors in flight, set by -Dmandelbrot.vector.slots";
        }
        if (SLOTS == 6) {
            return "6 vectors in flight, for AMD's 512-bit units (the main loop kept from C1 for C2)";
        }
        return "4 vectors in flight" + (SPECIES.vectorBitSize() == 512 && HotSpotFlags.amdX86()
                ? " (6 need C2 and a compiler directive, not available here)" : "");
    }

    /**
     * The slot count asked for ({@code asked}: "4", "6", or blank for the default), or else the
     * default for the vector width and CPU: 6 for 512-bit vectors on AMD, 4 elsewhere.
     */
    static int slots(String asked, int vectorBits, boolean amd) {
        if (asked == null || asked.isBlank()) {
            return vectorBits == 512 && amd ? 6 : 4;
        }
        return switch (asked.strip()) {
            case "4" -> 4;
            case "6" -> 6;
            default -> throw new IllegalArgumentException("mandelbrot.vector.slots must be 4 or 6, got " + asked);
        };
    }

    /**
     * {@link #slots}, with six only where C1 is kept away from {@link #iterate} (see
     * {@link #SLOTS}); six asked for explicitly stay six even where it cannot be (benchmarks, and
     * the test that C1 still cannot compile them).
     */
    private static int chooseSlots(String asked) {
        int slots = slots(asked, SPECIES.vectorBitSize(), HotSpotFlags.amdX86());
        if (slots == 6 && !(CompilerDirectives.c2Compiles()
                && CompilerDirectives.keepFromC1(VectorKernel.class.getName() + "::iterate"))) {
            return asked == null || asked.isBlank() ? 4 : 6;
        }
        return slots;
    }


    @Override
    public String name() {
        return "vector-double-" + SPECIES.vectorBitSize();
    }

    @Override
    public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
        if (p.julia() && p.cRe() * p.cRe() + p.cIm() * p.cIm() > Orbits.ESCAPE2) {
            // an escaped orbit may come back inside |z| <= 2, so block-end tests would not be exact
            return ScalarKernel.INSTANCE.render(p, x0, y0, w, h, counts, smooth, stride);
        }
        Scratch s = scratch.take();
        s.begin(p, x0, y0, w, h, counts, smooth, stride);
        try {
            s.sprintAll();
            long work = iterate(s);
            smoothPass(s.ezr, s.ezi, s.ecr, s.eci, s.en, s.eat, s.escaped, smooth, s.tr, s.tlanes);
            return work;
        } finally {
            s.end();
            scratch.give(s);
        }
    }

    /**
     * The main loop: blocks of {@value #BLOCK} bare steps on {@link #SLOTS} vectors, then the
     * end-of-block tests (escape, Brent's comparison and saves), and the
     * scalar bookkeeping when some lane is done. Returns the work in iterations.
     */
    private static long iterate(Scratch s) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector four = DoubleVector.broadcast(sp, Orbits.ESCAPE2);
        final DoubleVector one = DoubleVector.broadcast(sp, 1.0);
        final DoubleVector near = DoubleVector.broadcast(sp, s.near2);
        final DoubleVector minusTwo = DoubleVector.broadcast(sp, -2.0);
        final DoubleVector half = DoubleVector.broadcast(sp, 0.5);
        int step = 0;
        s.start();
        DoubleVector zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES), zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES), cr0 = DoubleVector.fromArray(sp, s.tcr, 0 * LANES), ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES);
        DoubleVector zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES), zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES), cr1 = DoubleVector.fromArray(sp, s.tcr, 1 * LANES), ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES);
        DoubleVector zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES), zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES), cr2 = DoubleVector.fromArray(sp, s.tcr, 2 * LANES), ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES);
        DoubleVector zr3 = DoubleVector.fromArray(sp, s.zr, 3 * LANES), zi3 = DoubleVector.fromArray(sp, s.zi, 3 * LANES), cr3 = DoubleVector.fromArray(sp, s.tcr, 3 * LANES), ci3 = DoubleVector.fromArray(sp, s.ci, 3 * LANES);
        DoubleVector zr4 = DoubleVector.fromArray(sp, s.zr, 4 * LANES), zi4 = DoubleVector.fromArray(sp, s.zi, 4 * LANES), cr4 = DoubleVector.fromArray(sp, s.tcr, 4 * LANES), ci4 = DoubleVector.fromArray(sp, s.ci, 4 * LANES);
        DoubleVector zr5 = DoubleVector.fromArray(sp, s.zr, 5 * LANES), zi5 = DoubleVector.fromArray(sp, s.zi, 5 * LANES), cr5 = DoubleVector.fromArray(sp, s.tcr, 5 * LANES), ci5 = DoubleVector.fromArray(sp, s.ci, 5 * LANES);
        while (s.live > 0) {
            zr0.intoArray(s.bzr, 0 * LANES);
            zi0.intoArray(s.bzi, 0 * LANES);
            zr1.intoArray(s.bzr, 1 * LANES);
            zi1.intoArray(s.bzi, 1 * LANES);
            zr2.intoArray(s.bzr, 2 * LANES);
            zi2.intoArray(s.bzi, 2 * LANES);
            zr3.intoArray(s.bzr, 3 * LANES);
            zi3.intoArray(s.bzi, 3 * LANES);
            if (SLOTS > 4) { // a constant: where SLOTS is 4, C2 drops slots 4 and 5 entirely
                zr4.intoArray(s.bzr, 4 * LANES);
                zi4.intoArray(s.bzi, 4 * LANES);
                zr5.intoArray(s.bzr, 5 * LANES);
                zi5.intoArray(s.bzi, 5 * LANES);
            }
            if (DOUBLED) { // into the doubled step's a = 2 zr and back, exactly (see DOUBLED)
                zr0 = zr0.add(zr0);
                zr1 = zr1.add(zr1);
                zr2 = zr2.add(zr2);
                zr3 = zr3.add(zr3);
                if (SLOTS > 4) {
                    zr4 = zr4.add(zr4);
                    zr5 = zr5.add(zr5);
                }
            }
            for (int t = 0; t < BLOCK; t++) {
                if (DOUBLED) { // zrK holds 2 zr and crK 2 cr here (see DOUBLED)
                    DoubleVector u0 = zi0.lanewise(VectorOperators.FMA, minusTwo, zr0);
                    DoubleVector v0 = zr0.lanewise(VectorOperators.FMA, half, zi0);
                    zi0 = zr0.lanewise(VectorOperators.FMA, zi0, ci0);
                    zr0 = u0.lanewise(VectorOperators.FMA, v0, cr0);
                    DoubleVector u1 = zi1.lanewise(VectorOperators.FMA, minusTwo, zr1);
                    DoubleVector v1 = zr1.lanewise(VectorOperators.FMA, half, zi1);
                    zi1 = zr1.lanewise(VectorOperators.FMA, zi1, ci1);
                    zr1 = u1.lanewise(VectorOperators.FMA, v1, cr1);
                    DoubleVector u2 = zi2.lanewise(VectorOperators.FMA, minusTwo, zr2);
                    DoubleVector v2 = zr2.lanewise(VectorOperators.FMA, half, zi2);
                    zi2 = zr2.lanewise(VectorOperators.FMA, zi2, ci2);
                    zr2 = u2.lanewise(VectorOperators.FMA, v2, cr2);
                    DoubleVector u3 = zi3.lanewise(VectorOperators.FMA, minusTwo, zr3);
                    DoubleVector v3 = zr3.lanewise(VectorOperators.FMA, half, zi3);
                    zi3 = zr3.lanewise(VectorOperators.FMA, zi3, ci3);
                    zr3 = u3.lanewise(VectorOperators.FMA, v3, cr3);
                    if (SLOTS > 4) {
                        DoubleVector u4 = zi4.lanewise(VectorOperators.FMA, minusTwo, zr4);
                        DoubleVector v4 = zr4.lanewise(VectorOperators.FMA, half, zi4);
                        zi4 = zr4.lanewise(VectorOperators.FMA, zi4, ci4);
                        zr4 = u4.lanewise(VectorOperators.FMA, v4, cr4);
                        DoubleVector u5 = zi5.lanewise(VectorOperators.FMA, minusTwo, zr5);
                        DoubleVector v5 = zr5.lanewise(VectorOperators.FMA, half, zi5);
                        zi5 = zr5.lanewise(VectorOperators.FMA, zi5, ci5);
                        zr5 = u5.lanewise(VectorOperators.FMA, v5, cr5);
                    }
                } else {
                    DoubleVector d0 = zr0.sub(zi0);
                    DoubleVector s0 = zi0.lanewise(VectorOperators.FMA, one, zr0);
                    zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci0);
                    zr0 = d0.lanewise(VectorOperators.FMA, s0, cr0);
                    DoubleVector d1 = zr1.sub(zi1);
                    DoubleVector s1 = zr1.add(zi1);
                    zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci1);
                    zr1 = d1.lanewise(VectorOperators.FMA, s1, cr1);
                    DoubleVector d2 = zr2.sub(zi2);
                    DoubleVector s2 = zi2.lanewise(VectorOperators.FMA, one, zr2);
                    zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci2);
                    zr2 = d2.lanewise(VectorOperators.FMA, s2, cr2);
                    DoubleVector d3 = zr3.sub(zi3);
                    DoubleVector s3 = zr3.add(zi3);
                    zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci3);
                    zr3 = d3.lanewise(VectorOperators.FMA, s3, cr3);
                    if (SLOTS > 4) {
                        DoubleVector d4 = zr4.sub(zi4);
                        DoubleVector s4 = zi4.lanewise(VectorOperators.FMA, one, zr4);
                        zi4 = zr4.add(zr4).lanewise(VectorOperators.FMA, zi4, ci4);
                        zr4 = d4.lanewise(VectorOperators.FMA, s4, cr4);
                        DoubleVector d5 = zr5.sub(zi5);
                        DoubleVector s5 = zr5.add(zi5);
                        zi5 = zr5.add(zr5).lanewise(VectorOperators.FMA, zi5, ci5);
                        zr5 = d5.lanewise(VectorOperators.FMA, s5, cr5);
                    }
                }
            }
            if (DOUBLED) {
                zr0 = zr0.mul(0.5);
                zr1 = zr1.mul(0.5);
                zr2 = zr2.mul(0.5);
                zr3 = zr3.mul(0.5);
                if (SLOTS > 4) {
                    zr4 = zr4.mul(0.5);
                    zr5 = zr5.mul(0.5);
                }
            }
            step += BLOCK;
            // escaped, or overflowed to infinity or NaN: not (|z|^2 <= 4); only pending lanes count
            long e0 = zr0.mul(zr0).add(zi0.mul(zi0)).compare(VectorOperators.LE, four).not().toLong() & s.pending[0];
            long e1 = zr1.mul(zr1).add(zi1.mul(zi1)).compare(VectorOperators.LE, four).not().toLong() & s.pending[1];
            long e2 = zr2.mul(zr2).add(zi2.mul(zi2)).compare(VectorOperators.LE, four).not().toLong() & s.pending[2];
            long e3 = zr3.mul(zr3).add(zi3.mul(zi3)).compare(VectorOperators.LE, four).not().toLong() & s.pending[3];
            long e4 = 0;
            long e5 = 0;
            if (SLOTS > 4) {
                e4 = zr4.mul(zr4).add(zi4.mul(zi4)).compare(VectorOperators.LE, four).not().toLong() & s.pending[4];
                e5 = zr5.mul(zr5).add(zi5.mul(zi5)).compare(VectorOperators.LE, four).not().toLong() & s.pending[5];
            }
            // Brent: lanes back near their saved point may be periodic (service decides); then save
            // where due. Without shortcuts the saved points stay NaN and nothing is ever due (see
            // load): the tests run anyway, for one shape of this loop serves every view (see the
            // class comment)
            DoubleVector dr0 = zr0.sub(DoubleVector.fromArray(sp, s.sr, 0 * LANES));
            DoubleVector di0 = zi0.sub(DoubleVector.fromArray(sp, s.si, 0 * LANES));
            DoubleVector dd0 = dr0.lanewise(VectorOperators.FMA, dr0, di0.mul(di0));
            long c0 = (dd0.compare(VectorOperators.LE, near).toLong() & s.eligible[0] | dd0.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[0];
            if (s.due[0] == step) {
                zr0.intoArray(s.zr, 0 * LANES);
                zi0.intoArray(s.zi, 0 * LANES);
                s.saved(0, step);
            }
            DoubleVector dr1 = zr1.sub(DoubleVector.fromArray(sp, s.sr, 1 * LANES));
            DoubleVector di1 = zi1.sub(DoubleVector.fromArray(sp, s.si, 1 * LANES));
            DoubleVector dd1 = dr1.lanewise(VectorOperators.FMA, dr1, di1.mul(di1));
            long c1 = (dd1.compare(VectorOperators.LE, near).toLong() & s.eligible[1] | dd1.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[1];
            if (s.due[1] == step) {
                zr1.intoArray(s.zr, 1 * LANES);
                zi1.intoArray(s.zi, 1 * LANES);
                s.saved(1, step);
            }
            DoubleVector dr2 = zr2.sub(DoubleVector.fromArray(sp, s.sr, 2 * LANES));
            DoubleVector di2 = zi2.sub(DoubleVector.fromArray(sp, s.si, 2 * LANES));
            DoubleVector dd2 = dr2.lanewise(VectorOperators.FMA, dr2, di2.mul(di2));
            long c2 = (dd2.compare(VectorOperators.LE, near).toLong() & s.eligible[2] | dd2.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[2];
            if (s.due[2] == step) {
                zr2.intoArray(s.zr, 2 * LANES);
                zi2.intoArray(s.zi, 2 * LANES);
                s.saved(2, step);
            }
            DoubleVector dr3 = zr3.sub(DoubleVector.fromArray(sp, s.sr, 3 * LANES));
            DoubleVector di3 = zi3.sub(DoubleVector.fromArray(sp, s.si, 3 * LANES));
            DoubleVector dd3 = dr3.lanewise(VectorOperators.FMA, dr3, di3.mul(di3));
            long c3 = (dd3.compare(VectorOperators.LE, near).toLong() & s.eligible[3] | dd3.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[3];
            if (s.due[3] == step) {
                zr3.intoArray(s.zr, 3 * LANES);
                zi3.intoArray(s.zi, 3 * LANES);
                s.saved(3, step);
            }
            long c4 = 0;
            long c5 = 0;
            if (SLOTS > 4) {
                DoubleVector dr4 = zr4.sub(DoubleVector.fromArray(sp, s.sr, 4 * LANES));
                DoubleVector di4 = zi4.sub(DoubleVector.fromArray(sp, s.si, 4 * LANES));
                DoubleVector dd4 = dr4.lanewise(VectorOperators.FMA, dr4, di4.mul(di4));
                c4 = (dd4.compare(VectorOperators.LE, near).toLong() & s.eligible[4] | dd4.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[4];
                if (s.due[4] == step) {
                    zr4.intoArray(s.zr, 4 * LANES);
                    zi4.intoArray(s.zi, 4 * LANES);
                    s.saved(4, step);
                }
                DoubleVector dr5 = zr5.sub(DoubleVector.fromArray(sp, s.sr, 5 * LANES));
                DoubleVector di5 = zi5.sub(DoubleVector.fromArray(sp, s.si, 5 * LANES));
                DoubleVector dd5 = dr5.lanewise(VectorOperators.FMA, dr5, di5.mul(di5));
                c5 = (dd5.compare(VectorOperators.LE, near).toLong() & s.eligible[5] | dd5.compare(VectorOperators.EQ, 0.0).toLong()) & s.pending[5];
                if (s.due[5] == step) {
                    zr5.intoArray(s.zr, 5 * LANES);
                    zi5.intoArray(s.zi, 5 * LANES);
                    s.saved(5, step);
                }
            }
            if ((e0 | c0 | e1 | c1 | e2 | c2 | e3 | c3 | e4 | c4 | e5 | c5) != 0 || step >= s.nextDeadline) {
                zr0.intoArray(s.zr, 0 * LANES);
                zi0.intoArray(s.zi, 0 * LANES);
                s.escapedLanes[0] = e0;
                s.nearLanes[0] = c0;
                zr1.intoArray(s.zr, 1 * LANES);
                zi1.intoArray(s.zi, 1 * LANES);
                s.escapedLanes[1] = e1;
                s.nearLanes[1] = c1;
                zr2.intoArray(s.zr, 2 * LANES);
                zi2.intoArray(s.zi, 2 * LANES);
                s.escapedLanes[2] = e2;
                s.nearLanes[2] = c2;
                zr3.intoArray(s.zr, 3 * LANES);
                zi3.intoArray(s.zi, 3 * LANES);
                s.escapedLanes[3] = e3;
                s.nearLanes[3] = c3;
                if (SLOTS > 4) {
                    zr4.intoArray(s.zr, 4 * LANES);
                    zi4.intoArray(s.zi, 4 * LANES);
                    s.escapedLanes[4] = e4;
                    s.nearLanes[4] = c4;
                    zr5.intoArray(s.zr, 5 * LANES);
                    zi5.intoArray(s.zi, 5 * LANES);
                    s.escapedLanes[5] = e5;
                    s.nearLanes[5] = c5;
                }
                s.service(step);
                zr0 = DoubleVector.fromArray(sp, s.zr, 0 * LANES);
                zi0 = DoubleVector.fromArray(sp, s.zi, 0 * LANES);
                cr0 = DoubleVector.fromArray(sp, s.tcr, 0 * LANES);
                ci0 = DoubleVector.fromArray(sp, s.ci, 0 * LANES);
                zr1 = DoubleVector.fromArray(sp, s.zr, 1 * LANES);
                zi1 = DoubleVector.fromArray(sp, s.zi, 1 * LANES);
                cr1 = DoubleVector.fromArray(sp, s.tcr, 1 * LANES);
                ci1 = DoubleVector.fromArray(sp, s.ci, 1 * LANES);
                zr2 = DoubleVector.fromArray(sp, s.zr, 2 * LANES);
                zi2 = DoubleVector.fromArray(sp, s.zi, 2 * LANES);
                cr2 = DoubleVector.fromArray(sp, s.tcr, 2 * LANES);
                ci2 = DoubleVector.fromArray(sp, s.ci, 2 * LANES);
                zr3 = DoubleVector.fromArray(sp, s.zr, 3 * LANES);
                zi3 = DoubleVector.fromArray(sp, s.zi, 3 * LANES);
                cr3 = DoubleVector.fromArray(sp, s.tcr, 3 * LANES);
                ci3 = DoubleVector.fromArray(sp, s.ci, 3 * LANES);
                if (SLOTS > 4) {
                    zr4 = DoubleVector.fromArray(sp, s.zr, 4 * LANES);
                    zi4 = DoubleVector.fromArray(sp, s.zi, 4 * LANES);
                    cr4 = DoubleVector.fromArray(sp, s.tcr, 4 * LANES);
                    ci4 = DoubleVector.fromArray(sp, s.ci, 4 * LANES);
                    zr5 = DoubleVector.fromArray(sp, s.zr, 5 * LANES);
                    zi5 = DoubleVector.fromArray(sp, s.zi, 5 * LANES);
                    cr5 = DoubleVector.fromArray(sp, s.tcr, 5 * LANES);
                    ci5 = DoubleVector.fromArray(sp, s.ci, 5 * LANES);
                }
            }
        }
        return s.work;
    }

    /**
     * Replays the block of slot {@code slot} that ended at {@code step} from its saved start (each
     * lane's count there follows from its own birth), for the lanes in {@code lanes}, which
     * escaped in it: writes into {@code rn}, {@code rzr}, {@code rzi} (at the slot's lanes) each
     * lane's first count with |z| > 2 and the {@code z} there, with the main loop's step, so the
     * count found is the one its blocks passed.
     */
    private static void replay(Scratch s, int slot, long lanes, int step) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector four = DoubleVector.broadcast(sp, Orbits.ESCAPE2);
        int at = slot * LANES;
        DoubleVector zr = DoubleVector.fromArray(sp, s.bzr, at);
        DoubleVector zi = DoubleVector.fromArray(sp, s.bzi, at);
        DoubleVector cr = DoubleVector.fromArray(sp, s.cr, at);
        DoubleVector ci = DoubleVector.fromArray(sp, s.ci, at);
        DoubleVector ezr = zr;
        DoubleVector ezi = zi;
        // en < 0: a lane still looked for. No mask is carried from step to step, and none is made
        // from a long: after some histories C2 boxed such masks at every step of this loop (62 MB
        // of garbage per frame at 100 iterations), and fromLong has no AVX2 instruction
        for (int l = 0; l < LANES; l++) {
            s.rn[at + l] = (lanes >>> l & 1) != 0 ? -1 : 0;
            s.rbase[at + l] = s.countAt(at + l, step - BLOCK);
        }
        DoubleVector en = DoubleVector.fromArray(sp, s.rn, at);
        DoubleVector base = DoubleVector.fromArray(sp, s.rbase, at);
        for (int t = 0; t <= BLOCK; t++) {
            DoubleVector r = zr.mul(zr);
            DoubleVector q = zi.mul(zi);
            VectorMask<Double> fresh = r.add(q).compare(VectorOperators.GT, four).and(en.compare(VectorOperators.LT, 0.0));
            ezr = ezr.blend(zr, fresh);
            ezi = ezi.blend(zi, fresh);
            en = en.blend(base.add((double) t), fresh);
            if (!en.compare(VectorOperators.LT, 0.0).anyTrue()) {
                break;
            }
            DoubleVector d = zr.sub(zi);
            DoubleVector u = zr.add(zi);
            zi = zr.add(zr).lanewise(VectorOperators.FMA, zi, ci);
            zr = d.lanewise(VectorOperators.FMA, u, cr);
        }
        ezr.intoArray(s.rzr, at);
        ezi.intoArray(s.rzi, at);
        en.intoArray(s.rn, at);
    }

    /**
     * Smooth values of the tile's escaped pixels: follows each orbit from radius 2 to radius 2^8
     * (lanes that got there first are frozen by blend), then applies the closed form of
     * {@link Orbits#smoothOf} with vector logarithms. Shared with {@link FloatVectorKernel}, which
     * hands over its escaped orbits in double. The arrays must have {@code SMOOTH_VECTORS * LANES}
     * entries of slack past {@code count}; {@code lanes} holds {@link #SMOOTH_VECTORS} vectors and
     * {@code tmp} twice as many.
     */
    static void smoothPass(double[] ezr, double[] ezi, double[] ecr, double[] eci, double[] en, int[] eat,
            int count, float[] smooth, double[] tmp, boolean[] lanes) {
        final VectorSpecies<Double> sp = SPECIES;
        for (int k = 0; k < count; k += SMOOTH_VECTORS * LANES) {
            for (int v = 0; v < SMOOTH_VECTORS; v++) {
                sp.indexInRange(k + v * LANES, count).intoArray(lanes, v * LANES);
            }
            smoothValues(ezr, ezi, ecr, eci, en, k, lanes, tmp);
            int upto = Math.min(SMOOTH_VECTORS * LANES, count - k);
            for (int l = 0; l < upto; l++) {
                smooth[eat[k + l]] = (float) tmp[l];
            }
        }
    }

    /**
     * The smooth values of the lanes set in {@code lanes[0, S LANES)} of the {@code S =}
     * {@link #SMOOTH_VECTORS} vectors from {@code at} of the arrays, whose orbits are at
     * {@code z = z(n)}, just past radius 2: follows each orbit to radius 2^8 (lanes that got there
     * first are frozen by blend), then applies the closed form of {@link Orbits#smoothOf} with
     * vector logarithms; the values go to {@code into[0, S LANES)}, and {@code into} must hold
     * {@code 2 S} vectors.
     *
     * <p>Several vectors at a time because one is a chain of dependent steps (the continuation,
     * then a logarithm of a logarithm, each with a division) that leaves the arithmetic units
     * waiting on latency; independent chains fill them. Four are 5-6% faster than two on tiles of
     * fast escapes and on the seed's view (docs/BENCHMARKS.md).
     * Arrays in, arrays out, on purpose: a vector passed to or returned from a method that C2 does
     * not inline is boxed, and its operations fall back to plain Java (measured: 30% slower). For
     * the same reason masks travel as {@code boolean[]}: {@code VectorMask.fromLong} was found
     * not to be compiled to a mask register here, and a boxed mask slows every use of it.
     */
    static void smoothValues(double[] zrs, double[] zis, double[] crs, double[] cis, double[] ns, int at,
            boolean[] lanes, double[] into) {
        final VectorSpecies<Double> sp = SPECIES;
        continueOrbits(zrs, zis, crs, cis, ns, at, lanes, into);
        // m + 1 - log2(log2(mag) / 16), clamped to at least n, as Orbits.smoothOf. The
        // logarithms come from a loop with one call of log2: C2 inlines it once, where two calls
        // in a row left the second one out of line (its node budget for the caller was spent),
        // passing boxed vectors: 26 MB of garbage per frame. The first S passes (and the last S)
        // are independent, so they still overlap.
        for (int pass = 0; pass < 2 * SMOOTH_VECTORS; pass++) {
            int k = (pass % SMOOTH_VECTORS) * LANES;
            VectorLog.log2(DoubleVector.fromArray(sp, into, k)).mul(pass < SMOOTH_VECTORS ? 1.0 / 16 : 1.0).intoArray(into, k);
        }
        for (int k = 0; k < SMOOTH_VECTORS * LANES; k += LANES) {
            DoubleVector.fromArray(sp, into, SMOOTH_VECTORS * LANES + k).add(1.0).sub(DoubleVector.fromArray(sp, into, k))
                    .max(DoubleVector.fromArray(sp, ns, at + k)).intoArray(into, k);
        }
    }

    /**
     * The continuation of {@link #smoothValues}: follows the four vectors' orbits to radius 2^8 and
     * leaves |z|^2 there in {@code into[0, 4 LANES)} and the count in {@code into[4 LANES, 8 LANES)}
     * (written out for {@link #SMOOTH_VECTORS} = 4).
     * A method of its own, and too large to be inlined, so that C2's node budget for
     * {@code smoothValues} still has room to inline the logarithm.
     */
    private static void continueOrbits(double[] zrs, double[] zis, double[] crs, double[] cis, double[] ns, int at,
            boolean[] lanes, double[] into) {
        final VectorSpecies<Double> sp = SPECIES;
        final DoubleVector r2 = DoubleVector.broadcast(sp, Orbits.SMOOTH_R2);
        VectorMask<Double> ain = VectorMask.fromArray(sp, lanes, 0);
        DoubleVector ar = DoubleVector.fromArray(sp, zrs, at);
        DoubleVector ai = DoubleVector.fromArray(sp, zis, at);
        DoubleVector acr = DoubleVector.fromArray(sp, crs, at);
        DoubleVector aci = DoubleVector.fromArray(sp, cis, at);
        DoubleVector am = DoubleVector.fromArray(sp, ns, at);
        DoubleVector amag = ar.mul(ar).add(ai.mul(ai));
        VectorMask<Double> bin = VectorMask.fromArray(sp, lanes, LANES);
        DoubleVector br = DoubleVector.fromArray(sp, zrs, at + LANES);
        DoubleVector bi = DoubleVector.fromArray(sp, zis, at + LANES);
        DoubleVector bcr = DoubleVector.fromArray(sp, crs, at + LANES);
        DoubleVector bci = DoubleVector.fromArray(sp, cis, at + LANES);
        DoubleVector bm = DoubleVector.fromArray(sp, ns, at + LANES);
        DoubleVector bmag = br.mul(br).add(bi.mul(bi));
        VectorMask<Double> cin = VectorMask.fromArray(sp, lanes, 2 * LANES);
        DoubleVector cr = DoubleVector.fromArray(sp, zrs, at + 2 * LANES);
        DoubleVector ci = DoubleVector.fromArray(sp, zis, at + 2 * LANES);
        DoubleVector ccr = DoubleVector.fromArray(sp, crs, at + 2 * LANES);
        DoubleVector cci = DoubleVector.fromArray(sp, cis, at + 2 * LANES);
        DoubleVector cm = DoubleVector.fromArray(sp, ns, at + 2 * LANES);
        DoubleVector cmag = cr.mul(cr).add(ci.mul(ci));
        VectorMask<Double> din = VectorMask.fromArray(sp, lanes, 3 * LANES);
        DoubleVector dr = DoubleVector.fromArray(sp, zrs, at + 3 * LANES);
        DoubleVector di = DoubleVector.fromArray(sp, zis, at + 3 * LANES);
        DoubleVector dcr = DoubleVector.fromArray(sp, crs, at + 3 * LANES);
        DoubleVector dci = DoubleVector.fromArray(sp, cis, at + 3 * LANES);
        DoubleVector dm = DoubleVector.fromArray(sp, ns, at + 3 * LANES);
        DoubleVector dmag = dr.mul(dr).add(di.mul(di));
        for (int t = 0; t < Orbits.MAX_CONTINUATION; t++) {
            VectorMask<Double> ago = amag.compare(VectorOperators.LE, r2).and(ain);
            VectorMask<Double> bgo = bmag.compare(VectorOperators.LE, r2).and(bin);
            VectorMask<Double> cgo = cmag.compare(VectorOperators.LE, r2).and(cin);
            VectorMask<Double> dgo = dmag.compare(VectorOperators.LE, r2).and(din);
            if (!ago.or(bgo).or(cgo).or(dgo).anyTrue()) {
                break;
            }
            DoubleVector anr = ar.mul(ar).sub(ai.mul(ai)).add(acr);
            DoubleVector ani = ar.mul(2.0).mul(ai).add(aci);
            ar = ar.blend(anr, ago);
            ai = ai.blend(ani, ago);
            am = am.add(1.0, ago);
            DoubleVector bnr = br.mul(br).sub(bi.mul(bi)).add(bcr);
            DoubleVector bni = br.mul(2.0).mul(bi).add(bci);
            br = br.blend(bnr, bgo);
            bi = bi.blend(bni, bgo);
            bm = bm.add(1.0, bgo);
            DoubleVector cnr = cr.mul(cr).sub(ci.mul(ci)).add(ccr);
            DoubleVector cni = cr.mul(2.0).mul(ci).add(cci);
            cr = cr.blend(cnr, cgo);
            ci = ci.blend(cni, cgo);
            cm = cm.add(1.0, cgo);
            DoubleVector dnr = dr.mul(dr).sub(di.mul(di)).add(dcr);
            DoubleVector dni = dr.mul(2.0).mul(di).add(dci);
            dr = dr.blend(dnr, dgo);
            di = di.blend(dni, dgo);
            dm = dm.add(1.0, dgo);
            amag = ar.mul(ar).add(ai.mul(ai));
            bmag = br.mul(br).add(bi.mul(bi));
            cmag = cr.mul(cr).add(ci.mul(ci));
            dmag = dr.mul(dr).add(di.mul(di));
        }
        amag.intoArray(into, 0);
        bmag.intoArray(into, LANES);
        cmag.intoArray(into, 2 * LANES);
        dmag.intoArray(into, 3 * LANES);
        am.intoArray(into, 4 * LANES);
        bm.intoArray(into, 4 * LANES + LANES);
        cm.intoArray(into, 4 * LANES + 2 * LANES);
        dm.intoArray(into, 4 * LANES + 3 * LANES);
    }

    /**
     * Tile state, used by one render at a time ({@link Reusable}), grown on demand and reused
     * across tiles. Lane {@code l} of slot {@code k} lives at index {@code k * LANES + l} of the
     * lane arrays; the vectors in registers are spilled to them before every {@link #service} and
     * reloaded after. Everything else is per slot: all lanes of a slot started together.
     */
    private static final class Scratch {
        // the tile and the plane
        private Plane plane;
        private int x0;
        private int w;
        private int groups;
        private int stride;
        private int y0;
        private int n0; // count of the start value: 1 for Mandelbrot (z(1) = c), 0 for Julia
        private int maxIterations;
        private int sprintTests; // counts the sprint tests: n0 .. n0 + sprintTests - 1
        private boolean sprintReachesLimit; // it tests every count up to maxIterations
        private int sprintExit; // the test at which a pair that lost no lane leaves (SPRINT_EXIT)
        private boolean cardioid;
        private boolean straightToSlots; // pixels the cardioid and bulb test finds inside skip the sprint
        // the real part of each column of the tile, Plane.re's values, and a vector of slack
        private double[] columnRe = new double[0];
        int[] counts;
        float[] smooth;
        // escaped pixels waiting for their smooth value: z(n), c, n, output index
        double[] ezr = new double[0];
        double[] ezi = new double[0];
        double[] ecr = new double[0];
        double[] eci = new double[0];
        double[] en = new double[0];
        int[] eat = new int[0];
        int escaped;
        // lane state: orbit, parameter, orbit at the start of the block, Brent's saved point,
        // and what a replay found (count and z at the escape)
        final double[] zr = new double[MAX_SLOTS * LANES];
        final double[] zi = new double[MAX_SLOTS * LANES];
        final double[] cr = new double[MAX_SLOTS * LANES];
        final double[] tcr = new double[MAX_SLOTS * LANES]; // cr as the main loop's step takes it
        final double[] ci = new double[MAX_SLOTS * LANES];
        final double[] bzr = new double[MAX_SLOTS * LANES];
        final double[] bzi = new double[MAX_SLOTS * LANES];
        final double[] sr = new double[MAX_SLOTS * LANES];
        final double[] si = new double[MAX_SLOTS * LANES];
        final double[] rzr = new double[MAX_SLOTS * LANES];
        final double[] rzi = new double[MAX_SLOTS * LANES];
        final double[] rn = new double[MAX_SLOTS * LANES];
        // lane state: output index, step at which the lane's pixel would have started (its
        // count is n0 + step - birth), step at which it reaches the limit (a double, for a vector
        // compare: one per slot finds the lanes at their limit, where a branch per lane cost 6% of
        // the seed's view without shortcuts; infinite without a pixel), and at which it is next
        // saved (Brent: a double too; infinite when never) with the gap after that; the replay's
        // start counts
        final int[] out = new int[MAX_SLOTS * LANES];
        final int[] birth = new int[MAX_SLOTS * LANES];
        final double[] deadline = new double[MAX_SLOTS * LANES];
        final double[] laneDue = new double[MAX_SLOTS * LANES];
        final double[] gap = new double[MAX_SLOTS * LANES];
        final double[] rbase = new double[MAX_SLOTS * LANES];
        // slot state: lanes not done yet, and the soonest step at which one of them is saved
        // (-1: none ever is)
        final long[] pending = new long[MAX_SLOTS];
        final int[] due = new int[MAX_SLOTS];
        // lanes the vector tests flagged at the end of the last block
        final long[] escapedLanes = new long[MAX_SLOTS];
        final long[] nearLanes = new long[MAX_SLOTS];
        // lanes that may try a proof: set when saved, cleared when a proof fails (so at most one
        // try per save, while Brent's exact comparison goes on for every lane)
        final long[] eligible = new long[MAX_SLOTS];
        // Brent's saved points before the slot's last save, and the step of that save: the
        // vector tests compared with these when the save came at the same block end
        final double[] formerSr = new double[MAX_SLOTS * LANES];
        final double[] formerSi = new double[MAX_SLOTS * LANES];
        final int[] savedAt = new int[MAX_SLOTS];
        // |z - saved|^2 at or below which iterate flags a lane; proofs only for Mandelbrot
        double near2;
        boolean proofs;
        final double[] tr = new double[2 * SMOOTH_VECTORS * LANES];
        final boolean[] tlanes = new boolean[SMOOTH_VECTORS * LANES];
        // the sprint pass's staging places, SMOOTH_VECTORS of them (place k: lanes k LANES ..);
        // after the sprint, z is the escaped lanes' first z past radius 2 and the others' last z
        final double[] stagedZr = new double[SMOOTH_VECTORS * LANES];
        final double[] stagedZi = new double[SMOOTH_VECTORS * LANES];
        final double[] stagedCr = new double[SMOOTH_VECTORS * LANES];
        final double[] stagedCi = new double[SMOOTH_VECTORS * LANES];
        final double[] stagedEn = new double[SMOOTH_VECTORS * LANES];
        final boolean[] stagedTodo = new boolean[SMOOTH_VECTORS * LANES];
        final int[] stagedOut = new int[SMOOTH_VECTORS];
        final long[] stagedBits = new long[SMOOTH_VECTORS]; // lanes to compute, per place
        final int[] stagedSteps = new int[SMOOTH_VECTORS]; // steps its sprint took, per place
        // pixels the sprint pass left unfinished, one lane each, in order: state, output index
        double[] szr = new double[0];
        double[] szi = new double[0];
        double[] scr = new double[0];
        double[] sci = new double[0];
        int[] survivorOut = new int[0];
        int[] survivorSteps = new int[0];
        int survivors;
        int taken;
        int live;
        int nextDeadline;
        long work;

        void begin(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
            int pixels = w * h;
            if (ezr.length < pixels + SMOOTH_VECTORS * LANES) {
                int size = pixels + SMOOTH_VECTORS * LANES;
                ezr = new double[size];
                ezi = new double[size];
                ecr = new double[size];
                eci = new double[size];
                en = new double[size];
                eat = new int[size];
            }
            this.plane = p;
            this.x0 = x0;
            this.y0 = y0;
            this.w = w;
            this.groups = (w + LANES - 1) / LANES * h;
            this.stride = stride;
            this.n0 = p.julia() ? 0 : 1;
            this.maxIterations = p.maxIterations();
            this.sprintTests = Math.min(SPRINT, maxIterations - n0 + 1);
            this.sprintReachesLimit = n0 + sprintTests - 1 >= maxIterations;
            this.sprintExit = p.shortcuts() ? Integer.MAX_VALUE : SPRINT_EXIT;
            this.cardioid = p.shortcuts() && !p.julia();
            this.straightToSlots = !p.shortcuts() && !p.julia() && !sprintReachesLimit;
            this.proofs = cardioid;
            this.near2 = proofs ? InteriorProof.TRY2 : 0;
            Arrays.fill(savedAt, -1);
            Arrays.fill(eligible, 0);
            if (columnRe.length < w + LANES) {
                columnRe = new double[w + LANES];
            }
            for (int i = 0; i < w + LANES; i++) {
                columnRe[i] = p.re(x0 + i); // past the tile: finite values that no lane uses
            }
            this.counts = counts;
            this.smooth = smooth;
            this.escaped = 0;
            this.work = 0;
        }

        void end() {
            plane = null; // do not keep a finished image reachable from kept scratch
            counts = null;
            smooth = null;
        }

        /** Gives every lane its first pixel. */
        void start() {
            live = 0;
            nextDeadline = Integer.MAX_VALUE;
            for (int slot = 0; slot < SLOTS; slot++) {
                long lanes = fill(slot, ALL_LANES, 0);
                pending[slot] = lanes;
                if (lanes != 0) {
                    live++;
                }
                updateDue(slot);
            }
        }

        /** The count of lane {@code lane} at step {@code step}. */
        int countAt(int lane, int step) {
            return n0 + (step - birth[lane]);
        }

        /**
         * Brent: saves the {@code z} (just written to {@link #zr}, {@link #zi}) of the slot's
         * lanes due at {@code step}; their next saves come twice as late. By vectors here, not by
         * masked stores in the main loop: those made the loop too large for C1
         * ({@code KernelJitTest}).
         */
        void saved(int slot, int step) {
            final VectorSpecies<Double> sp = SPECIES;
            int at = slot * LANES;
            DoubleVector when = DoubleVector.fromArray(sp, laneDue, at);
            DoubleVector gaps = DoubleVector.fromArray(sp, gap, at);
            VectorMask<Double> now = when.compare(VectorOperators.EQ, step);
            DoubleVector.fromArray(sp, sr, at).intoArray(formerSr, at);
            DoubleVector.fromArray(sp, si, at).intoArray(formerSi, at);
            savedAt[slot] = step;
            eligible[slot] |= now.toLong();
            DoubleVector.fromArray(sp, sr, at).blend(DoubleVector.fromArray(sp, zr, at), now).intoArray(sr, at);
            DoubleVector.fromArray(sp, si, at).blend(DoubleVector.fromArray(sp, zi, at), now).intoArray(si, at);
            when = when.blend(when.add(gaps), now);
            when.intoArray(laneDue, at);
            gaps.blend(gaps.add(gaps), now).intoArray(gap, at);
            setDue(slot, when.reduceLanes(VectorOperators.MIN));
        }

        /** The slot's next save: its lanes' soonest (a lane without a pixel is never due). */
        private void updateDue(int slot) {
            setDue(slot, DoubleVector.fromArray(SPECIES, laneDue, slot * LANES).reduceLanes(VectorOperators.MIN));
        }

        private void setDue(int slot, double soonest) {
            due[slot] = soonest == Double.POSITIVE_INFINITY ? -1 : (int) soonest;
        }

        /**
         * At the end of the block ending at {@code step}: writes the results of the lanes that
         * escaped ({@link #escapedLanes}, replayed for their exact count), were found periodic
         * ({@link #periodicLanes}) or reached the limit, and gives each lane so freed the next
         * pixel the sprint pass left unfinished: a vector's lanes are refilled one by one as their
         * pixels finish, so none idles while pixels wait.
         */
        void service(int step) {
            boolean deadlines = step >= nextDeadline;
            for (int slot = 0; slot < SLOTS; slot++) {
                long left = pending[slot];
                if (left == 0) {
                    continue;
                }
                int base = slot * LANES;
                long esc = escapedLanes[slot];
                if (esc != 0) {
                    replay(this, slot, esc, step);
                    for (long rest = esc; rest != 0; rest &= rest - 1) {
                        escapedAt(slot, Long.numberOfTrailingZeros(rest));
                    }
                }
                long periodic = nearLanes[slot] == 0 ? 0 : periodic(slot, nearLanes[slot] & ~esc, step);
                left &= ~(esc | periodic);
                if (deadlines) {
                    // not escaped by the limit: interior like the periodic ones
                    periodic |= DoubleVector.fromArray(SPECIES, deadline, base).compare(VectorOperators.LE, step).toLong() & left;
                    left &= ~periodic;
                }
                for (long rest = periodic; rest != 0; rest &= rest - 1) {
                    int lane = base + Long.numberOfTrailingZeros(rest);
                    interior(out[lane], Math.min(countAt(lane, step), maxIterations));
                }
                long freed = esc | periodic;
                if (freed != 0) {
                    for (long rest = freed; rest != 0; rest &= rest - 1) {
                        int lane = base + Long.numberOfTrailingZeros(rest);
                        laneDue[lane] = Double.POSITIVE_INFINITY;
                        deadline[lane] = Double.POSITIVE_INFINITY;
                    }
                    long free = ~left & ALL_LANES;
                    if (Long.bitCount(free) * 2 >= LANES) {
                        left |= fill(slot, free, step);
                    }
                    pending[slot] = left;
                    if (left == 0) {
                        live--;
                    }
                    updateDue(slot);
                }
            }
            if (deadlines) {
                double soonest = Double.POSITIVE_INFINITY;
                for (int slot = 0; slot < SLOTS; slot++) {
                    soonest = Math.min(soonest, DoubleVector.fromArray(SPECIES, deadline, slot * LANES).reduceLanes(VectorOperators.MIN));
                }
                nextDeadline = soonest == Double.POSITIVE_INFINITY ? Integer.MAX_VALUE : (int) soonest;
            }
        }

        /**
         * Which of the lanes {@code near}, found at the end of the block ending at {@code step} back
         * near their saved point (or at a zero distance), are interior: those equal to it bit for
         * bit (Brent: the double orbit repeats, so never escapes) and, for Mandelbrot views, those
         * {@link InteriorProof} proves. A lane whose proof fails tries none again before its next
         * save; its saved point stays, for the exact comparison.
         */
        private long periodic(int slot, long near, int step) {
            boolean justSaved = savedAt[slot] == step; // then sr holds the new save: compare with the former
            double[] br = justSaved ? formerSr : sr;
            double[] bi = justSaved ? formerSi : si;
            long periodic = 0;
            for (long rest = near; rest != 0; rest &= rest - 1) {
                int bit = Long.numberOfTrailingZeros(rest);
                int lane = slot * LANES + bit;
                if (zr[lane] == br[lane] && zi[lane] == bi[lane]) {
                    periodic |= 1L << bit;
                } else if (proofs && (eligible[slot] >>> bit & 1) != 0) {
                    if (InteriorProof.attracting(zr[lane], zi[lane], cr[lane], ci[lane])) {
                        periodic |= 1L << bit;
                    } else {
                        eligible[slot] &= ~(1L << bit);
                    }
                }
            }
            return periodic;
        }

        /** A lane the replay found escaped: its count, or interior if that is past the limit. */
        private void escapedAt(int slot, int bit) {
            int lane = slot * LANES + bit;
            int o = out[lane];
            int n = (int) rn[lane];
            if (n > maxIterations) {
                interior(o, maxIterations);
                return;
            }
            work += n;
            counts[o] = n;
            int e = escaped++;
            ezr[e] = rzr[lane];
            ezi[e] = rzi[lane];
            ecr[e] = cr[lane];
            eci[e] = ci[lane];
            en[e] = n;
            eat[e] = o;
        }

        private void interior(int o, int count) {
            work += count;
            counts[o] = -1;
            smooth[o] = -1;
        }

        /**
         * The sprint pass: every group of the tile takes its first {@value #SPRINT} steps here, two
         * groups side by side (two independent dependency chains keep the arithmetic units busy
         * where one would leave them waiting on latency), testing every step as the replay does;
         * {@link #SMOOTH_VECTORS} groups are staged at a time so that their smooth values are
         * computed together.
         * On a typical view most pixels escape within them (on the seed's view 96% of the
         * escaping ones, at a mean count of 7); their counts and smooth values go straight to the
         * image with vector stores. Groups with lanes left are queued, with their state, for the
         * slots ({@link #load}).
         */
        void sprintAll() {
            survivors = 0;
            taken = 0;
            if (survivorOut.length < groups * LANES) {
                survivorOut = new int[groups * LANES];
                survivorSteps = new int[groups * LANES];
                szr = new double[groups * LANES];
                szi = new double[groups * LANES];
                scr = new double[groups * LANES];
                sci = new double[groups * LANES];
            }
            int g = 0;
            int row = 0;
            int column = 0; // of group g: its row in the tile, its first pixel's column
            while (g < groups) {
                // places 0 .. places - 1 get a group with something to compute; a place left
                // empty means the groups have run out, so the places after it are empty too
                int places = 0;
                for (int k = 0; k < SMOOTH_VECTORS; k++) {
                    long bits = 0;
                    while (bits == 0 && g < groups) {
                        bits = stage(row, column, k);
                        g++;
                        column += LANES;
                        if (column >= w) {
                            column = 0;
                            row++;
                        }
                    }
                    stagedBits[k] = bits;
                    if (bits != 0) {
                        places = k + 1;
                    } else {
                        markDone(k); // an empty place: nothing to find
                    }
                }
                if (places == 0) {
                    break; // no group left with something to compute
                }
                sprintPair(0);
                if (places > 2) {
                    sprintPair(2);
                }
                // all places' smooth values at once: independent chains overlap
                boolean any = false;
                for (int k = 0; k < SMOOTH_VECTORS; k++) {
                    any |= escapedInSprint(k);
                }
                if (any) {
                    smoothValues(stagedZr, stagedZi, stagedCr, stagedCi, stagedEn, 0, tlanes, tr);
                }
                for (int k = 0; k < places; k++) {
                    finish(k, stagedBits[k]);
                }
            }
        }

        /**
         * Sets up the group at {@code row} of the tile, from pixel {@code column} on, in staging
         * place {@code k}: coordinates, the cardioid and bulb shortcut (written out at once), and
         * which lanes have something to compute (returned, and in {@link #stagedTodo}). The
         * caller steps row and column along (not a division of a group index: an {@code idiv}
         * per group was 2% of a tile of fast escapes, docs/BENCHMARKS.md).
         */
        private long stage(int row, int column, int k) {
            int at = k * LANES;
            int j = y0 + row;
            int lanes = Math.min(LANES, w - column);
            int o = j * stride + x0 + column;
            double im = plane.im(j);
            // Straight-line vector code: C2 boxes a vector or mask that is chosen between two paths
            // (an if or ?: on vectors) wherever the profile keeps both, and after other views it
            // may (seen: 32-53 KB of garbage per 64 x 32 tile). Hence columns from an array,
            // switches as masks, and the shortcut test computed whether or not it is used.
            DoubleVector re = DoubleVector.fromArray(SPECIES, columnRe, column);
            VectorMask<Double> past = SPECIES.indexInRange(0, lanes).not();
            VectorMask<Double> known = inCardioidOrBulb(re, im).andNot(past);
            VectorMask<Double> shortcut = known
                    .and(DoubleVector.broadcast(SPECIES, cardioid ? 1.0 : 0.0).compare(VectorOperators.NE, 0.0));
            VectorMask<Double> direct = known
                    .and(DoubleVector.broadcast(SPECIES, straightToSlots ? 1.0 : 0.0).compare(VectorOperators.NE, 0.0));
            for (long rest = shortcut.toLong(); rest != 0; rest &= rest - 1) {
                int l = Long.numberOfTrailingZeros(rest);
                counts[o + l] = -1;
                smooth[o + l] = -1;
            }
            for (long rest = direct.toLong(); rest != 0; rest &= rest - 1) {
                int l = Long.numberOfTrailingZeros(rest);
                double cr = columnRe[column + l];
                queue(cr, im, cr, im, o + l, 0); // z(1) = c, no step taken
            }
            VectorMask<Double> inside = past.or(shortcut).or(direct);
            inside.not().intoArray(stagedTodo, at);
            VectorMask<Double> julia = DoubleVector.broadcast(SPECIES, plane.julia() ? 1.0 : 0.0)
                    .compare(VectorOperators.NE, 0.0);
            // the lanes inside start outside radius 2, so the sprint leaves them as they are
            re.blend(OUTSIDE, inside).intoArray(stagedZr, at);
            DoubleVector.broadcast(SPECIES, im).intoArray(stagedZi, at);
            re.blend(plane.cRe(), julia).intoArray(stagedCr, at);
            DoubleVector.broadcast(SPECIES, plane.julia() ? plane.cIm() : im).intoArray(stagedCi, at);
            stagedOut[k] = o;
            return inside.not().toLong();
        }

        /** Leaves staging place {@code k} empty: nothing to compute, and outside radius 2 for the sprint. */
        private void markDone(int k) {
            for (int l = 0; l < LANES; l++) {
                stagedTodo[k * LANES + l] = false;
            }
            OUTSIDE.intoArray(stagedZr, k * LANES);
        }

        /**
         * The sprint of the groups staged in places {@code first} and {@code first + 1},
         * interleaved. Leaves in the staged arrays each lane's count and z, and in
         * {@link #stagedSteps} the steps the pair took: {@code sprintTests}, or fewer where it
         * lost no lane by {@link #SPRINT_EXIT} (views without shortcuts). For a lane that escaped,
         * the first z with |z| > 2 and a count below {@code n0 + steps}; for the others, the z
         * after those steps and the count {@code n0 + steps}.
         *
         * <p>A lane that escapes is frozen: its z stays the first one past radius 2 (so it is
         * also the z the smooth value needs), and its count is the start count plus the steps
         * at which it was still inside. Nothing else is carried from step to step: no mask (C2
         * kept the former "found" masks on the stack and turned them into byte vectors at every
         * step) and no count converted from the loop's int. Escaped orbits never come back (see
         * the class comment), so {@code |z|^2 <= 4} is the whole test, and an orbit that
         * overflowed would test as escaped too, as in the main loop.
         */
        private void sprintPair(int first) {
            final int a0 = first * LANES;
            final int b0 = a0 + LANES;
            final DoubleVector four = DoubleVector.broadcast(SPECIES, Orbits.ESCAPE2);
            final DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
            // from arrays, not parameters: a vector passed to a call C2 does not inline is boxed;
            // lanes with nothing to compute start outside radius 2 (stage), so they stay frozen
            DoubleVector ar = DoubleVector.fromArray(SPECIES, stagedZr, a0);
            DoubleVector ai = DoubleVector.fromArray(SPECIES, stagedZi, a0);
            DoubleVector acr = DoubleVector.fromArray(SPECIES, stagedCr, a0);
            DoubleVector aci = DoubleVector.fromArray(SPECIES, stagedCi, a0);
            DoubleVector br = DoubleVector.fromArray(SPECIES, stagedZr, b0);
            DoubleVector bi = DoubleVector.fromArray(SPECIES, stagedZi, b0);
            DoubleVector bcr = DoubleVector.fromArray(SPECIES, stagedCr, b0);
            DoubleVector bci = DoubleVector.fromArray(SPECIES, stagedCi, b0);
            DoubleVector an = DoubleVector.broadcast(SPECIES, (double) n0);
            DoubleVector bn = an;
            int tests = sprintTests;
            int steps = tests;
            int inside = 0;
            for (int t = 0; t < tests; t++) {
                VectorMask<Double> ain = ar.mul(ar).add(ai.mul(ai)).compare(VectorOperators.LE, four);
                VectorMask<Double> bin = br.mul(br).add(bi.mul(bi)).compare(VectorOperators.LE, four);
                if (!ain.or(bin).anyTrue()) {
                    break;
                }
                // scalar tests on t only: no vector is chosen between paths (see stage)
                if (t == 0) {
                    inside = ain.trueCount() + bin.trueCount();
                } else if (t == sprintExit && ain.trueCount() + bin.trueCount() == inside) {
                    steps = t; // none lost: most likely interior, for the slots (SPRINT_EXIT)
                    break;
                }
                an = an.add(one, ain);
                bn = bn.add(one, bin);
                DoubleVector ad = ar.sub(ai);
                DoubleVector au = ar.add(ai);
                DoubleVector bd = br.sub(bi);
                DoubleVector bu = br.add(bi);
                ai = ai.blend(ar.add(ar).lanewise(VectorOperators.FMA, ai, aci), ain);
                ar = ar.blend(ad.lanewise(VectorOperators.FMA, au, acr), ain);
                bi = bi.blend(br.add(br).lanewise(VectorOperators.FMA, bi, bci), bin);
                br = br.blend(bd.lanewise(VectorOperators.FMA, bu, bcr), bin);
            }
            ar.intoArray(stagedZr, a0);
            ai.intoArray(stagedZi, a0);
            br.intoArray(stagedZr, b0);
            bi.intoArray(stagedZi, b0);
            an.intoArray(stagedEn, a0);
            bn.intoArray(stagedEn, b0);
            stagedSteps[first] = steps;
            stagedSteps[first + 1] = steps;
        }

        /** Marks in {@link #tlanes} the lanes of staging place {@code k} that escaped in the sprint. */
        private boolean escapedInSprint(int k) {
            int at = k * LANES;
            // escaped within the sprint: fewer counts than its tests
            VectorMask<Double> done = DoubleVector.fromArray(SPECIES, stagedEn, at)
                    .compare(VectorOperators.LT, n0 + stagedSteps[k])
                    .and(VectorMask.fromArray(SPECIES, stagedTodo, at));
            done.intoArray(tlanes, at);
            return done.anyTrue();
        }

        /**
         * After the sprint of staging place {@code k} (lanes {@code todoBits} to compute) and the
         * smooth values of its lanes that escaped ({@link #escapedInSprint}, then in {@link #tr}):
         * writes the lanes done, and queues the lanes left, each on its own, for the slots.
         */
        private void finish(int k, long todoBits) {
            int at = k * LANES;
            int o = stagedOut[k];
            VectorMask<Double> done = VectorMask.fromArray(SPECIES, tlanes, at);
            long escapedHere = done.toLong();
            if (escapedHere != 0) {
                // results straight to the image, a vector at a time: no per-pixel bookkeeping
                DoubleVector en = DoubleVector.fromArray(SPECIES, stagedEn, at);
                ((FloatVector) DoubleVector.fromArray(SPECIES, tr, at).convertShape(VectorOperators.D2F, FLOATS, 0))
                        .intoArray(smooth, o, done.cast(FLOATS));
                ((IntVector) en.convertShape(VectorOperators.D2I, INTS, 0)).intoArray(counts, o, done.cast(INTS));
                work += (long) en.reduceLanes(VectorOperators.ADD, done);
            }
            long left = todoBits & ~escapedHere;
            if (left == 0) {
                return;
            }
            if (sprintReachesLimit && stagedSteps[k] == sprintTests) {
                // the sprint tested every count up to the limit: the rest never escape
                for (long rest = left; rest != 0; rest &= rest - 1) {
                    interior(o + Long.numberOfTrailingZeros(rest), maxIterations);
                }
                return;
            }
            // each lane left joins the queue on its own: the slots take pixels, not groups
            for (long rest = left; rest != 0; rest &= rest - 1) {
                int l = Long.numberOfTrailingZeros(rest);
                queue(stagedZr[at + l], stagedZi[at + l], stagedCr[at + l], stagedCi[at + l], o + l, stagedSteps[k]);
            }
        }

        /** Queues a pixel for the slots: its z after {@code steps} steps, its c, its output index. */
        private void queue(double zr, double zi, double cr, double ci, int out, int steps) {
            int q = survivors++;
            szr[q] = zr;
            szi[q] = zi;
            scr[q] = cr;
            sci[q] = ci;
            survivorOut[q] = out;
            survivorSteps[q] = steps;
        }

        /** {@link #fill} of a whole vector from a queue that has enough: copies, not a lane at a time. */
        private long fillAll(int slot, int step) {
            int base = slot * LANES;
            int q = taken;
            taken += LANES;
            System.arraycopy(szr, q, zr, base, LANES);
            System.arraycopy(szi, q, zi, base, LANES);
            System.arraycopy(scr, q, cr, base, LANES);
            DoubleVector c = DoubleVector.fromArray(SPECIES, cr, base);
            (DOUBLED ? c.add(c) : c).intoArray(tcr, base);
            System.arraycopy(sci, q, ci, base, LANES);
            System.arraycopy(survivorOut, q, out, base, LANES);
            int end = Integer.MAX_VALUE;
            for (int l = 0; l < LANES; l++) {
                int born = bornAt(step, survivorSteps[q + l]);
                int limit = limitOf(born);
                birth[base + l] = born;
                deadline[base + l] = limit;
                end = Math.min(end, limit);
            }
            NAN.intoArray(sr, base);
            NAN.intoArray(si, base);
            DoubleVector.broadcast(SPECIES, firstSave(step)).intoArray(laneDue, base);
            DoubleVector.broadcast(SPECIES, BLOCK).intoArray(gap, base);
            nextDeadline = Math.min(nextDeadline, end);
            return ALL_LANES;
        }

        // A pixel a lane takes at step: what fill and fillAll both set up, kept in one place

        /** Its birth, for a pixel that took {@code sprintSteps} steps in the sprint. */
        private static int bornAt(int step, int sprintSteps) {
            return step - sprintSteps;
        }

        /** The step at which a pixel born at {@code born} reaches the iteration limit. */
        private int limitOf(int born) {
            return born + (maxIterations - n0);
        }

        /** Its first Brent save: at the end of its first block, or never without shortcuts. */
        private double firstSave(int step) {
            return plane.shortcuts() ? step + BLOCK : Double.POSITIVE_INFINITY;
        }

        /**
         * Gives the lanes {@code lanes} of the slot the next pixels the sprint pass left
         * unfinished, at the start of the block beginning at {@code step}; returns the lanes that
         * got one. A lane left without (the queue is empty) gets z = c = 0, which never escapes.
         */
        private long fill(int slot, long lanes, int step) {
            if (lanes == ALL_LANES && survivors - taken >= LANES) {
                return fillAll(slot, step);
            }
            long filled = 0;
            for (long rest = lanes; rest != 0; rest &= rest - 1) {
                int bit = Long.numberOfTrailingZeros(rest);
                int lane = slot * LANES + bit;
                sr[lane] = Double.NaN;
                si[lane] = Double.NaN;
                if (taken == survivors) {
                    zr[lane] = 0;
                    zi[lane] = 0;
                    cr[lane] = 0;
                    tcr[lane] = 0;
                    ci[lane] = 0;
                    laneDue[lane] = Double.POSITIVE_INFINITY;
                    deadline[lane] = Double.POSITIVE_INFINITY;
                    continue;
                }
                int q = taken++;
                zr[lane] = szr[q];
                zi[lane] = szi[q];
                cr[lane] = scr[q];
                tcr[lane] = DOUBLED ? 2 * scr[q] : scr[q];
                ci[lane] = sci[q];
                out[lane] = survivorOut[q];
                birth[lane] = bornAt(step, survivorSteps[q]);
                int limit = limitOf(birth[lane]);
                deadline[lane] = limit;
                laneDue[lane] = firstSave(step);
                gap[lane] = BLOCK;
                nextDeadline = Math.min(nextDeadline, limit);
                filled |= 1L << bit;
            }
            return filled;
        }
    }
}
