package dev.mandelbrot.server.limits;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Heap that renders in progress may hold, from the start of a render to the end of its encoding,
 * and that encoded answers hold until they have been written to their clients.
 * {@link RenderGate} bounds how many renders run; this bounds how much memory they, the
 * encodings that follow them and the answers still on their way out hold at once, so a few
 * maximal images cannot exhaust a small heap while many tiles still run side by side.
 *
 * <p>Reservations are first come, first served. One larger than the whole budget is charged the
 * whole budget: it runs, but alone.
 */
public final class MemoryBudget {

    private static final int UNIT = 1024; // permits count KiB, so an int holds up to 2 TiB

    private final long capacity;
    private final Permits free;

    /** @param capacity bytes; at least one KiB */
    public MemoryBudget(long capacity) {
        if (capacity < UNIT || capacity / UNIT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity must be in [1 KiB, 2 TiB]: " + capacity);
        }
        this.capacity = capacity;
        this.free = new Permits((int) (capacity / UNIT));
    }

    /**
     * Takes {@code bytes} of the budget, waiting up to {@code maxWait} for others to give theirs
     * back. On true the caller must {@link #release(long)} the same {@code bytes} exactly once.
     */
    public boolean reserve(long bytes, Duration maxWait) throws InterruptedException {
        return free.tryAcquire(units(bytes), Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Charges {@code bytes} that are on the heap already, such as an answer a client has yet to
     * read: never waits, and may take the budget past its capacity, in which case
     * {@link #reserve} waits until enough is given back. The caller must {@link #giveBack(long)}
     * the same {@code bytes} exactly once.
     */
    public void take(long bytes) {
        free.take(units(bytes));
    }

    /** Gives back what {@link #reserve} took for {@code bytes}. */
    public void release(long bytes) {
        free.release(units(bytes));
    }

    /**
     * Gives back what {@link #take} took for {@code bytes}. Apart from {@link #release(long)}: a
     * reservation may be charged otherwise than bytes taken of the same size.
     */
    public void giveBack(long bytes) {
        free.release(units(bytes));
    }

    /** Bytes reserved now; more than {@link #capacity()} while {@link #take} has overdrawn it. */
    public long reserved() {
        return (capacity / UNIT - free.availablePermits()) * UNIT;
    }

    public long capacity() {
        return capacity;
    }

    private int units(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        return (int) Math.min(capacity / UNIT, (bytes + UNIT - 1) / UNIT);
    }

    /** A fair semaphore whose permits may be taken below zero. */
    private static final class Permits extends Semaphore {
        Permits(int permits) {
            super(permits, true);
        }

        void take(int permits) {
            reducePermits(permits);
        }
    }
}
