package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void closingRefusesTheCallersStillQueuedAtOnce() throws Exception {
        var gate = new RenderGate(1, 2, 1_000);
        assertThat(gate.enter(10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);
        List<CompletableFuture<RenderGate.Outcome>> queued = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var outcome = new CompletableFuture<RenderGate.Outcome>();
            Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(gate.enter(10, Duration.ofSeconds(60)));
                } catch (InterruptedException e) {
                    outcome.completeExceptionally(e);
                }
            });
            queued.add(outcome);
        }
        while (gate.queued() < 2) {
            Thread.sleep(1);
        }

        gate.close();

        for (var outcome : queued) {
            // refused while the running render still holds its slot: not admitted once it leaves
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(RenderGate.Outcome.CLOSED);
        }
        assertThat(gate.running()).isEqualTo(1);
        assertThat(gate.queued()).isZero();
        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isFalse();
        gate.leave();
        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
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

    private static final long TILE = RenderGate.SMALL_PIXELS;
    private static final long IMAGE = 512 * 512;

    @Test
    void smallRendersMayTakeOneSpareSlotOthersMayNot() throws Exception {
        var gate = new RenderGate(2, 8, 1L << 40);
        for (int i = 0; i < 3; i++) {
            assertThat(gate.enter(TILE, 10, Duration.ZERO)).as("tile %d", i).isEqualTo(RenderGate.Outcome.ADMITTED);
        }
        assertThat(gate.running()).isEqualTo(3);
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        for (int i = 0; i < 3; i++) {
            gate.leave(TILE);
        }

        assertThat(gate.enter(IMAGE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.enter(10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED); // not an image: large
        assertThat(gate.enter(IMAGE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        gate.leave();

        // with a large render running, small ones fill the slots but get no spare
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(gate.running()).isEqualTo(2);
        gate.leave(IMAGE);
        gate.leave(TILE);
        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);
    }

    @Test
    void aWaitingLargeRenderIsNotOvertakenBySmallOnes() throws Exception {
        var gate = new RenderGate(2, 8, 1L << 40);
        for (int i = 0; i < 3; i++) {
            gate.enter(TILE, 10, Duration.ZERO);
        }
        var large = new AtomicReference<RenderGate.Outcome>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                large.set(gate.enter(IMAGE, 10, Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (gate.queued() == 0) {
            Thread.sleep(1);
        }
        gate.leave(TILE); // room for a tile, not yet for the image: the tile must not jump the queue
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(large.get()).isNull();

        gate.leave(TILE);
        waiter.join();
        assertThat(large.get()).isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.running()).isEqualTo(2);
    }

    @Test
    void aPausedRenderLetsOthersRunKeepsItsPlaceInTheQueueAndQueuesToResume() throws Exception {
        var gate = new RenderGate(1, 1, 1L << 40);
        assertThat(gate.enter(IMAGE, 10, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);

        gate.pause(IMAGE);
        assertThat(gate.running()).isZero();
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).as("its slot").isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.enter(TILE, 10, Duration.ZERO)).as("its place in the queue, still taken")
                .isEqualTo(RenderGate.Outcome.FULL);

        var resumed = new CompletableFuture<RenderGate.Outcome>();
        Thread.ofVirtual().start(() -> {
            try {
                resumed.complete(gate.resume(IMAGE, 10, Duration.ofSeconds(60)));
            } catch (InterruptedException e) {
                resumed.completeExceptionally(e);
            }
        });
        while (gate.queued() == 0) {
            Thread.sleep(1);
        }
        assertThat(gate.queuedWork()).isEqualTo(10);
        assertThat(resumed).as("waits for the tile").isNotDone();
        gate.leave(TILE);
        assertThat(resumed.get(10, TimeUnit.SECONDS)).isEqualTo(RenderGate.Outcome.ADMITTED);
        assertThat(gate.running()).isEqualTo(1);
        gate.leave(IMAGE);
        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void aPausedRenderThatTimesOutIsRefusedOrAbandonedOwnsNothing() throws Exception {
        var gate = new RenderGate(1, 1, 1L << 40);
        gate.enter(IMAGE, 10, Duration.ZERO);
        gate.pause(IMAGE);
        gate.abandon();
        assertThat(gate.awaitIdle(Duration.ZERO)).as("abandoned").isTrue();

        gate.enter(IMAGE, 10, Duration.ZERO);
        gate.pause(IMAGE);
        gate.enter(TILE, 10, Duration.ZERO);
        assertThat(gate.resume(IMAGE, 10, Duration.ofMillis(20))).isEqualTo(RenderGate.Outcome.TIMED_OUT);
        assertThat(gate.queuedWork()).isZero();
        gate.leave(TILE);
        assertThat(gate.awaitIdle(Duration.ZERO)).as("timed out").isTrue();

        gate.enter(IMAGE, 10, Duration.ZERO);
        gate.pause(IMAGE);
        gate.close();
        assertThat(gate.resume(IMAGE, 10, Duration.ofSeconds(60))).isEqualTo(RenderGate.Outcome.CLOSED);
        assertThat(gate.awaitIdle(Duration.ZERO)).as("refused on shutdown").isTrue();
    }
}
