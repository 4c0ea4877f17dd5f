package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Blocks proven interior are exactly the blocks the pixel kernel finds wholly interior. */
class ProvenRegionsTest {

    private static final Kernel PIXELS = VectorKernel.INSTANCE;
    private static final Kernel REGIONS = new ProvenRegions(PIXELS);

    @Provide
    Arbitrary<double[]> nearOtherComponents() {
        return ComponentEdges.points();
    }

    @Provide
    Arbitrary<Double> spacings() {
        return Arbitraries.of(1e-3, 1e-4, 1e-5, 1e-7, 1e-10);
    }

    @Property(tries = 150)
    void blocksAcrossComponentEdgesGetThePlainCounts(@ForAll("nearOtherComponents") double[] c,
            @ForAll("spacings") double d) {
        // a 64 x 32 block with c at its centre: part inside, part outside, at every scale
        Plane on = Plane.mandelbrot(c[0] - 32 * d, c[1] + 16 * d, d, d, 2000, true);
        Plane off = Plane.mandelbrot(c[0] - 32 * d, c[1] + 16 * d, d, d, 2000, false);
        int[] proven = new int[64 * 32];
        int[] plain = new int[64 * 32];
        REGIONS.render(on, 0, 0, 64, 32, proven, new float[proven.length], 64);
        PIXELS.render(off, 0, 0, 64, 32, plain, new float[plain.length], 64);
        assertThat(proven).as("64 x 32 at %s, %s i, spacing %s", c[0], c[1], d).isEqualTo(plain);
    }

    @Example
    void aBlockInsideABulbIsProvenWithoutIteratingItsPixels() {
        // inside the period-3 bulb, at the spacing of a zoom-8 map tile
        double d = 4.0 / 256 / 256;
        Plane p = Plane.mandelbrot(-0.13, 0.76, d, d, 1000, true);
        int[] counts = new int[64 * 32];
        float[] smooth = new float[64 * 32];
        long work = REGIONS.render(p, 0, 0, 64, 32, counts, smooth, 64);
        assertThat(counts).containsOnly(-1);
        assertThat(smooth).containsOnly(-1f);
        assertThat(work).as("iterations of pixels").isZero();
    }

    @Example
    void onlyTheBlockIsWritten() {
        // a proven block in the middle of a larger image leaves the pixels around it alone
        double d = 1e-5;
        Plane p = Plane.mandelbrot(-0.13 - 8 * d, 0.76 + 8 * d, d, d, 1000, true);
        int[] counts = new int[96 * 48];
        java.util.Arrays.fill(counts, 7);
        REGIONS.render(p, 16, 8, 64, 32, counts, new float[counts.length], 96);
        for (int j = 0; j < 48; j++) {
            for (int i = 0; i < 96; i++) {
                boolean inBlock = i >= 16 && i < 80 && j >= 8 && j < 40;
                assertThat(counts[j * 96 + i]).as("pixel %d, %d", i, j).isEqualTo(inBlock ? -1 : 7);
            }
        }
    }

    @Example
    void juliaSetsAndViewsWithoutShortcutsGoStraightToThePixels() {
        Plane julia = new Plane(-1.5, 1, 3.0 / 64, 2.0 / 32, true, -0.12, 0.75, 500, true);
        Plane noShortcuts = Plane.mandelbrot(-0.13, 0.76, 1e-5, 1e-5, 500, false);
        for (Plane p : new Plane[] {julia, noShortcuts}) {
            int[] a = new int[64 * 32];
            int[] b = new int[64 * 32];
            long wa = REGIONS.render(p, 0, 0, 64, 32, a, new float[a.length], 64);
            long wb = PIXELS.render(p, 0, 0, 64, 32, b, new float[b.length], 64);
            assertThat(a).isEqualTo(b);
            assertThat(wa).isEqualTo(wb).isPositive();
        }
    }
}
