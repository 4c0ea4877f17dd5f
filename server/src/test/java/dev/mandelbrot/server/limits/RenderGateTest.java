package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RenderGateTest {

    @Test
    void slotsAndQueueAreFilledThenFurtherCallersAreRefusedAtOnce() throws Exception {
        var gate = new RenderGate(1, 1);
        assertThat(gate.enter(Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);

        var queued = new AtomicReference<RenderGate.Outcome>();
        var waiting = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                waiting.countDown();
                queued.set(gate.enter(Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.await();
        while (gate.queued() == 0) {
            Thread.sleep(1);
        }
        long start = System.nanoTime();
        assertThat(gate.enter(Duration.ofSeconds(10))).isEqualTo(RenderGate.Outcome.FULL);
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
        var gate = new RenderGate(1, 5);
        gate.enter(Duration.ZERO);

        assertThat(gate.enter(Duration.ofMillis(20))).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(gate.queued()).isZero();
    }

    @Test
    void aClosedGateAdmitsNobodyButLetsRunningRendersFinish() throws Exception {
        var gate = new RenderGate(2, 0);
        gate.enter(Duration.ZERO);
        gate.close();

        assertThat(gate.enter(Duration.ZERO)).isEqualTo(RenderGate.Outcome.CLOSED);
        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isFalse();
        gate.leave();
        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isTrue();
    }
}
