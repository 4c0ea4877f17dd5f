package dev.mandelbrot.server.minibrot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.Minibrot;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Admission, deadline and cost bounds of minibrot searches. */
class MinibrotSearchTest {

    final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aSearchFindingNoFreeSlotIsRefusedAt503WithoutWaiting() throws InterruptedException {
        var gate = new RenderGate(1, 0, 0);
        try (var search = new MinibrotSearch(gate, metrics, Duration.ofSeconds(5))) {
            assertThat(gate.enter(1, Duration.ZERO)).isEqualTo(RenderGate.Outcome.ADMITTED);
            long start = System.nanoTime();
            assertThatThrownBy(() -> search.find(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, 10))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.headers()).containsKey("Retry-After");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            gate.leave();
        }
    }

    @Test
    void aSearchPastItsDeadlineIsA503AndIsCancelledSoItsSlotIsFreedAtOnce() throws InterruptedException {
        var gate = new RenderGate(1, 4, Long.MAX_VALUE);
        try (var search = new MinibrotSearch(gate, metrics, Duration.ofMillis(50))) {
            // An interior point at 1e-3000 runs every one of its 20,000 ball steps on ~20,000-bit
            // numbers: seconds of CPU if nothing stopped it (see the test below).
            BigDecimal re = new BigDecimal("-0.1");
            long start = System.nanoTime();
            assertThatThrownBy(() -> search.find(re, BigDecimal.ZERO, new BigDecimal("1e-3000"), 20_000))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
            assertThat(gate.awaitIdle(Duration.ofSeconds(1))).as("slot given back soon after the deadline").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
        assertThat(metrics.scrape()).contains("render_cancellations_total{reason=\"deadline\"} 1.0");
    }

    @Test
    void withoutItsDeadlineThatSearchWouldRunForSeconds() {
        // The premise of the test above, and the finder's own cancellation: stopped after 1 s,
        // the same search is still running then (it takes ~3 s here), and stops at once.
        long start = System.nanoTime();
        assertThatThrownBy(() -> Minibrot.find(new BigDecimal("-0.1"), BigDecimal.ZERO, new BigDecimal("1e-3000"), 20_000,
                () -> System.nanoTime() - start > 1_000_000_000L))
                .isInstanceOf(CancellationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1500));
    }

    @Test
    void theCostEstimateGrowsWithDepthAndTheAffordablePeriodShrinks() {
        assertThat(MinibrotSearch.bits(new BigDecimal("1"))).isEqualTo(128);
        assertThat(MinibrotSearch.bits(new BigDecimal("1e-100"))).isBetween(790, 796);
        assertThat(MinibrotSearch.affordablePeriod(MinibrotSearch.bits(new BigDecimal("1e-10"))))
                .isGreaterThanOrEqualTo(MinibrotEndpoint.MAX_PERIOD);
        int at1000 = MinibrotSearch.affordablePeriod(MinibrotSearch.bits(new BigDecimal("1e-1000")));
        int at5000 = MinibrotSearch.affordablePeriod(MinibrotSearch.bits(new BigDecimal("1e-5000")));
        assertThat(at1000).isBetween(1_000, 50_000);
        assertThat(at5000).isBetween(100, at1000);
    }
}
