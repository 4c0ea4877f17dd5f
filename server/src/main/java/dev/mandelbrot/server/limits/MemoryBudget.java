package dev.mandelbrot.server.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Heap that renders in progress may hold, from the start of a render to the end of its encoding,
 * and that encoded answers hold until they have been written to their clients.
 * {@link RenderGate} bounds how many renders run; this bounds how much memory they, the
 * encodings that follow them and the answers still on their way out hold at once, so a few
 * maximal images cannot exhaust a small heap while many tiles still run side by side.
 *
 * <p>Reservations of at most a <em>small room</em>, an eighth of the capacity (six 256 x 256
 * map tiles in the default 38 MiB), are small; others are large. The policy:
 * <ul>
 * <li>A small reservation is granted as soon as it fits in what is free, even while a large one
 *     waits, except that while a large one waits, small reservations may not hold more than
 *     the small room between them. Before, reservations were served first come, first served:
 *     a large render waiting for an answer a slow client was still downloading held every map
 *     tile behind it, with most of the budget free, until its deadline.
 * <li>A large reservation is charged at most the capacity less the small room, so that tiles
 *     can always run beside the largest render; one larger than that runs alone but for small
 *     ones. Large reservations are granted first come, first served among themselves, so that
 *     smaller large ones do not starve the largest.
 * </ul>
 * A large one that waits is not starved by a stream of small ones: while it waits they hold at
 * most the small room, and it is charged at most the rest. Small ones are granted in no
 * particular order: they are alike in size and wait only while the budget is full.
 *
 * <p>Bytes already on the heap ({@link #take}) are charged at once, past the capacity if need
 * be; reservations then wait until enough is given back.
 */
public final class MemoryBudget {

    private static final int UNIT = 1024; // counts KiB, as a reservation that was a semaphore's permits did

    private final long capacity;
    private final long units;
    private final long smallRoom;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever something is given back or a large waiter leaves the queue. */
    private final Condition changed = lock.newCondition();
    /** Large reservations waiting, oldest first; only the first may be granted. */
    private final ArrayDeque<Object> largeWaiting = new ArrayDeque<>();
    private long used;      // KiB reserved or taken; above units while take has overdrawn. Guarded by lock.
    private long smallUsed; // KiB of small reservations, included in used. Guarded by lock.
    private int waiters;    // small reservations in reserve. Guarded by lock.
    private boolean closed; // no more waiting (close). Guarded by lock.

    /** @param capacity bytes; at least one KiB */
    public MemoryBudget(long capacity) {
        if (capacity < UNIT) {
            throw new IllegalArgumentException("capacity must be at least 1 KiB: " + capacity);
        }
        this.capacity = capacity;
        this.units = capacity / UNIT;
        this.smallRoom = units / 8;
    }

    /**
     * Takes {@code bytes} of the budget, waiting up to {@code maxWait} for others to give theirs
     * back (see the class comment for the order). On true the caller must {@link #release(long)}
     * the same {@code bytes} exactly once; on false, or when interrupted, it holds nothing. After
     * {@link #close()} it is granted only if it fits at once.
     */
    public boolean reserve(long bytes, Duration maxWait) throws InterruptedException {
        long size = units(bytes);
        long nanos = Math.max(0, maxWait.toNanos());
        lock.lockInterruptibly();
        try {
            if (size <= smallRoom) {
                waiters++; // seen by waiting() only while awaiting: the lock is held otherwise
                try {
                    while (!smallFits(size)) {
                        if (nanos <= 0 || closed) {
                            return false;
                        }
                        nanos = changed.awaitNanos(nanos);
                    }
                } finally {
                    waiters--;
                }
                smallUsed += size;
                used += size;
                return true;
            }
            long charge = largeCharge(size);
            Object me = new Object();
            largeWaiting.addLast(me);
            try {
                while (largeWaiting.peekFirst() != me || used + charge > units) {
                    if (nanos <= 0 || closed) {
                        return false;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
                used += charge;
                return true;
            } finally {
                // granted, timed out or interrupted: the next large one is first now, and small
                // ones may have more room
                largeWaiting.remove(me);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean smallFits(long size) {
        return used + size <= units && (largeWaiting.isEmpty() || smallUsed + size <= smallRoom);
    }

    private long largeCharge(long size) {
        return Math.min(size, units - smallRoom);
    }

    /**
     * For a server that is stopping: reservations still waiting return false at once, and later
     * ones that would have to wait return false without waiting. Reservations that fit at once
     * are still granted, so renders already admitted carry on; giving back works as before.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back what {@link #reserve} took for {@code bytes}. */
    public void release(long bytes) {
        long size = units(bytes);
        lock.lock();
        try {
            if (size <= smallRoom) {
                check(smallUsed >= size, bytes);
                smallUsed -= size;
                giveBackUnits(size, bytes);
            } else {
                giveBackUnits(largeCharge(size), bytes);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Charges {@code bytes} that are on the heap already, such as an answer a client has yet to
     * read: never waits, and may take the budget past its capacity, in which case
     * {@link #reserve} waits until enough is given back. The caller must {@link #giveBack(long)}
     * the same {@code bytes} exactly once.
     */
    public void take(long bytes) {
        long size = Math.min(units, units(bytes));
        lock.lock();
        try {
            used += size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back what {@link #take} took for {@code bytes}. Apart from {@link #release(long)}: a
     * reservation may be charged otherwise than bytes taken of the same size.
     */
    public void giveBack(long bytes) {
        long size = Math.min(units, units(bytes));
        lock.lock();
        try {
            giveBackUnits(size, bytes);
        } finally {
            lock.unlock();
        }
    }

    private void giveBackUnits(long size, long bytes) {
        check(used >= size, bytes);
        used -= size;
        changed.signalAll();
    }

    private static void check(boolean enoughHeld, long bytes) {
        if (!enoughHeld) {
            throw new IllegalStateException("gives back " + bytes + " bytes that were not held");
        }
    }

    /** Bytes reserved now; more than {@link #capacity()} while {@link #take} has overdrawn it. */
    public long reserved() {
        lock.lock();
        try {
            return used * UNIT;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reservations waiting for room now (the large ones in their queue, and small ones); a
     * reservation granted at once, or refused without waiting, is never counted.
     */
    public int waiting() {
        lock.lock();
        try {
            return waiters + largeWaiting.size();
        } finally {
            lock.unlock();
        }
    }

    public long capacity() {
        return capacity;
    }

    /** {@code bytes} in whole KiB. */
    private static long units(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        return bytes / UNIT + (bytes % UNIT == 0 ? 0 : 1);
    }
}
