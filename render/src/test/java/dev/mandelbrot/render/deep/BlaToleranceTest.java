package dev.mandelbrot.render.deep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.Minibrot;
import java.math.BigDecimal;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BLA against step-by-step perturbation on larger grids: the documented tolerance is that at
 * least 99.9% of escape counts are identical and none differs by more than 1% of its value, with
 * interior classified the same, while BLA covers most of the iterations.
 */
class BlaToleranceTest {

    @ParameterizedTest(name = "span {1}")
    @CsvSource({
        "10,  1e-20,   3000,  0",
        "50,  1e-100,  5000,  0",
        "150, 1e-300,  8000,  0",
        "500, 1e-1000, 20000, 0.7",
    })
    void blaChangesAlmostNoEscapeCount(int k, String spanText, int maxIterations, String offset) {
        Minibrot mb = DeepLocations.nearI(k);
        BigDecimal span = new BigDecimal(spanText);
        BigDecimal re = mb.re().add(span.multiply(new BigDecimal(offset)));
        int w = 64;
        int h = 48;
        DeepField plain = DeepRenderer.withoutBla(ForkJoinPool.commonPool()).render(re, mb.im(), span, w, h, maxIterations,
                () -> false);
        DeepField bla = DeepRenderer.create(ForkJoinPool.commonPool()).render(re, mb.im(), span, w, h, maxIterations,
                () -> false);

        int same = 0;
        for (int p = 0; p < w * h; p++) {
            int a = plain.counts()[p];
            int b = bla.counts()[p];
            assertThat(a < 0).as("pixel %d interior", p).isEqualTo(b < 0);
            if (a == b) {
                same++;
            } else {
                assertThat(Math.abs(a - b)).isLessThanOrEqualTo(Math.max(1, a / 100));
            }
        }
        assertThat((double) same / (w * h)).isGreaterThanOrEqualTo(0.999);
        assertThat(bla.stats().blaSkipped()).isGreaterThan(bla.iterations() / 2);
        assertThat(plain.stats().blaSkipped()).isZero();
    }
}
