package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** The facade hands views too deep for double to the perturbation engine. */
class DeepZoomRenderTest {

    @Test
    void aViewTooDeepForDoubleIsRenderedByPerturbationWithTheDirectDefinitionsCounts() {
        Minibrot mb = Minibrot.find(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("1e-20"), 10_000).orElseThrow();
        BigDecimal span = new BigDecimal("1e-40");
        Viewport.Centred view = new Viewport.Centred(mb.re(), mb.im(), span, 12, 8);
        RenderRequest request = RenderRequest.of(view, 3000);
        try (Renderer renderer = Renderer.create(2)) {
            assertThat(renderer.engineFor(request)).isInstanceOf(DeepEngine.class);
            EscapeField f = renderer.render(request);
            BigDecimal step = span.divide(BigDecimal.valueOf(12), new MathContext(60));
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 12; i++) {
                    BigDecimal cr = mb.re().add(step.multiply(BigDecimal.valueOf(i + 0.5 - 6)));
                    BigDecimal ci = mb.im().subtract(step.multiply(BigDecimal.valueOf(j + 0.5 - 4)));
                    assertThat(f.count(i, j)).as("pixel (%d, %d)", i, j).isEqualTo(direct(cr, ci, 3000));
                }
            }
            assertThat(f.counts()).contains(EscapeField.INTERIOR);
            assertThat(java.util.Arrays.stream(f.counts()).max().orElseThrow()).isPositive();
        }
    }

    @Test
    void shallowViewsStayWithTheDoubleEngine() {
        try (Renderer renderer = Renderer.create(1)) {
            assertThat(renderer.engineFor(RenderRequest.of(Viewport.centred(-0.75, 0, 1e-10, 100, 100), 100)))
                    .isNotInstanceOf(DeepEngine.class);
            assertThat(renderer.engineFor(RenderRequest.of(Viewport.seed(64, 64), 100))).isNotInstanceOf(DeepEngine.class);
        }
    }

    @Test
    void deepJuliaViewsAreRefusedWithAClearMessage() {
        Viewport deep = new Viewport.Centred(new BigDecimal("0.3"), BigDecimal.ZERO, new BigDecimal("1e-300"), 8, 8);
        try (Renderer renderer = Renderer.create(1)) {
            assertThatThrownBy(() -> renderer.render(RenderRequest.of(deep, 10).withFractal(new Fractal.Julia(-0.8, 0.156))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too deep for double");
        }
    }

    /** The definition in BigDecimal: 120 digits are plenty for a 1e-40 view and 3000 iterations here. */
    private static int direct(BigDecimal cr, BigDecimal ci, int max) {
        MathContext mc = new MathContext(120);
        BigDecimal x = BigDecimal.ZERO;
        BigDecimal y = BigDecimal.ZERO;
        BigDecimal four = BigDecimal.valueOf(4);
        for (int n = 0; ; n++) {
            BigDecimal xx = x.multiply(x, mc);
            BigDecimal yy = y.multiply(y, mc);
            if (xx.add(yy).compareTo(four) > 0) {
                return n;
            }
            if (n == max) {
                return -1;
            }
            y = x.multiply(y, mc).multiply(BigDecimal.TWO).add(ci, mc);
            x = xx.subtract(yy).add(cr, mc);
        }
    }
}
