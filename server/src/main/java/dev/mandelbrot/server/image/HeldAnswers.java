package dev.mandelbrot.server.image;

import dev.mandelbrot.server.limits.MemoryBudget;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Encoded answers that clients are still downloading, charged to the {@link MemoryBudget} until
 * the last download of each has ended. An answer stays on the heap for as long as its client
 * takes to read it (a stalled client: until Jetty's idle timeout), so a render that gave all its
 * reservation back once encoded let the next large render "run alone" in an empty budget beside
 * those bytes, and run out of heap.
 *
 * <p>Each array is charged once, however many clients download it at once (a shared render, a
 * popular image), and only while the image cache does not hold it: the cache's bytes are bounded
 * by {@code CACHE_BYTES}, which the default budget leaves out, so counting them again would make
 * renders wait for memory that is accounted for. The cache tells {@link #uncached} when it drops
 * an array. A charge never waits (the bytes exist already): the budget may go over its capacity,
 * and renders then wait until it is back under.
 */
final class HeldAnswers {

    private final MemoryBudget memory;
    /** By array identity: downloads under way, and whether the budget is charged. Guarded by this. */
    private final Map<byte[], Downloads> held = new IdentityHashMap<>();

    private static final class Downloads {
        int count;
        boolean charged;
    }

    HeldAnswers(MemoryBudget memory) {
        this.memory = memory;
    }

    /**
     * Starts a download of {@code bytes}, not charged until {@link #uncached} says the cache does
     * not hold them; {@link Hold#release()} ends it.
     */
    synchronized Hold hold(byte[] bytes) {
        held.computeIfAbsent(bytes, b -> new Downloads()).count++;
        return new Hold(bytes);
    }

    /** The cache does not hold {@code bytes} (any more): charges them while they are downloaded. */
    synchronized void uncached(byte[] bytes) {
        Downloads downloads = held.get(bytes);
        if (downloads != null && !downloads.charged) {
            downloads.charged = true;
            memory.take(bytes.length);
        }
    }

    private synchronized void end(byte[] bytes) {
        Downloads downloads = held.get(bytes);
        if (--downloads.count == 0) {
            held.remove(bytes);
            if (downloads.charged) {
                memory.giveBack(bytes.length);
            }
        }
    }

    /** One download of an answer; released exactly once, however often {@link #release()} is called. */
    final class Hold {
        private final byte[] bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Hold(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Ends the download: its writing has finished, failed or been given up. */
        void release() {
            if (released.compareAndSet(false, true)) {
                end(bytes);
            }
        }
    }
}
