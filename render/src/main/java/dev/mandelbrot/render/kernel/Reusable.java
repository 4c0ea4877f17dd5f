package dev.mandelbrot.render.kernel;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Internal, not API. A few instances of a kernel's scratch state, shared by whichever threads
 * render: {@link #take} one, use it alone, {@link #give} it back.
 *
 * <p>Not a {@link ThreadLocal}: a kernel may be called from any thread, and on virtual threads
 * (one per request in a server) a thread-local would build a fresh scratch (some 200 KB of
 * arrays) for every caller and drop it. Taking and giving back
 * are a scan and a compare-and-set over a fixed array: no allocation, so a compiled render still
 * allocates nothing but its result ({@code VectorKernelTest}).
 */
final class Reusable<T> {

    /** More than the threads that render at once in practice; beyond that, extras are dropped. */
    private static final int KEPT = 16;

    private final AtomicReferenceArray<T> kept = new AtomicReferenceArray<>(KEPT);
    private final Supplier<T> factory;

    Reusable(Supplier<T> factory) {
        this.factory = factory;
    }

    /** One for the caller's exclusive use: a kept one if any, otherwise a new one. */
    T take() {
        for (int i = 0; i < KEPT; i++) {
            T t = kept.get(i);
            if (t != null && kept.compareAndSet(i, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /** Hands {@code t} back once the caller is done with it; dropped when enough are kept. */
    void give(T t) {
        for (int i = 0; i < KEPT; i++) {
            if (kept.get(i) == null && kept.compareAndSet(i, null, t)) {
                return;
            }
        }
    }
}
