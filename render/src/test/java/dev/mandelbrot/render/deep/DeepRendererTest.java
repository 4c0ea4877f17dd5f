package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class DeepRendererTest {

    private final DeepRenderer renderer = DeepRenderer.create(ForkJoinPool.commonPool());

    /**
     * Interior proofs for whole 4x4 blocks of pixels (one disc of c per block) at the 1e-300 minibrot,
     * at the pixel spacing of the benchmark's 1024-pixel view (its central 96x72 pixels): they happen,
     * and every pixel's count is the one the engine finds without them (pixel by pixel, by iteration
     * or by its own proof).
     */
    @Test
    void blockProofsCoverWholeBlocksAndChangeNoCount() {
        Minibrot mb = DeepLocations.nearI(150);
        BigDecimal span = new BigDecimal("1e-300").multiply(BigDecimal.valueOf(96)).divide(BigDecimal.valueOf(1024));
        int w = 96;
        int h = 72;
        ForkJoinPool pool = ForkJoinPool.commonPool();
        DeepField with = renderer.render(mb.re(), mb.im(), span, w, h, 50_000, () -> false);
        DeepField without = new DeepRenderer(pool, true, BlaTable.DEFAULT_EPSILON, DeepRenderer.CACHE_BYTES, false)
                .render(mb.re(), mb.im(), span, w, h, 50_000, () -> false);
        assertThat(with.stats().blockProven()).as("pixels covered by block proofs").isGreaterThanOrEqualTo(15 * 10);
        assertThat(without.stats().blockProven()).isZero();
        assertThat(with.counts()).isEqualTo(without.counts());
    }

    @Test
    void aShallowViewMatchesAPlainDoubleLoop() {
        // Span 1e-3: the direct double definition is exact enough to compare against.
        BigDecimal re = new BigDecimal("-0.7436");
        BigDecimal im = new BigDecimal("0.1318");
        BigDecimal span = new BigDecimal("0.003");
        int w = 40;
        int h = 30;
        DeepField f = renderer.render(re, im, span, w, h, 500, () -> false);
        int same = 0;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double cr = -0.7436 + (i + 0.5 - w / 2.0) * 0.003 / w;
                double ci = 0.1318 - (j + 0.5 - h / 2.0) * 0.003 / w;
                if (directDouble(cr, ci, 500) == f.counts()[j * w + i]) {
                    same++;
                }
            }
        }
        assertThat(same).isGreaterThanOrEqualTo(w * h - 2); // a pixel or two may sit on a rounding edge
    }

    @Test
    void smoothValuesFollowTheRenderersFormula() {
        DeepField f = renderer.render(new BigDecimal("-0.7436"), new BigDecimal("0.1318"), new BigDecimal("0.003"), 16, 12,
                500, () -> false);
        for (int p = 0; p < f.counts().length; p++) {
            if (f.counts()[p] < 0) {
                assertThat(f.smooth()[p]).isEqualTo(-1f);
            } else {
                assertThat(f.smooth()[p]).isGreaterThanOrEqualTo(f.counts()[p]).isLessThan(f.counts()[p] + 6);
            }
        }
        // The formula itself: |z| = 2^8 exactly at m gives m + 1 - log2(1) = m + 1.
        assertThat(DeepRenderer.smooth(10, 256.0001, 0, 0, 0)).isCloseTo(11f, org.assertj.core.api.Assertions.within(1e-4f));
    }

    @Test
    void neighbouringTilesShareOneCachedReferenceOrbit() {
        Minibrot mb = DeepLocations.nearI(25);
        BigDecimal span = new BigDecimal("1e-50");
        DeepRenderer fresh = DeepRenderer.create(ForkJoinPool.commonPool());
        DeepField first = fresh.render(mb.re(), mb.im(), span, 16, 16, 2000, () -> false);
        DeepField neighbour = fresh.render(mb.re().add(span), mb.im(), span, 16, 16, 2000, () -> false);
        DeepField sameAgain = fresh.render(mb.re(), mb.im(), span, 16, 16, 2000, () -> false);
        assertThat(first.stats().referenceReused()).isFalse();
        assertThat(neighbour.stats().referenceReused()).isTrue();
        assertThat(sameAgain.counts()).isEqualTo(first.counts());
        // Far away (1000 spans) the cached orbit is not used.
        DeepField far = fresh.render(mb.re().add(span.multiply(BigDecimal.valueOf(1000))), mb.im(), span, 16, 16, 2000,
                () -> false);
        assertThat(far.stats().referenceReused()).isFalse();
    }

    @Test
    void pixelsInsideTheReferenceMinibrotStopEarlyOnceTheirStateRepeats() {
        Minibrot mb = DeepLocations.nearI(10); // period 29, size ~2.6e-21
        int max = 20_000;
        DeepField f = renderer.render(mb.re(), mb.im(), new BigDecimal("2e-21"), 16, 12, max, () -> false);
        long interior = java.util.Arrays.stream(f.counts()).filter(n -> n < 0).count();
        assertThat(interior).isGreaterThan(50);
        assertThat(f.stats().periodicInterior()).isGreaterThan(interior / 2);
        assertThat(f.stats().interiorProofs()).isZero(); // period 29: left to the repetition check
        assertThat(f.iterations()).isLessThan(interior * max / 2);
    }

    @Test
    void aCancelledRenderThrows() {
        assertThatThrownBy(() -> renderer.render(new BigDecimal("-0.75"), new BigDecimal("0.1"), new BigDecimal("1e-30"),
                64, 64, 1000, () -> true)).isInstanceOf(CancellationException.class);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> renderer.render(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 8, 8, 100, () -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, 0, 8, 100, () -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("1e-20000"), 8, 8, 100,
                () -> false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too deep");
    }

    private static int directDouble(double cr, double ci, int max) {
        double x = 0;
        double y = 0;
        for (int n = 0; ; n++) {
            if (x * x + y * y > 4) {
                return n;
            }
            if (n == max) {
                return -1;
            }
            double t = x * x - y * y + cr;
            y = 2 * x * y + ci;
            x = t;
        }
    }
}
