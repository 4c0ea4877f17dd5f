package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final Renderer RENDERER = Renderer.create(2);

    @AfterAll
    static void close() {
        RENDERER.close();
    }

    /** The definition, written out plainly: first n with |z(n)| > 2, z(0) = 0. */
    static int plainCount(double cr, double ci, int max) {
        double zr = 0;
        double zi = 0;
        for (int n = 1; n <= max; n++) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
            if (zr * zr + zi * zi > 4) {
                return n;
            }
        }
        return -1;
    }

    @Test
    void knownPointsHaveTheEscapeCountsOfAPlainLoop() {
        double[][] points = {{0, 0}, {-1, 0}, {0.25, 0}, {0.26, 0}, {-2, 0}, {-2.01, 0}, {0.5, 0.5}, {3, 0},
                {-0.75, 0.1}, {-0.1011, 0.9563}, {0.2925, 0.0149}, {-1.25, 0.01}, {0.3, 0.5}};
        for (double[] c : points) {
            EscapeField f = RENDERER.render(RenderRequest.of(new Viewport.Rectangle(c[0] - 1e-9, c[0] + 1e-9,
                    c[1] - 1e-9, c[1] + 1e-9, 1, 1), 5000).withInteriorShortcuts(false));
            // the single pixel's centre is exactly c up to rounding of c +- 1e-9; compare at that centre
            double cr = (c[0] - 1e-9) + 0.5 * ((c[0] + 1e-9) - (c[0] - 1e-9));
            double ci = (c[1] + 1e-9) - 0.5 * ((c[1] + 1e-9) - (c[1] - 1e-9));
            assertThat(f.counts()[0]).as("count at %s%+si", cr, ci).isEqualTo(plainCount(cr, ci, 5000));
        }
    }

    @Test
    void juliaSetsStartFromThePixelWithFixedC() {
        EscapeField f = RENDERER.render(RenderRequest.of(new Viewport.Rectangle(-3, 3, -3, 3, 3, 3), 100)
                .withFractal(new Fractal.Julia(0, 0)));
        // c = 0: |z| grows iff |z0| > 1; the corner pixels (|z0| = 2 sqrt 2 > 2) escape at once.
        assertThat(f.count(0, 0)).isZero();
        assertThat(f.count(1, 1)).isEqualTo(-1);
        assertThat(f.count(1, 0)).isEqualTo(1); // z0 = 2i: |z1| = 4
    }

    @Test
    void smoothValuesAreContinuousAndNoSmallerThanTheCount() {
        EscapeField f = RENDERER.render(RenderRequest.of(Viewport.seed(64, 48), 200));
        for (int p = 0; p < f.counts().length; p++) {
            if (f.counts()[p] == -1) {
                assertThat(f.smooth()[p]).isEqualTo(-1f);
            } else {
                assertThat(f.smooth()[p]).isGreaterThanOrEqualTo(f.counts()[p]).isLessThan(f.counts()[p] + 8);
            }
        }
    }

    @Test
    void shortcutsNeverChangeTheResultOnlyTheWork() {
        RenderRequest on = RenderRequest.of(Viewport.seed(200, 120), 1000);
        EscapeField fast = RENDERER.render(on);
        EscapeField slow = RENDERER.render(on.withInteriorShortcuts(false));
        assertThat(fast.counts()).isEqualTo(slow.counts());
        assertThat(fast.smooth()).isEqualTo(slow.smooth());
        assertThat(fast.iterations()).isLessThan(slow.iterations() / 5);
    }

    @Test
    void manyThreadsGiveExactlyTheSingleThreadResult() {
        RenderRequest req = RenderRequest.of(Viewport.centred(-0.745, 0.11, 0.02, 301, 157), 700);
        try (Renderer one = Renderer.create(1); Renderer four = Renderer.create(4)) {
            EscapeField a = one.render(req);
            EscapeField b = four.render(req);
            assertThat(b.counts()).isEqualTo(a.counts());
            assertThat(b.smooth()).isEqualTo(a.smooth());
            assertThat(b.iterations()).isEqualTo(a.iterations());
        }
    }

    @Test
    void cancellationStopsARenderBetweenTiles() {
        AtomicInteger polls = new AtomicInteger();
        Cancellation afterThreeTiles = () -> polls.incrementAndGet() > 3;
        // Uncancelled, this is 1e11 iterations: minutes. Cancelled, only tiles already started finish.
        RenderRequest big = RenderRequest.of(Viewport.seed(1024, 1024), 100_000).withInteriorShortcuts(false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> RENDERER.render(big, afterThreeTiles)).isInstanceOf(CancellationException.class);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
        assertThat(polls.get()).isGreaterThan(3);
    }

    @Test
    void iterationsCountTheWorkDone() {
        EscapeField f = RENDERER.render(RenderRequest.of(Viewport.seed(50, 30), 300).withInteriorShortcuts(false));
        long expected = 0;
        for (int c : f.counts()) {
            expected += c == -1 ? 300 : c;
        }
        assertThat(f.iterations()).isEqualTo(expected);
    }

    @Test
    void guessingFillsInteriorRegionsAndChangesAlmostNothing() {
        RenderRequest exact = RenderRequest.of(Viewport.seed(512, 300), 1000).withInteriorShortcuts(false);
        EscapeField a = RENDERER.render(exact);
        EscapeField b = RENDERER.render(exact.withGuessing(true));
        int differing = 0;
        for (int k = 0; k < a.counts().length; k++) {
            if (a.counts()[k] != b.counts()[k]) {
                differing++;
            }
        }
        assertThat(differing).isLessThanOrEqualTo(a.counts().length / 1000);
        assertThat(b.iterations()).isLessThan(a.iterations() * 2 / 3);
    }

    @Test
    void progressCountsEveryPixelOnceAndLeavesThePixelsAsTheyWere() {
        for (RenderRequest r : new RenderRequest[] {
            RenderRequest.of(Viewport.seed(301, 300), 200), // mirrored rows: copies count too
            RenderRequest.of(Viewport.centred(-0.7436, 0.1318, 0.01, 303, 211), 300).withGuessing(true),
            RenderRequest.of(Viewport.centred(0, 0, 3, 301, 301), 200).withFractal(Fractal.julia(-0.8, 0.156)),
            RenderRequest.of(Viewport.centred(-1.25, 0.02, 1e-14, 90, 70), 300), // the deep engine
        }) {
            java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
            EscapeField watched = RENDERER.render(r, Cancellation.never(), done::add);
            assertThat(done.sum()).as("%s", r).isEqualTo((long) watched.width() * watched.height());
            assertThat(watched.counts()).isEqualTo(RENDERER.render(r).counts());
            assertThat(watched.smooth()).isEqualTo(RENDERER.render(r).smooth());
        }
    }

    @Test
    void checkRefusesWhatRenderWouldRefuseWithoutRendering() {
        RenderRequest deepJulia = RenderRequest.of(Viewport.centred(0.1, 0, 1e-20, 64, 48), 100)
                .withFractal(Fractal.julia(-0.8, 0.156));
        assertThatThrownBy(() -> RENDERER.check(deepJulia)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too deep");
        RenderRequest tooDeep = RenderRequest.of(new Viewport.Centred(java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
                new java.math.BigDecimal("1e-20000"), 64, 48), 100);
        assertThatThrownBy(() -> RENDERER.check(tooDeep)).hasMessageContaining("too deep");
        RenderRequest narrowRectangle = RenderRequest.of(new Viewport.Rectangle(0.1, 0.1 + 1e-15, 0, 1, 64, 48), 100);
        assertThatThrownBy(() -> RENDERER.check(narrowRectangle)).hasMessageContaining("too deep");
        RENDERER.check(RenderRequest.of(Viewport.centred(-1.25, 0.02, 1e-14, 64, 48), 100));
        RENDERER.check(RenderRequest.of(Viewport.seed(64, 48), 100));
    }

    @Test
    void kernelNameIsReported() {
        assertThat(RENDERER.kernelName()).isNotBlank();
    }
}
