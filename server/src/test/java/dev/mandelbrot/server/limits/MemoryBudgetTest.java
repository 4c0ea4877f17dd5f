package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

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
    void aReservationLargerThanTheBudgetRunsAlone() throws Exception {
        var budget = new MemoryBudget(4 << 20);

        assertThat(budget.reserve(100 << 20, Duration.ZERO)).isTrue();
        assertThat(budget.reserved()).isEqualTo(4 << 20);
        assertThat(budget.reserve(1, Duration.ZERO)).isFalse();
        budget.release(100 << 20);
        assertThat(budget.reserved()).isZero();
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
}
