package dev.mandelbrot.server.minibrot;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.Minibrot;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link Minibrot#find} under the same admission control as renders: a search takes a
 * render slot of the {@link RenderGate} (or waits in its queue, or is refused with 503), runs on
 * a platform thread of its own (a search is minutes of CPU-bound big-number arithmetic at worst,
 * which must not pin the carrier threads that serve HTTP), and is answered 503 when the request's
 * deadline passes.
 *
 * <p>The cost of a search is bounded before it starts: {@link #estimateNanos} prices it from the
 * digits the search radius needs and the largest period it may try, and a search over
 * {@link #BUDGET_NANOS} is refused. A search still running at its deadline is cancelled (the
 * finder polls at every orbit step, so it stops within milliseconds); it keeps its slot until
 * it has really stopped, so the gate always counts the CPU that is really busy.
 */
public final class MinibrotSearch implements AutoCloseable {

    /** Estimated CPU time a search may take. */
    static final long BUDGET_NANOS = 8_000_000_000L;
    /** Smallest search radius: the finder refuses below about 1e-5000 (it would need minutes). */
    static final BigDecimal MIN_RADIUS = new BigDecimal("1e-5000");

    private final RenderGate gate;
    private final Metrics metrics;
    private final Duration deadline;
    private final ExecutorService executor;

    public MinibrotSearch(RenderGate gate, Metrics metrics, Duration deadline) {
        this.gate = gate;
        this.metrics = metrics;
        this.deadline = deadline;
        AtomicInteger count = new AtomicInteger();
        // The gate admits at most gate.slots() searches at once, so this pool never queues.
        this.executor = Executors.newFixedThreadPool(gate.slots(), task -> {
            Thread thread = new Thread(task, "minibrot-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Fraction bits the finder works with for {@code radius}: twice those of the radius plus
     * guard bits (the rule of {@code NucleusFinder}).
     */
    static int bits(BigDecimal radius) {
        BigDecimal r = radius.round(new MathContext(17));
        double log2 = (Math.log10(r.unscaledValue().doubleValue()) - r.scale()) / Math.log10(2);
        return 2 * (int) Math.max(0, Math.ceil(-log2)) + 128;
    }

    /**
     * Estimated CPU nanoseconds of a search that tries periods up to {@code maxPeriod}: the ball
     * method steps once per period, and Newton's method typically makes about 15 passes over the
     * period found; a step is a few multiplications of {@code bits}-bit numbers, about
     * 1.5 us x (bits / 600)^1.6 (measured: 100 us per ball step at 8,100 bits, 2 us at 800).
     */
    static long estimateNanos(int bits, int maxPeriod) {
        double step = 1_500 * Math.pow(bits / 600.0, 1.6);
        return (long) Math.min(Long.MAX_VALUE / 4, step * 16 * maxPeriod);
    }

    /** The largest max_period whose estimate stays within the budget (at least 1). */
    static int affordablePeriod(int bits) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, BUDGET_NANOS / Math.max(1, estimateNanos(bits, 1))));
    }

    /**
     * Searches the disc of {@code radius} around (re, im).
     *
     * @throws ApiException 503 when no slot is free, the deadline passes or the server is stopping
     */
    public Optional<Minibrot> find(BigDecimal re, BigDecimal im, BigDecimal radius, int maxPeriod)
            throws InterruptedException {
        long start = System.nanoTime();
        long work = estimateNanos(bits(radius), maxPeriod);
        switch (gate.enter(work, deadline)) {
            case ADMITTED -> { }
            case FULL -> {
                metrics.rejected("full");
                throw ApiException.unavailable("every render slot is busy (" + gate.running() + " running, "
                        + gate.queued() + " waiting); retry shortly", 1);
            }
            case TIMED_OUT -> {
                metrics.rejected("timeout");
                throw ApiException.unavailable("no render slot freed within the deadline of "
                        + deadline.toMillis() + " ms; retry shortly", 1);
            }
            case CLOSED -> {
                metrics.rejected("closed");
                throw ApiException.unavailable("the server is shutting down", 1);
            }
        }
        // Past the deadline nobody waits for the answer: the search stops at its next step.
        long end = start + deadline.toNanos();
        Cancellation pastDeadline = () -> System.nanoTime() - end >= 0;
        CompletableFuture<Optional<Minibrot>> search;
        try {
            search = CompletableFuture.supplyAsync(() -> {
                try {
                    return Minibrot.find(re, im, radius, maxPeriod, pastDeadline);
                } finally {
                    gate.leave();
                }
            }, executor);
        } catch (RuntimeException e) {
            gate.leave(); // the executor refused the task (closed): the slot was never used
            throw ApiException.unavailable("the server is shutting down", 1);
        }
        long left = deadline.toNanos() - (System.nanoTime() - start);
        try {
            return search.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            throw pastDeadline();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) {
                throw pastDeadline(); // the search saw the deadline before this thread did
            }
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw ApiException.unprocessable("span", "the minibrot finder refused the search: " + refused.getMessage());
            }
            throw new IllegalStateException("minibrot search failed", e.getCause());
        }
    }

    private ApiException pastDeadline() {
        metrics.cancelled("deadline");
        return ApiException.unavailable("the minibrot search did not finish within the deadline of "
                + deadline.toMillis() + " ms; try a smaller max_period or a wider span", 1);
    }

    /** Stops the threads; call after the gate has drained. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
