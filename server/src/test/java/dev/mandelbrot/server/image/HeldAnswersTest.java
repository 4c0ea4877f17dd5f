package dev.mandelbrot.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.limits.MemoryBudget;
import org.junit.jupiter.api.Test;

class HeldAnswersTest {

    private final MemoryBudget memory = new MemoryBudget(4 << 20);
    private final HeldAnswers held = new HeldAnswers(memory);

    @Test
    void anArrayIsChargedOnceWhileTheCacheDoesNotHoldItAndUntilItsLastDownloadEnds() {
        byte[] bytes = new byte[1 << 20];
        var first = held.hold(bytes);
        var second = held.hold(bytes);
        assertThat(memory.reserved()).as("in the cache: counted there").isZero();

        held.uncached(bytes);
        held.uncached(bytes);
        assertThat(memory.reserved()).isEqualTo(1 << 20);
        first.release();
        first.release();
        assertThat(memory.reserved()).as("the second download goes on").isEqualTo(1 << 20);
        second.release();
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void anArrayNobodyDownloadsIsNeverCharged() {
        byte[] bytes = new byte[1 << 20];
        held.hold(bytes).release();

        held.uncached(bytes);
        assertThat(memory.reserved()).isZero();
    }
}
