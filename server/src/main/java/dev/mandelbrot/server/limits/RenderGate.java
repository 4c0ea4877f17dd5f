package dev.mandelbrot.server.limits;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for renders: at most {@code slots} run at once; at most {@code queue} more
 * wait, and the work they carry (pixels x iterations) stays within {@code queueWork}. A request
 * beyond that is refused at once ({@link Outcome#FULL}), so overload turns into fast 503s
 * instead of a pile of threads each holding a socket and a few MiB of pixels. Bounding the queue
 * by work as well as by count lets many cheap tiles wait while only a couple of huge images can.
 *
 * <p>Rendering is CPU-bound and the renderer already spreads one image over every core, so more
 * concurrent renders than cores only adds latency and memory; the queue absorbs short bursts.
 */
public final class RenderGate {

    /** What {@link #enter(long, Duration)} decided. */
    public enum Outcome { ADMITTED, FULL, TIMED_OUT, CLOSED }

    private final int slots;
    private final int queue;
    private final long queueWork;
    private final Semaphore running;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waitingWork = new AtomicLong();
    private volatile boolean closed;

    public RenderGate(int slots, int queue, long queueWork) {
        if (slots < 1 || queue < 0 || queueWork < 0) {
            throw new IllegalArgumentException("slots must be >= 1, queue and queueWork >= 0: "
                    + slots + ", " + queue + ", " + queueWork);
        }
        this.slots = slots;
        this.queue = queue;
        this.queueWork = queueWork;
        this.running = new Semaphore(slots, true);
    }

    /**
     * Takes a free slot at once, or waits up to {@code maxWait} for one if the queue has room for
     * a render of {@code work}. On {@link Outcome#ADMITTED} the caller owns a slot and must call
     * {@link #leave()} exactly once; on any other outcome it owns nothing.
     */
    public Outcome enter(long work, Duration maxWait) throws InterruptedException {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (admitted.incrementAndGet() > slots + queue) {
            admitted.decrementAndGet();
            return Outcome.FULL;
        }
        // The timed form with zero wait honours fairness: it does not overtake renders already queued.
        if (running.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            return Outcome.ADMITTED;
        }
        // Full by work only while no slot is free. A slot just left is handed to the oldest
        // waiter, whose work still counts here until it has woken up: without this, a client
        // keeping exactly slots + queue renders in flight was refused now and then in that
        // instant (the explorer's deep tiles, ExplorerBrowserTest).
        if (waitingWork.addAndGet(work) > queueWork && running.availablePermits() == 0) {
            waitingWork.addAndGet(-work);
            admitted.decrementAndGet();
            return Outcome.FULL;
        }
        waiting.incrementAndGet();
        boolean acquired = false;
        try {
            acquired = running.tryAcquire(Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
            waitingWork.addAndGet(-work);
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

    /** Work (pixels x iterations) of the renders waiting now. */
    public long queuedWork() { return waitingWork.get(); }
}
