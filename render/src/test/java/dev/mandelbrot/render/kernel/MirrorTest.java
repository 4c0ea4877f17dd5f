package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows mirrored about the real axis: {@link Plane} gives them exactly negated coordinates, and
 * {@link Tiles} computes each pair once; the image must be the one computed row by row.
 */
class MirrorTest {

    private static final ForkJoinPool POOL = new ForkJoinPool(2);

    /** The work of a render through {@link Tiles} and of the same render row by row. */
    private record Work(long tiles, long direct) {}

    /**
     * Renders {@code p} through {@link Tiles} (mirrored where it applies) and directly, every row
     * computed; asserts that counts and smooth values are equal bit for bit.
     */
    private static Work renderBothWays(Plane p, int w, int h, Kernel kernel) {
        Tiles.Result tiles = Tiles.render(p, w, h, kernel, POOL, () -> false);
        int[] counts = new int[w * h];
        float[] smooth = new float[w * h];
        long direct = kernel.render(p, 0, 0, w, h, counts, smooth, w);
        assertThat(tiles.counts()).isEqualTo(counts);
        assertThat(tiles.smooth()).isEqualTo(smooth);
        return new Work(tiles.iterations(), direct);
    }

    private static Kernel kernel(String name) {
        return switch (name) {
            case "scalar" -> Kernels.scalar();
            case "float" -> Kernels.vectorFloat();
            default -> Kernels.vectorDouble();
        };
    }

    /** The seed's view (x in [-2.5, 1], y in [-1, 1]) as {@code DoubleEngine} builds it. */
    private static Plane seed(int w, int h, int iterations, boolean shortcuts) {
        double dx = 3.5 / w;
        double dy = 2.0 / h;
        return Plane.mandelbrot(-2.5 + 0.5 * dx, 1 - 0.5 * dy, dx, dy, iterations, shortcuts);
    }

    @ParameterizedTest(name = "height {0}: rows below the axis are exact negatives, within 4 ulps of im0 - j dy")
    @ValueSource(ints = {1, 2, 7, 333, 600, 720, 768, 1000, 1024, 1080})
    void symmetricViewsGetExactlyMirroredRows(int h) {
        Plane p = seed(h, h, 100, true);
        assertThat(p.mirror()).isEqualTo(h - 1);
        for (int j = 0; j < h; j++) {
            assertThat(p.im(h - 1 - j)).isEqualTo(-p.im(j));
            assertThat(Math.abs(p.im(j) - (p.im0() - j * p.dy()))).isLessThanOrEqualTo(4 * Math.ulp(p.im0()));
        }
    }

    @Test
    void viewsWithTheAxisOffTheRowGridAreNotMirrored() {
        assertThat(Plane.mandelbrot(-2, 1.0, 0.3, 0.3, 100, true).mirror()).isEqualTo(-1); // 2 im0 / dy = 6.67
        assertThat(Plane.mandelbrot(-2, -0.5, 0.01, 0.01, 100, true).mirror()).isEqualTo(-1); // axis above row 0
        assertThat(Plane.mandelbrot(-2, 1.0 + 1e-12, 0.01, 0.01, 100, true).mirror()).isEqualTo(-1); // off by 1e-10 of a row
        assertThat(Plane.mandelbrot(-2, 1.0, 0.01, 0.01, 100, true).mirror()).isEqualTo(200);
    }

    @Test
    void aViewCutAtTheAxisPutsItsFirstRowExactlyOnIt() {
        // a band of a larger view that starts at the axis: rounding left im0 a hair off zero
        for (double im0 : new double[] {1e-16, -1e-16, 0.0}) {
            Plane p = Plane.mandelbrot(-2, im0, 0.024, 0.024, 100, true);
            assertThat(p.mirror()).isZero();
            assertThat(p.im(0)).isEqualTo(0.0);
            assertThat(p.im(3)).isCloseTo(-3 * 0.024, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @ParameterizedTest(name = "{0} x {1}, axis at row {2} / 2: mirrored render = row-by-row render, {3}")
    @CsvSource({
        "1024, 1024, 1023, vector", "1000, 1000, 999, vector", "999, 999, 998, vector", "640, 480, 479, vector",
        "300, 200, 60, vector", "300, 200, 330, vector", "300, 200, 1, vector", "300, 200, 0, vector",
        "200, 150, 149, scalar", "7, 3, 2, vector", "65, 33, 40, vector", "640, 480, 479, float"})
    void mirroredRenderEqualsTheDirectOne(int w, int h, int k, String kernelName) {
        Kernel kernel = kernel(kernelName);
        double dy = 2.4 / h;
        // 100 iterations: the most the float kernel is used for
        Plane p = Plane.mandelbrot(-2.2, k * dy / 2, dy, dy, kernelName.equals("float") ? 100 : 300, true);
        assertThat(p.mirror()).isEqualTo(k);
        Work work = renderBothWays(p, w, h, kernel);
        int pairs = Math.max(0, Math.min(h, k + 1) - Math.min(h, k / 2 + 1));
        if (pairs > h / 4) {
            assertThat(work.tiles()).as("work with %d rows mirrored", pairs).isLessThan(work.direct());
        }
    }

    @Test
    void theSeedFrameIsComputedHalf() {
        Plane on = seed(1024, 1024, 1000, true);
        Work work = renderBothWays(on, 1024, 1024, Kernels.vectorDouble());
        assertThat((double) work.tiles() / work.direct()).isBetween(0.45, 0.55);
    }

    @Test
    void withoutShortcutsEveryRowIsComputed() {
        Plane off = seed(256, 256, 200, false);
        Work work = renderBothWays(off, 256, 256, Kernels.vectorDouble());
        assertThat(work.tiles()).isEqualTo(work.direct());
    }

    /** A Julia set's view centred on the origin: pixel centres symmetric in both axes. */
    private static Plane centredJulia(int w, int h, double centreRe, int iterations) {
        double d = 3.2 / w;
        return new Plane(centreRe - d * (w - 1) / 2, d * (h - 1) / 2, d, d, true, -0.8, 0.156, iterations, true);
    }

    @ParameterizedTest(name = "Julia {0} x {1}, {2}: point-mirrored render = direct render, computed about half")
    @CsvSource({"300, 200, vector", "301, 201, vector", "64, 33, vector", "7, 3, vector", "200, 150, scalar",
        "300, 200, float"})
    void juliaSetsAreComputedHalfAboutTheOrigin(int w, int h, String kernelName) {
        Kernel kernel = kernel(kernelName);
        Plane p = centredJulia(w, h, 0, kernelName.equals("float") ? 100 : 300);
        assertThat(p.mirrorRe()).isEqualTo(w - 1);
        assertThat(p.mirror()).isEqualTo(h - 1);
        for (int i = 0; i < w; i++) {
            assertThat(p.re(w - 1 - i)).isEqualTo(-p.re(i));
        }
        Work work = renderBothWays(p, w, h, kernel);
        if (h > 10) {
            assertThat((double) work.tiles() / work.direct()).isBetween(0.4, 0.6);
        }
    }

    @Test
    void aJuliaSetOffCentreIsComputedWhole() {
        Plane p = centredJulia(300, 200, 0.1, 300);
        assertThat(p.mirrorRe()).isEqualTo(-1);
        Work work = renderBothWays(p, 300, 200, Kernels.vectorDouble());
        assertThat(work.tiles()).isEqualTo(work.direct());
    }

    @Test
    void mandelbrotColumnsAreNeverMirrored() {
        assertThat(Plane.mandelbrot(-1.0, 1.0, 0.01, 0.01, 100, true).mirrorRe()).isEqualTo(-1);
    }
}
