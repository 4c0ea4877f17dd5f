package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RenderGateTest {

    @Test
    void slotsAndQueueAreFilledThenFurtherCallersAreRefusedAtOnce() throws Exception {
        var gate = new RenderGate(1, 1, 1_000);
        assertThat(gate.enter(10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);

        var queued = new AtomicReference<RenderGate.Outcome>();
        var waiting = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                waiting.countDown();
                queued.set(gate.enter(10, Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.await();
        while (gate.queued() == 0) {
            Thread.sleep(1);
        }
        long start = System.nanoTime();
        assertThat(gate.enter(10, Duration.ofSeconds(10))).isEqualTo(RenderGate.Outcome.FULL);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));

        gate.leave();
        waiter.join();
        assertThat(queued.get()).isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.running()).isEqualTo(1);
        gate.leave();
        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void aQueuedCallerGivesUpWhenItsWaitRunsOut() throws Exception {
        var gate = new RenderGate(1, 5, 1_000);
        gate.enter(10, Duration.ZERO);

        assertThat(gate.enter(10, Duration.ofMillis(20))).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(gate.queued()).isZero();
    }

    @Test
    void aClosedGateAdmitsNobodyButLetsRunningRendersFinish() throws Exception {
        var gate = new RenderGate(2, 0, 1_000);
        gate.enter(10, Duration.ZERO);
        gate.close();

        assertThat(gate.enter(10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.CLOSED);
        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isFalse();
        gate.leave();
        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isTrue();
    }

    @Test
    void theQueueAlsoRefusesRendersWhoseWorkWouldOverflowIt() throws Exception {
        var gate = new RenderGate(1, 100, 1_000);
        gate.enter(5_000, Duration.ZERO); // a free slot takes any render that passed the limits

        var waiter = Thread.ofVirtual().start(() -> {
            try {
                gate.enter(600, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (gate.queuedWork() != 600) {
            Thread.sleep(1);
        }
        assertThat(gate.enter(500, Duration.ofSeconds(10))).isEqualTo(RenderGate.Outcome.FULL);
        assertThat(gate.queuedWork()).isEqualTo(600);

        gate.leave();
        waiter.join();
        assertThat(gate.queuedWork()).isZero();
    }
}
