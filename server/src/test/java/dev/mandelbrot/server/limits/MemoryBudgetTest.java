package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MIB = 1 << 20;
    /** What a 256 x 256 PNG map tile reserves. */
    private static final long TILE = 256 * 256 * 12;

    @Test
    void reservationsShareTheBudgetAndWaitForRoom() throws Exception {
        var budget = new MemoryBudget(10 << 20);
        assertThat(budget.reserve(6 << 20, Duration.ZERO)).isTrue();
        assertThat(budget.reserve(3 << 20, Duration.ZERO)).isTrue();
        assertThat(budget.reserved()).isEqualTo(9 << 20);

        assertThat(budget.reserve(2 << 20, Duration.ofMillis(20))).as("over the budget").isFalse();
        var got = new AtomicBoolean();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                got.set(budget.reserve(2 << 20, Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        budget.release(6 << 20);
        waiter.join();
        assertThat(got).isTrue();
        assertThat(budget.reserved()).isEqualTo(5 << 20);
    }

    @Test
    void closingWakesTheWaitingAndStillGrantsWhatFitsAtOnce() throws Exception {
        var budget = new MemoryBudget(32 * MIB);
        budget.take(30 * MIB); // answers still being written
        CompletableFuture<Boolean> large = waitFor(budget, 100 * MIB);
        CompletableFuture<Boolean> small = waitFor(budget, 3 * MIB);
        assertThatThrownBy(() -> large.get(200, TimeUnit.MILLISECONDS)).as("waits for room")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);

        budget.close();
        assertThat(large.get(2, TimeUnit.SECONDS)).as("the large one, woken and refused").isFalse();
        assertThat(small.get(2, TimeUnit.SECONDS)).as("the small one, woken and refused").isFalse();
        assertThat(budget.closed()).isTrue();
        assertThat(budget.waiting()).isZero();
        long start = System.nanoTime();
        assertThat(budget.reserve(3 * MIB, Duration.ofSeconds(10))).as("one that must wait, refused at once").isFalse();
        assertThat(System.nanoTime() - start).as("without waiting").isLessThan(Duration.ofSeconds(2).toNanos());
        assertThat(budget.reserve(TILE, Duration.ofSeconds(10))).as("an admitted render's tile that fits carries on")
                .isTrue();
        budget.release(TILE);
        budget.giveBack(30 * MIB);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aLargeReservationIsChargedAtMostAllButTheSmallRoomSoSmallOnesStillFitBesideIt() throws Exception {
        var budget = new MemoryBudget(8 * MIB); // small room: 1 MiB

        assertThat(budget.reserve(100 * MIB, Duration.ZERO)).isTrue();
        assertThat(budget.reserved()).isEqualTo(7 * MIB);
        assertThat(budget.reserve(1 * MIB, Duration.ZERO)).as("a small one beside it").isTrue();
        assertThat(budget.reserve(1, Duration.ZERO)).as("nothing more").isFalse();
        budget.release(100 * MIB);
        budget.release(1 * MIB);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aSmallReservationThatFitsIsNotHeldBehindALargeOneWaitingForRoom() throws Exception {
        var budget = new MemoryBudget(32 * MIB); // small room: 4 MiB, five tiles
        budget.take(17 * MIB); // an answer a slow client is still downloading
        CompletableFuture<Boolean> large = waitFor(budget, 100 * MIB); // charged 28 MiB: waits for the answer

        for (int i = 0; i < 5; i++) {
            assertThat(budget.reserve(TILE, Duration.ZERO)).as("tile %d, at once", i).isTrue();
        }
        assertThat(budget.reserve(TILE, Duration.ZERO)).as("a sixth: past the small room while a large one waits")
                .isFalse();
        assertThat(large).isNotDone();

        budget.giveBack(17 * MIB);
        assertThat(large.get(10, TimeUnit.SECONDS)).as("granted beside the five tiles").isTrue();
        assertThat(budget.reserved()).isEqualTo(28 * MIB + 5 * 768 * 1024);
    }

    @Test
    void smallReservationsArrivingAllTheTimeDoNotStarveALargeOne() throws Exception {
        var budget = new MemoryBudget(32 * MIB);
        int tiles = 0;
        while (budget.reserve(TILE, Duration.ZERO)) { // nothing large waits: tiles may fill the budget
            tiles++;
        }
        assertThat(tiles).isEqualTo(42);
        CompletableFuture<Boolean> large = waitFor(budget, 24 * MIB);

        // a tile ends and another arrives, for as long as the large one waits
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!large.isDone()) {
            assertThat(System.nanoTime()).as("the large one granted within 10 s").isLessThan(end);
            if (tiles > 0) {
                budget.release(TILE);
                tiles--;
            }
            if (budget.reserve(TILE, Duration.ZERO)) {
                tiles++;
            }
            Thread.sleep(1);
        }
        assertThat(large.get()).isTrue();
        assertThat(budget.reserved()).isEqualTo(24 * MIB + tiles * 768 * 1024);
    }

    @Test
    void largeReservationsAreGrantedFirstComeFirstServed() throws Exception {
        var budget = new MemoryBudget(32 * MIB);
        budget.take(25 * MIB);
        budget.take(3 * MIB);
        CompletableFuture<Boolean> first = waitFor(budget, 8 * MIB);

        budget.giveBack(3 * MIB); // 7 MiB free: not enough for the first, enough for a later one of 5
        assertThat(budget.reserve(5 * MIB, Duration.ZERO)).as("may not overtake the first").isFalse();
        assertThat(budget.reserve(5 * MIB, Duration.ofMillis(20))).as("nor by waiting").isFalse();
        assertThat(first).isNotDone();

        budget.giveBack(25 * MIB);
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(budget.reserve(5 * MIB, Duration.ZERO)).isTrue();
    }

    @Test
    void aLargeOneThatStopsWaitingLetsTheOthersThrough() throws Exception {
        var budget = new MemoryBudget(32 * MIB);
        budget.take(28 * MIB);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                budget.reserve(8 * MIB, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitWaiting(waiter);

        waiter.interrupt();
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        budget.giveBack(28 * MIB);
        assertThat(budget.reserve(5 * MIB, Duration.ZERO)).as("neither left a place in the queue").isTrue();
        for (int i = 0; i < 32; i++) {
            assertThat(budget.reserve(TILE, Duration.ZERO)).as("no large one waits: tile %d", i).isTrue();
        }
        assertThat(budget.reserved()).isEqualTo(5 * MIB + 32 * 768 * 1024);
    }

    @Test
    void bytesAlreadyOnTheHeapAreTakenWithoutWaitingAndMakeReservationsWait() throws Exception {
        var budget = new MemoryBudget(4 << 20);
        assertThat(budget.reserve(3 << 20, Duration.ZERO)).isTrue();

        budget.take(2 << 20);
        assertThat(budget.reserved()).as("over the capacity").isEqualTo(5 << 20);
        budget.release(3 << 20);
        assertThat(budget.reserve(3 << 20, Duration.ofMillis(20))).as("waits for the taken bytes").isFalse();
        budget.giveBack(2 << 20);
        assertThat(budget.reserve(3 << 20, Duration.ZERO)).isTrue();
    }

    @Test
    void partsOfAKibibyteCountAsAWholeOne() throws Exception {
        var budget = new MemoryBudget(4096);
        assertThat(budget.reserve(1, Duration.ZERO)).isTrue();

        assertThat(budget.reserved()).isEqualTo(1024);
        assertThatThrownBy(() -> budget.reserve(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryBudget(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givingBackWhatWasNotHeldFails() {
        var budget = new MemoryBudget(8 * MIB);
        budget.take(2 * MIB);

        assertThatThrownBy(() -> budget.release(TILE)).as("a small reservation never made")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> budget.giveBack(3 * MIB)).isInstanceOf(IllegalStateException.class);
        assertThat(budget.reserved()).isEqualTo(2 * MIB);
    }

    @Test
    void waitingCountsTheReservationsWaitingForRoomAndNoOthers() throws Exception {
        var budget = new MemoryBudget(32 * MIB);
        assertThat(budget.reserve(TILE, Duration.ZERO)).isTrue();
        assertThat(budget.waiting()).as("granted at once").isZero();
        budget.take(31 * MIB); // 0.25 MiB left: less than a tile
        assertThat(budget.reserve(TILE, Duration.ZERO)).as("refused without waiting").isFalse();
        assertThat(budget.waiting()).isZero();

        CompletableFuture<Boolean> large = waitFor(budget, 100 * MIB);
        assertThat(budget.waiting()).isEqualTo(1);
        CompletableFuture<Boolean> small = waitFor(budget, TILE);
        assertThat(budget.waiting()).isEqualTo(2);

        budget.giveBack(31 * MIB);
        assertThat(large.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(small.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(budget.waiting()).isZero();
    }

    /** Starts a reservation of {@code bytes} with a long wait; returns once it waits. */
    private static CompletableFuture<Boolean> waitFor(MemoryBudget budget, long bytes) throws InterruptedException {
        var granted = new CompletableFuture<Boolean>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                granted.complete(budget.reserve(bytes, Duration.ofSeconds(60)));
            } catch (InterruptedException e) {
                granted.completeExceptionally(e);
            }
        });
        awaitWaiting(waiter);
        assertThat(granted).as("waits").isNotDone();
        return granted;
    }

    /** Waits until {@code thread} is parked in a timed wait, which in these tests is a reservation's. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(thread.isAlive()).as("still waiting").isTrue();
            assertThat(System.nanoTime()).as("waiting within 10 s").isLessThan(end);
            Thread.sleep(1);
        }
    }
}
