package dev.mandelbrot.render.deep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Renders views far below double precision by perturbation around one arbitrary-precision
 * reference orbit (see {@link Perturbation}), with bilinear approximation and extended range.
 * Internal to the renderer: the public entry point is {@code dev.mandelbrot.render.Renderer},
 * which hands over views whose pixel spacing is too small for doubles. Thread-safe.
 *
 * <p>Geometry follows {@code Viewport.Centred}: square pixels of side span / width, pixel (i, j)
 * samples c = (re + (i + 1/2 - width/2) s) + i (im - (j + 1/2 - height/2) s), row 0 on top.
 *
 * <p>Pixels go in blocks of 32x32 (one task each), and within a block in sub-blocks of 4x4 whose
 * centre pixel goes first: when a rigorous interior proof settled that pixel, the same proof is
 * tried for every c of the sub-block at once ({@link Perturbation#provesBlock}), and on success
 * the other fifteen are interior without being iterated.
 */
public final class DeepRenderer {

    /** Fraction bits kept beyond those of the pixel spacing. */
    static final int GUARD_BITS = 64;
    /**
     * Deepest supported zoom, as reference precision: about 1e-10000 pixel spacing. A reference step
     * costs about (bits / 3,400)^1.6 times 8 us, so deeper views would tie up a core for minutes.
     */
    static final int MAX_PRECISION_BITS = 33_300;
    private static final int BLOCK = 32;
    /** Pixels a side of the sub-blocks that one interior proof may cover at once. */
    private static final int SUB = 4;
    /**
     * A radius, in pixels, covering every pixel centre of a sub-block from its centre ((SUB/2 - 1/2)
     * sqrt 2 = 2.12 for SUB = 4), with room for the rounding of the pixels' offsets.
     */
    private static final double SUB_RADIUS = SUB / 2.0 * Math.sqrt(2);
    private static final double SMOOTH_BAILOUT = 256;
    private static final double SMOOTH_BAILOUT_2 = SMOOTH_BAILOUT * SMOOTH_BAILOUT;

    private final ForkJoinPool pool;
    private final boolean useBla;
    private final double blaEpsilon;
    private final OrbitCache cache;
    private final boolean blockProofs;

    DeepRenderer(ForkJoinPool pool, boolean useBla, double blaEpsilon, long cacheBytes, boolean blockProofs) {
        this.pool = pool;
        this.useBla = useBla;
        this.blaEpsilon = blaEpsilon;
        this.cache = new OrbitCache(cacheBytes);
        this.blockProofs = blockProofs;
    }

    /**
     * Bytes of reference orbits and BLA tables kept between renders ({@link OrbitCache}). A server
     * keeps this much heap out of its render memory budget. What an entry costs grows with depth
     * and iterations: at 50,000 iterations and span 1e-300 an orbit that runs to the limit is 1.8 MB
     * and a table 5 MB; a tile of the map's deepest level (z = 4000, 61,035 iterations) needs a
     * 2.2 MB orbit and 8 MB tables, so one such reference (with one table) fits, with room for a few
     * shallower ones; a reference at a minibrot's nucleus stops at its period and costs kilobytes.
     */
    public static final long CACHE_BYTES = 16L << 20;

    /** On {@code pool}, with BLA and an orbit cache of {@link #CACHE_BYTES}. */
    public static DeepRenderer create(ForkJoinPool pool) {
        return new DeepRenderer(pool, true, BlaTable.DEFAULT_EPSILON, CACHE_BYTES, true);
    }

    /** Without BLA (every iteration stepped): for benchmarks and tests. */
    public static DeepRenderer withoutBla(ForkJoinPool pool) {
        return new DeepRenderer(pool, false, BlaTable.DEFAULT_EPSILON, CACHE_BYTES, true);
    }

    /**
     * Renders the square-pixel view centred on (re, im) whose real-axis width is {@code span}.
     *
     * @throws CancellationException if {@code cancelled} turns true (checked between blocks)
     * @throws IllegalArgumentException if a size, the iteration limit or the span is not positive,
     *     or the pixel spacing is below about 1e-10000 ({@link #MAX_PRECISION_BITS})
     */
    public DeepField render(BigDecimal re, BigDecimal im, BigDecimal span, int width, int height, int maxIterations,
            BooleanSupplier cancelled) {
        return render(re, im, span, width, height, maxIterations, cancelled, pixels -> {});
    }

    /**
     * As above, telling {@code pixelsDone} (from the workers, concurrently) the pixels of each
     * finished block: the calls sum to {@code width * height}.
     */
    public DeepField render(BigDecimal re, BigDecimal im, BigDecimal span, int width, int height, int maxIterations,
            BooleanSupplier cancelled, IntConsumer pixelsDone) {
        if (width < 1 || height < 1 || maxIterations < 1 || span.signum() <= 0) {
            throw new IllegalArgumentException("need width, height, maxIterations >= 1 and span > 0");
        }
        long start = System.nanoTime();
        Ext spacing = Ext.of(span).divide(Ext.of(width));
        int bits = checkedBits(spacing);
        Reference ref = reference(re, im, spacing, width, height, bits, maxIterations, cancelled);
        ReferenceOrbit orbit = ref.entry.orbit;

        // dc of pixel (i, j) = (delta + offset(i, j)) * spacing, with delta = (centre - C) / spacing.
        double deltaRe = ref.deltaRe;
        double deltaIm = ref.deltaIm;
        double sm = spacing.mantissa();
        int se = spacing.exponent();

        long blaNanos = 0;
        BlaTable bla = null;
        if (useBla) {
            Ext dcMax = Ext.of((Math.hypot(deltaRe, deltaIm) + Math.hypot(width, height) / 2 + 1) * sm, se);
            int key = dcMax.exponent() + 1; // round |dc| up to a power of two so tables are shared
            bla = cache.table(ref.entry, key);
            if (bla == null) {
                long t0 = System.nanoTime();
                Ext tableDc = Ext.of(1.0, key);
                cache.makeRoom(BlaTable.bytesFor(orbit.rebaseIndex() - 1, tableDc), ref.entry);
                bla = BlaTable.build(orbit, tableDc, blaEpsilon);
                blaNanos = System.nanoTime() - t0;
                cache.putTable(ref.entry, key, bla);
            }
        }

        int[] counts = new int[width * height];
        float[] smooth = new float[width * height];
        int blocksX = (width + BLOCK - 1) / BLOCK;
        int blocksY = (height + BLOCK - 1) / BLOCK;
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder iterations = new LongAdder();
        LongAdder steps = new LongAdder();
        LongAdder extendedSteps = new LongAdder();
        LongAdder jumps = new LongAdder();
        LongAdder skipped = new LongAdder();
        LongAdder rebases = new LongAdder();
        LongAdder periodic = new LongAdder();
        LongAdder proofs = new LongAdder();
        LongAdder proven = new LongAdder();
        LongAdder blockProven = new LongAdder();
        BlaTable table = bla;
        double cRe = Fixed.toDouble(orbit.cRe, orbit.bits);
        double cIm = Fixed.toDouble(orbit.cIm, orbit.bits);
        Runnable all = () -> IntStream.range(0, blocksX * blocksY).parallel().forEach(b -> {
            if (stop.get() || cancelled.getAsBoolean()) {
                stop.set(true);
                return;
            }
            Perturbation p = new Perturbation(orbit, table, maxIterations);
            int x0 = (b % blocksX) * BLOCK;
            int y0 = (b / blocksX) * BLOCK;
            long reached = 0;
            int x1 = Math.min(x0 + BLOCK, width);
            int y1 = Math.min(y0 + BLOCK, height);
            // Sub-blocks of SUB x SUB pixels: the one nearest the centre first; if a ball proof made it
            // interior, the same disc is tried for every c of the sub-block at once (see provesBlock).
            for (int sy = y0; sy < y1; sy += SUB) {
                for (int sx = x0; sx < x1; sx += SUB) {
                    int ex = Math.min(sx + SUB, x1);
                    int ey = Math.min(sy + SUB, y1);
                    int ci = Math.min(sx + SUB / 2 - 1, ex - 1);
                    int cj = Math.min(sy + SUB / 2 - 1, ey - 1);
                    reached += pixel(p, ci, cj, width, height, deltaRe, deltaIm, sm, se, cRe, cIm, counts, smooth);
                    boolean whole = ex - sx == SUB && ey - sy == SUB;
                    if (blockProofs && whole && counts[cj * width + ci] < 0
                            && p.provesBlock((deltaRe + (sx + SUB / 2.0 - width / 2.0)) * sm,
                                    (deltaIm - (sy + SUB / 2.0 - height / 2.0)) * sm, se, SUB_RADIUS * sm)) {
                        for (int j = sy; j < ey; j++) {
                            for (int i = sx; i < ex; i++) {
                                counts[j * width + i] = -1;
                                smooth[j * width + i] = -1f;
                            }
                        }
                        continue;
                    }
                    for (int j = sy; j < ey; j++) {
                        for (int i = sx; i < ex; i++) {
                            if (i != ci || j != cj) {
                                reached += pixel(p, i, j, width, height, deltaRe, deltaIm, sm, se, cRe, cIm, counts, smooth);
                            }
                        }
                    }
                }
            }
            iterations.add(reached);
            steps.add(p.steps);
            extendedSteps.add(p.extendedSteps);
            jumps.add(p.blaJumps);
            skipped.add(p.blaSkipped);
            rebases.add(p.rebases);
            periodic.add(p.periodicInterior);
            proofs.add(p.ballAttempts + p.blockAttempts);
            proven.add(p.ballProven + p.blockProven * (SUB * SUB - 1));
            blockProven.add(p.blockProven * (SUB * SUB - 1));
            pixelsDone.accept((x1 - x0) * (y1 - y0));
        });
        pool.submit(all).join();
        if (stop.get()) {
            throw new CancellationException("render cancelled");
        }
        DeepStats stats = new DeepStats(orbit.bits, orbit.last() + 1, ref.reused, ref.reused ? 0 : orbit.nanos(), blaNanos,
                System.nanoTime() - start, steps.sum(), extendedSteps.sum(), jumps.sum(), skipped.sum(), rebases.sum(),
                periodic.sum(), proofs.sum(), proven.sum(), blockProven.sum());
        return new DeepField(width, height, maxIterations, counts, smooth, iterations.sum(), stats);
    }

    /** Runs pixel (i, j) into counts and smooth; returns its iterations. */
    private static int pixel(Perturbation p, int i, int j, int width, int height, double deltaRe, double deltaIm, double sm,
            int se, double cRe, double cIm, int[] counts, float[] smooth) {
        double ox = deltaRe + (i + 0.5 - width / 2.0);
        double oy = deltaIm - (j + 0.5 - height / 2.0);
        p.run(ox * sm, oy * sm, se);
        int at = j * width + i;
        counts[at] = p.count;
        smooth[at] = p.count < 0 ? -1f
                : smooth(p.count, p.lastRe, p.lastIm, cRe + Math.scalb(ox * sm, se), cIm + Math.scalb(oy * sm, se));
        return p.reached;
    }

    /**
     * The renderer's smooth value (see {@code EscapeField}): from the escape at n with |z(n)| > 2
     * the orbit is followed on to the first m with |z(m)| > R = 2^8, and
     * smooth = m + 1 - log2(ln |z(m)| / ln R). Past radius 2 the orbit runs away within a few
     * steps, so those steps use c rounded to double: its error is far below the colour resolution.
     */
    static float smooth(int n, double zr, double zi, double cr, double ci) {
        int m = n;
        double r2 = zr * zr + zi * zi;
        while (r2 <= SMOOTH_BAILOUT_2) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            r2 = zr * zr + zi * zi;
            m++;
        }
        double ratio = 0.5 * Math.log(r2) / Math.log(SMOOTH_BAILOUT);
        return (float) (m + 1 - Math.log(ratio) / Math.log(2));
    }

    /**
     * Checks, without rendering, that a view of this span and width is not too deep to render.
     *
     * @throws IllegalArgumentException as {@link #render} would, if the pixel spacing is below about 1e-10000
     */
    public static void checkDepth(BigDecimal span, int width) {
        checkedBits(Ext.of(span).divide(Ext.of(width)));
    }

    private static int checkedBits(Ext spacing) {
        int bits = precisionBits(spacing);
        if (bits > MAX_PRECISION_BITS) {
            throw new IllegalArgumentException("view too deep: the pixel spacing must be at least about 1e-10000");
        }
        return bits;
    }

    /** Bits of 1 / spacing plus {@link #GUARD_BITS}. */
    static int precisionBits(Ext spacing) {
        return Math.max(0, -spacing.exponent()) + GUARD_BITS;
    }

    private record Reference(OrbitCache.Entry entry, boolean reused, double deltaRe, double deltaIm) {
    }

    /** A cached orbit within a couple of image widths of the centre, or a new one at the centre. */
    private Reference reference(BigDecimal re, BigDecimal im, Ext spacing, int width, int height, int bits,
            int maxIterations, BooleanSupplier cancelled) {
        double reach = 2.0 * Math.max(width, height);
        double[] delta = new double[2];
        OrbitCache.Entry found = cache.find(orbit -> {
            if (orbit.bits < bits || !orbit.covers(maxIterations)) {
                return false;
            }
            pixelOffset(re, im, orbit, spacing, delta);
            return Math.hypot(delta[0], delta[1]) <= reach;
        });
        if (found != null) {
            pixelOffset(re, im, found.orbit, spacing, delta);
            return new Reference(found, true, delta[0], delta[1]);
        }
        // Room for the orbit (its longest, without a period ball) before it is built, not after.
        cache.makeRoom(ReferenceOrbit.bytesFor(maxIterations + 1, 0), null);
        ReferenceOrbit orbit = ReferenceOrbit.compute(Fixed.of(re, bits), Fixed.of(im, bits), bits, maxIterations, cancelled);
        return new Reference(cache.put(orbit), false, 0, 0);
    }

    /** (centre - C) / spacing, in pixels. */
    private static void pixelOffset(BigDecimal re, BigDecimal im, ReferenceOrbit orbit, Ext spacing, double[] out) {
        out[0] = offset(Fixed.of(re, orbit.bits).subtract(orbit.cRe), orbit.bits, spacing);
        out[1] = offset(Fixed.of(im, orbit.bits).subtract(orbit.cIm), orbit.bits, spacing);
    }

    private static double offset(BigInteger diff, int bits, Ext spacing) {
        if (diff.signum() == 0) {
            return 0;
        }
        int length = diff.bitLength();
        Ext d = Ext.of(Fixed.scaled(diff, length, 0), length - bits);
        return d.divide(spacing).toDouble();
    }
}
