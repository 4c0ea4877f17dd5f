package dev.mandelbrot.server.limits;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for renders: at most {@code slots} run at once, or {@code slots + 1} while
 * all of them are small (at most {@link #SMALL_PIXELS}); at most {@code queue} more wait, and
 * the work they carry (pixels x iterations) stays within {@code queueWork}. A request beyond
 * that is refused at once ({@link Outcome#FULL}), so overload turns into fast 503s instead of a
 * pile of threads each holding a socket and a few MiB of pixels. Bounding the queue by work as
 * well as by count lets many cheap tiles wait while only a couple of huge images can.
 *
 * <p>Rendering is CPU-bound and the renderer already spreads one image over every core, so more
 * concurrent renders than cores only adds latency and memory; the queue absorbs short bursts.
 * The one spare place for small renders is there for the hand-off: a map tile is a single task
 * on the renderer's pool, and with one render per core, a worker that finished one sat idle
 * while the next admitted request woke up and submitted its render (two thread wake-ups, tens
 * of microseconds on a virtual machine, for renders of about 1 ms: the tile walk left 4-6% of
 * the CPU idle). With a spare render waiting in the pool the worker takes it at once: on the
 * tile walk at 64 connections on two cores, alternating with one render per core, 2.3% more
 * requests a second in the median of 19 pairs, more in 12 of them (docs/BENCHMARKS.md): small,
 * about the idle time removed. Large renders do not get it: in the overload test (512 x 512
 * views) a third one in flight raised the peak RSS from 221-229 to 231-245 MiB and slowed
 * {@code /health} (mean 6-7 ms to 10-12 ms).
 *
 * <p>Implemented as one fair semaphore of {@code slots (slots + 1)} permits, of which a small
 * render takes {@code slots} and any other {@code slots + 1}: fair, so neither kind overtakes
 * the other in the queue.
 */
public final class RenderGate {

    /** What {@link #enter(long, long, Duration)} decided. */
    public enum Outcome { ADMITTED, FULL, TIMED_OUT, CLOSED }

    /** Renders of at most this many pixels (a 256 x 256 map tile) may take the spare place. */
    public static final long SMALL_PIXELS = 256 * 256;

    private final int slots;
    private final int queue;
    private final long queueWork;
    private final Semaphore running;
    private final AtomicInteger active = new AtomicInteger();
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
        this.running = new Semaphore(Math.multiplyExact(slots, slots + 1), true);
    }

    /** Permits a render of {@code pixels} takes from {@link #running}. */
    private int permits(long pixels) {
        return pixels <= SMALL_PIXELS ? slots : slots + 1;
    }

    /**
     * {@link #enter(long, long, Duration)} for a render that is not small (such as a minibrot
     * search); {@link #leave()} gives its slot back.
     */
    public Outcome enter(long work, Duration maxWait) throws InterruptedException {
        return enter(Long.MAX_VALUE, work, maxWait);
    }

    /**
     * Takes a free slot at once for a render of {@code pixels} and {@code work}, or waits up to
     * {@code maxWait} for one if the queue has room for it. On {@link Outcome#ADMITTED} the
     * caller owns a slot and must call {@link #leave(long)} with the same {@code pixels} exactly
     * once; on any other outcome it owns nothing.
     */
    public Outcome enter(long pixels, long work, Duration maxWait) throws InterruptedException {
        int permits = permits(pixels);
        if (closed) {
            return Outcome.CLOSED;
        }
        if (admitted.incrementAndGet() > slots + queue) {
            admitted.decrementAndGet();
            return Outcome.FULL;
        }
        // The timed form with zero wait honours fairness: it does not overtake renders already queued.
        if (running.tryAcquire(permits, 0, TimeUnit.NANOSECONDS)) {
            return acquired(permits);
        }
        // Full by work only while no slot is free. A slot just left is handed to the oldest
        // waiter, whose work still counts here until it has woken up: without this, a client
        // keeping exactly slots + queue renders in flight was refused now and then in that
        // instant (the explorer's deep tiles, ExplorerBrowserTest).
        if (waitingWork.addAndGet(work) > queueWork && running.availablePermits() < permits) {
            waitingWork.addAndGet(-work);
            admitted.decrementAndGet();
            return Outcome.FULL;
        }
        return queueFor(permits, work, maxWait) ? acquired(permits) : Outcome.TIMED_OUT;
    }

    /**
     * Waits in the queue up to {@code maxWait} for {@code permits}, its {@code work} already
     * counted in {@link #waitingWork}; true if they came. If they did not, or the wait was
     * interrupted, the caller's place among the admitted goes back too.
     */
    private boolean queueFor(int permits, long work, Duration maxWait) throws InterruptedException {
        waiting.incrementAndGet();
        boolean acquired = false;
        try {
            acquired = running.tryAcquire(permits, Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
            waitingWork.addAndGet(-work);
            if (!acquired) {
                admitted.decrementAndGet();
            }
        }
        return acquired;
    }

    /**
     * Admits a caller that has just acquired its permits, unless the gate has closed meanwhile
     * (it may have waited in the queue for seconds): then they go straight back, which lets the
     * next caller in the queue wake up and be refused too.
     */
    private Outcome acquired(int permits) {
        if (closed) {
            running.release(permits);
            admitted.decrementAndGet();
            return Outcome.CLOSED;
        }
        active.incrementAndGet();
        return Outcome.ADMITTED;
    }

    /**
     * Gives back the slot of a render of {@code pixels} admitted by
     * {@link #enter(long, long, Duration)} that must wait for something other than a core (room
     * in the memory budget) before it can run, so that others run meanwhile; it keeps its place
     * among the admitted, so waiting for memory does not let more requests in than the queue
     * holds. The caller must then call {@link #resume} or {@link #abandon()} exactly once.
     */
    public void pause(long pixels) {
        active.decrementAndGet();
        running.release(permits(pixels));
    }

    /**
     * Takes a slot again for a render of {@code pixels} and {@code work} that {@link #pause}d,
     * waiting up to {@code maxWait} behind the renders queued meanwhile. On
     * {@link Outcome#ADMITTED} the caller owns a slot again, as after {@link #enter}; on any
     * other outcome, or when interrupted, it owns nothing any more.
     */
    public Outcome resume(long pixels, long work, Duration maxWait) throws InterruptedException {
        int permits = permits(pixels);
        if (closed) {
            admitted.decrementAndGet();
            return Outcome.CLOSED;
        }
        waitingWork.addAndGet(work);
        return queueFor(permits, work, maxWait) ? acquired(permits) : closed ? Outcome.CLOSED : Outcome.TIMED_OUT;
    }

    /** Gives up the place of a render that {@link #pause}d and will not run after all. */
    public void abandon() {
        admitted.decrementAndGet();
    }

    /** Gives back the slot of a render admitted by {@link #enter(long, Duration)}. */
    public void leave() {
        leave(Long.MAX_VALUE);
    }

    /** Gives back the slot of a render of {@code pixels} admitted by {@link #enter(long, long, Duration)}. */
    public void leave(long pixels) {
        active.decrementAndGet();
        running.release(permits(pixels));
        admitted.decrementAndGet();
    }

    /**
     * Refuses every later {@link #enter} and the callers still waiting in the queue, at once;
     * renders already admitted carry on.
     */
    public void close() {
        closed = true;
        // Wakes the oldest waiter whatever it needs; refused, it gives them back to the next one
        // (see acquired). Nobody is admitted any more, so the count no longer has to add up.
        running.release(slots + 1);
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
    public int running() { return active.get(); }

    /** Renders that may run at once ({@code slots + 1} if all are small). */
    public int slots() { return slots; }

    public int queueCapacity() { return queue; }

    /** Work (pixels x iterations) of the renders waiting now. */
    public long queuedWork() { return waitingWork.get(); }
}
