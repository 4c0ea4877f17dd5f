package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.kernel.Plane;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ViewportGeometryTest {

    @Test
    void rectanglePixelsSampleCellCentresWithRowZeroAtTheTop() {
        Plane p = DoubleEngine.plane(new Viewport.Rectangle(-2, 2, -1, 1, 4, 2), new Fractal.Mandelbrot(), 10, false);
        assertThat(p.re(0)).isEqualTo(-1.5);
        assertThat(p.re(3)).isEqualTo(1.5);
        assertThat(p.im(0)).isEqualTo(0.5);
        assertThat(p.im(1)).isEqualTo(-0.5);
    }

    @Test
    void rectangleAllowsNonSquarePixels() {
        Plane p = DoubleEngine.plane(Viewport.seed(1024, 1024), new Fractal.Mandelbrot(), 10, false);
        assertThat(p.dx()).isEqualTo(3.5 / 1024);
        assertThat(p.dy()).isEqualTo(2.0 / 1024);
        assertThat(p.re(0)).isEqualTo(-2.5 + 3.5 / 2048);
        assertThat(p.im(0)).isEqualTo(1 - 1.0 / 1024);
    }

    @Test
    void centredViewHasSquarePixelsAroundItsCentre() {
        Plane p = DoubleEngine.plane(Viewport.centred(-0.5, 0.25, 4, 8, 4), new Fractal.Mandelbrot(), 10, false);
        assertThat(p.dx()).isEqualTo(0.5).isEqualTo(p.dy());
        assertThat(p.re(0)).isEqualTo(-2.25);
        assertThat(p.re(7)).isEqualTo(1.25);
        assertThat(p.im(0)).isEqualTo(1.0);
        assertThat(p.im(3)).isEqualTo(-0.5);
        assertThat((p.re(3) + p.re(4)) / 2).isEqualTo(-0.5);
    }

    @Test
    void renderedRowZeroIsTheTopOfTheView() {
        // Row 0 samples c = 3.5i (escapes at n = 1); row 1 samples c = 0.5i, inside the main cardioid.
        try (Renderer r = Renderer.create(1)) {
            EscapeField f = r.render(RenderRequest.of(new Viewport.Rectangle(-0.1, 0.1, -1, 5, 1, 2), 50));
            assertThat(f.count(0, 0)).isEqualTo(1);
            assertThat(f.count(0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void badViewsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> new Viewport.Rectangle(1, -1, 0, 1, 10, 10)).hasMessageContaining("reMin < reMax");
        assertThatThrownBy(() -> Viewport.centred(0, 0, 0, 10, 10)).hasMessageContaining("span must be positive");
        assertThatThrownBy(() -> Viewport.centred(0, 0, 1, 0, 10)).hasMessageContaining("at least 1x1");
        assertThatThrownBy(() -> Viewport.centred(0, 0, 1, 100_000, 100_000)).hasMessageContaining("too large");
        assertThatThrownBy(() -> new Fractal.Julia(3, 0)).hasMessageContaining("|c| <= 2");
        assertThatThrownBy(() -> RenderRequest.of(Viewport.seed(1, 1), 0)).hasMessageContaining("at least 1");
    }

    @Test
    void viewsTooDeepForDoubleAreRefusedNotRenderedAsNoise() {
        // Deep Mandelbrot views go to the perturbation engine (DeepZoomRenderTest); deep Julia views are refused.
        Viewport deep = new Viewport.Centred(new BigDecimal("-0.75"), BigDecimal.ZERO, new BigDecimal("1e-300"), 8, 8);
        try (Renderer r = Renderer.create(1)) {
            assertThatThrownBy(() -> r.render(RenderRequest.of(deep, 10).withFractal(new Fractal.Julia(-0.8, 0.156))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too deep for double");
        }
        assertThat(DoubleEngine.resolves(Viewport.centred(-0.75, 0, 1e-10, 1000, 1000))).isTrue();
        assertThat(DoubleEngine.resolves(Viewport.centred(-0.75, 0, 1e-13, 1000, 1000))).isFalse();
    }
}
