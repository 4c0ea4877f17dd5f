package dev.mandelbrot.render;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Heap bytes a call allocates on the calling thread once the JIT has compiled it: how the tests
 * see that Vector API code really runs as SIMD instructions. Where C2 cannot turn an operation
 * into an instruction (a double-to-long conversion on AVX2, a species wider than the CPU's), the
 * Vector API runs it as plain Java on boxed vectors, allocating on every call; compiled to
 * instructions, the same code allocates nothing. Counting bytes rather than timing keeps the test
 * independent of how busy the machine is.
 */
public final class CompiledAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CompiledAllocation() {}

    /**
     * Calls {@code call} repeatedly until a round of calls allocates nothing or {@code budget} has
     * passed (the JIT compiles in the background, so the first rounds allocate whatever the code);
     * returns the fewest bytes per call seen over a round.
     */
    public static long bytesPerCall(Runnable call, Duration budget) {
        return bytesPerCall(call, budget, 0);
    }

    /**
     * As {@link #bytesPerCall(Runnable, Duration)}, stopping once a round allocates at most
     * {@code expected} bytes per call: for code that allocates a small array of its own.
     */
    public static long bytesPerCall(Runnable call, Duration budget, long expected) {
        long deadline = System.nanoTime() + budget.toNanos();
        long fewest = Long.MAX_VALUE;
        do {
            for (int i = 0; i < 50; i++) {
                call.run();
            }
            int calls = 20;
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            fewest = Math.min(fewest, (THREADS.getCurrentThreadAllocatedBytes() - before) / calls);
        } while (fewest > expected && System.nanoTime() < deadline);
        return fewest;
    }
}
