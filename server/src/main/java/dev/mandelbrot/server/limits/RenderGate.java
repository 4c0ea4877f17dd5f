package dev.mandelbrot.server.limits;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control for renders: at most {@code slots} run at once and at most {@code queue}
 * more wait. A request beyond that is refused at once ({@link Outcome#FULL}), so overload turns
 * into fast 503s instead of a pile of threads each holding a socket and a few MiB of pixels.
 *
 * <p>Rendering is CPU-bound and the renderer already spreads one image over every core, so more
 * concurrent renders than cores only adds latency and memory; the queue absorbs short bursts.
 */
public final class RenderGate {

    /** What {@link #enter(Duration)} decided. */
    public enum Outcome { ADMITTED, FULL, TIMED_OUT, CLOSED }

    private final int slots;
    private final int queue;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    public RenderGate(int slots, int queue) {
        if (slots < 1 || queue < 0) {
            throw new IllegalArgumentException("slots must be >= 1 and queue >= 0: " + slots + ", " + queue);
        }
        this.slots = slots;
        this.queue = queue;
        this.running = new Semaphore(slots, true);
    }

    /**
     * Waits up to {@code maxWait} for a slot. On {@link Outcome#ADMITTED} the caller owns a slot
     * and must call {@link #leave()} exactly once; on any other outcome it owns nothing.
     */
    public Outcome enter(Duration maxWait) throws InterruptedException {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (admitted.incrementAndGet() > slots + queue) {
            admitted.decrementAndGet();
            return Outcome.FULL;
        }
        waiting.incrementAndGet();
        boolean acquired = false;
        try {
            acquired = running.tryAcquire(Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
            if (!acquired) {
                admitted.decrementAndGet();
            }
        }
        return acquired ? Outcome.ADMITTED : Outcome.TIMED_OUT;
    }

    /** Gives back the slot of an admitted render. */
    public void leave() {
        running.release();
        admitted.decrementAndGet();
    }

    /** Refuses every later {@link #enter}; renders already admitted carry on. */
    public void close() {
        closed = true;
    }

    /**
     * Waits until every admitted render has left, up to {@code timeout}.
     *
     * @return true if none is left
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (admitted.get() > 0) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Renders waiting for a slot. */
    public int queued() { return waiting.get(); }

    /** Renders running now. */
    public int running() { return slots - running.availablePermits(); }

    public int slots() { return slots; }

    public int queueCapacity() { return queue; }
}
