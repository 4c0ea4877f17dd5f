package dev.mandelbrot.bench;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.Minibrot;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.deep.DeepField;
import dev.mandelbrot.render.deep.DeepRenderer;
import dev.mandelbrot.render.deep.DeepStats;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * Deep-zoom timings for docs/BENCHMARKS.md ("Deep zoom"). Renders take seconds, so this is a
 * plain timed harness rather than JMH: each figure is the median of {@code reps} runs, each with
 * a fresh engine (so the reference orbit and BLA table are rebuilt and counted every time), all
 * measured in one process so the ratios share the machine's conditions.
 *
 * <p>Locations are real: the lowest-period minibrot within 10^-k of the Misiurewicz point c = i,
 * found with {@link Minibrot#find}; its size is about 10^-2k, so the view of span 10^-2k frames it.
 * The shallow reference location (for the double engine) is the same construction at k = 5.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.mandelbrot.bench.DeepZoomReport 1024 768 3
 * </pre>
 */
public final class DeepZoomReport {

    private record Case(String span, int k, double offset, int iterations) {
    }

    private DeepZoomReport() {
    }

    public static void main(String[] args) {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int height = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = args.length > 3 ? args[3] : "all";
        Locale.setDefault(Locale.ROOT);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        System.out.printf("# %dx%d, %d reps, %d threads, %s%n", width, height, reps, pool.getParallelism(),
                System.getProperty("java.vm.version"));
        if (only.equals("all") || only.equals("cost")) {
            perIterationCost(pool, reps);
        }
        if (only.equals("all") || only.equals("deep")) {
            Case[] cases = {
                new Case("1e-50", 25, 0, 10_000), new Case("1e-50", 25, 0, 50_000),
                new Case("1e-300", 150, 0, 10_000), new Case("1e-300", 150, 0, 50_000),
                new Case("1e-1000", 500, 0.7, 20_000), new Case("1e-1000", 500, 0.7, 100_000),
            };
            System.out.println("| span | iterations | median time | reference orbit | BLA table | equivalent iterations"
                    + " | covered by BLA | BLA jumps | single steps (double / extended) | interior (found periodic) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (Case c : cases) {
                deepRow(pool, c, width, height, reps);
            }
        }
        if (only.equals("all") || only.equals("goal")) {
            goal(pool, width, height, reps);
        }
        pool.shutdown();
    }

    /**
     * Each render of this section takes 10-100 ms, too short for one warm-up render to leave the
     * JIT done and the median of three to settle (the double row read 1.56, 0.53 and 1.97 ns in
     * three runs): every row first renders for {@value #COST_WARM_UP_MS} ms, then takes the median
     * of {@value #COST_REPS_PER_REP} times {@code reps} renders.
     */
    private static final long COST_WARM_UP_MS = 2_000;
    private static final int COST_REPS_PER_REP = 5;

    /** Runs {@code render} repeatedly for at least {@link #COST_WARM_UP_MS} (and at least once). */
    private static void warmUp(Runnable render) {
        long end = System.nanoTime() + COST_WARM_UP_MS * 1_000_000;
        do {
            render.run();
        } while (System.nanoTime() - end < 0);
    }

    /** ns per (equivalent) pixel-iteration: double kernel vs perturbation without and with BLA. */
    private static void perIterationCost(ForkJoinPool pool, int reps) {
        reps *= COST_REPS_PER_REP;
        int w = 256;
        int h = 192;
        int iterations = 10_000;
        Minibrot shallow = near(5);
        System.out.printf("## cost per pixel-iteration (%dx%d, %d iterations)%n", w, h, iterations);
        try (Renderer renderer = Renderer.create(pool.getParallelism())) {
            RenderRequest request = RenderRequest.of(new Viewport.Centred(shallow.re(), shallow.im(),
                    shallow.size().multiply(BigDecimal.valueOf(3.5)), w, h), iterations).withInteriorShortcuts(false);
            double[] ns = new double[reps];
            long work = 0;
            warmUp(() -> renderer.render(request));
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                EscapeField f = renderer.render(request);
                ns[r] = System.nanoTime() - t0;
                work = f.iterations();
            }
            System.out.printf("double engine (%s, shortcuts off), shallow: %.3f ns/iteration%n", renderer.kernelName(),
                    median(ns) / work);
        }
        for (String span : new String[] {"1e-50", "1e-300"}) {
            Minibrot mb = near(span.equals("1e-50") ? 25 : 150);
            for (boolean bla : new boolean[] {false, true}) {
                double[] ns = new double[reps];
                DeepField f = null;
                warmUp(() -> (bla ? DeepRenderer.create(pool) : DeepRenderer.withoutBla(pool))
                        .render(mb.re(), mb.im(), new BigDecimal(span), w, h, iterations, () -> false));
                for (int r = 0; r < reps; r++) {
                    DeepRenderer deep = bla ? DeepRenderer.create(pool) : DeepRenderer.withoutBla(pool);
                    long t0 = System.nanoTime();
                    f = deep.render(mb.re(), mb.im(), new BigDecimal(span), w, h, iterations, () -> false);
                    ns[r] = System.nanoTime() - t0 - f.stats().referenceNanos() - f.stats().blaNanos();
                }
                System.out.printf("perturbation %s BLA, span %s: %.3f ns/equivalent iteration (pixel loop only; %s)%n",
                        bla ? "with" : "without", span, median(ns) / f.iterations(), f.stats());
            }
        }
    }

    private static void deepRow(ForkJoinPool pool, Case c, int width, int height, int reps) {
        Minibrot mb = near(c.k());
        BigDecimal span = new BigDecimal(c.span());
        BigDecimal re = mb.re().add(span.multiply(BigDecimal.valueOf(c.offset())));
        double[] ns = new double[reps];
        DeepField f = null;
        long refNanos = 0;
        long blaNanos = 0;
        for (int r = 0; r < reps; r++) {
            DeepRenderer deep = DeepRenderer.create(pool);
            long t0 = System.nanoTime();
            f = deep.render(re, mb.im(), span, width, height, c.iterations(), () -> false);
            ns[r] = System.nanoTime() - t0;
            refNanos += f.stats().referenceNanos();
            blaNanos += f.stats().blaNanos();
        }
        DeepStats s = f.stats();
        double total = Arrays.stream(ns).sum();
        long interior = Arrays.stream(f.counts()).filter(n -> n < 0).count();
        System.out.printf("| %s (period %d) | %,d | %.2f s | %.0f%% | %.0f%% | %,d | %.1f%% | %,d | %,d / %,d | %,d (%,d) |%n",
                c.span(), mb.period(), c.iterations(), median(ns) / 1e9, 100.0 * refNanos / total, 100.0 * blaNanos / total,
                f.iterations(), 100.0 * s.blaSkipped() / f.iterations(), s.blaJumps(), s.steps(), s.extendedSteps(),
                interior, s.periodicInterior());
    }

    /** The goal: span 1e-300, 50,000 iterations vs a double render of the same size and budget. */
    private static void goal(ForkJoinPool pool, int width, int height, int reps) {
        int iterations = 50_000;
        Minibrot shallow = near(5);
        Minibrot deepMb = near(150);
        System.out.printf("## goal: %dx%d, %,d iterations%n", width, height, iterations);
        double[] on = new double[reps];
        double[] off = new double[reps];
        double[] deep = new double[reps];
        long[] work = new long[3];
        DeepField last = null;
        try (Renderer renderer = Renderer.create(pool.getParallelism())) {
            Viewport.Centred view = new Viewport.Centred(shallow.re(), shallow.im(),
                    shallow.size().multiply(BigDecimal.valueOf(3.5)), width, height);
            renderer.render(RenderRequest.of(view, iterations)); // warm-up
            renderer.render(RenderRequest.of(view, iterations).withInteriorShortcuts(false));
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                work[0] = renderer.render(RenderRequest.of(view, iterations)).iterations();
                long t1 = System.nanoTime();
                work[1] = renderer.render(RenderRequest.of(view, iterations).withInteriorShortcuts(false)).iterations();
                long t2 = System.nanoTime();
                DeepField f = DeepRenderer.create(pool).render(deepMb.re(), deepMb.im(), new BigDecimal("1e-300"), width,
                        height, iterations, () -> false);
                long t3 = System.nanoTime();
                work[2] = f.iterations();
                last = f;
                on[r] = t1 - t0;
                off[r] = t2 - t1;
                deep[r] = t3 - t2;
            }
        }
        System.out.printf("double, shallow (span %s, period %d), shortcuts on:  %.2f s (%,d iterations)%n",
                shallow.size().multiply(BigDecimal.valueOf(3.5)).round(new java.math.MathContext(3)), shallow.period(),
                median(on) / 1e9, work[0]);
        System.out.printf("double, shallow, shortcuts off: %.2f s (%,d iterations)%n", median(off) / 1e9, work[1]);
        System.out.printf("deep, span 1e-300 (period %d): %.2f s (%,d equivalent iterations)%n", deepMb.period(),
                median(deep) / 1e9, work[2]);
        System.out.printf("ratio deep / double: %.2f (shortcuts on), %.2f (shortcuts off)%n", median(deep) / median(on),
                median(deep) / median(off));
        long interior = Arrays.stream(last.counts()).filter(n -> n < 0).count();
        System.out.printf("deep render: %,d interior pixels (%,d found periodic, %,d proven by ball arithmetic); %s%n",
                interior, last.stats().periodicInterior(), last.stats().provenInterior(), last.stats());
    }

    private static Minibrot near(int k) {
        return Minibrot.find(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE.movePointLeft(k), 100_000).orElseThrow();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
