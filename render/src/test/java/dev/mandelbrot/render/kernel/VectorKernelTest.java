package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mandelbrot.render.CompiledAllocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD kernel against the scalar reference, on every vector width and on sizes that leave
 * partial vectors, partial tiles and single pixels. The double kernel rounds its step with fused
 * multiply-adds where the scalar reference rounds each product, so a few pixels whose orbits pass
 * within rounding of the escape radius, or of the boundary, legitimately get other counts: their
 * number is bounded, and where counts agree the smooth values must too. The float kernel's
 * differences are bounded more loosely.
 */
class VectorKernelTest {

    /**
     * Fraction of pixels the double kernel may count differently from the scalar reference.
     * Measured at 1024 x 1024: 0.0074% on the seed's view at 1000 iterations, 0.0095% near the
     * boundary at 500, 0.0002% on the Julia set below; the bound is five times the worst.
     */
    static final double MAX_FMA_DIFFERENCE = 0.0005;

    /** On small grids, where a fraction rounds to nothing: at most this many pixels. */
    static final int MAX_FMA_PIXELS = 2;

    static Stream<Arguments> cases() {
        int[][] sizes = {{1, 1}, {7, 3}, {1023, 17}, {64, 32}, {65, 33}, {3, 200}};
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {VectorKernel.SPECIES.vectorBitSize()}) {
            for (int[] size : sizes) {
                for (boolean shortcuts : new boolean[] {true, false}) {
                    out.add(Arguments.of(bits, size[0], size[1], shortcuts));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}-bit vectors agree with scalar on {1}x{2}, shortcuts {3}")
    @MethodSource("cases")
    void simdAgreesWithScalarOnTheSeedView(int bits, int w, int h, boolean shortcuts) {
        Plane seed = new Plane(-2.5 + 1.75 / w, 1 - 1.0 / h, 3.5 / w, 2.0 / h, false, 0, 0, 300, shortcuts);
        assertAgree(VectorKernel.INSTANCE, seed, w, h);
    }

    @ParameterizedTest(name = "{0}-bit vectors agree with scalar near the boundary on {1}x{2}, shortcuts {3}")
    @MethodSource("cases")
    void simdAgreesWithScalarNearTheBoundary(int bits, int w, int h, boolean shortcuts) {
        double d = 0.01 / w;
        Plane zoom = new Plane(-0.745 - 0.005, 0.11 + h * d / 2, d, d, false, 0, 0, 500, shortcuts);
        assertAgree(VectorKernel.INSTANCE, zoom, w, h);
    }

    @ParameterizedTest(name = "pixels escaping after the sprint's early exit agree with scalar on {1}x{2}, shortcuts {3}")
    @MethodSource("cases")
    void pixelsThatLeaveTheSprintEarlyKeepTheirCounts(int bits, int w, int h, boolean shortcuts) {
        // in the channel right of the cusp at 1/4: every pixel escapes after SPRINT_EXIT steps and before
        // SPRINT, so without shortcuts each pair leaves the sprint early and its pixels escape in
        // the slots, with the counts their sprint steps and blocks add up to (with shortcuts the
        // pairs keep the whole sprint)
        Plane cusp = new Plane(0.262, 0.0005, 0.01 / w, 0.001 / h, false, 0, 0, 1000, shortcuts);
        int[] counts = new int[w * h];
        ScalarKernel.INSTANCE.render(cusp, 0, 0, w, h, counts, new float[w * h], w);
        assertThat(IntStream.of(counts).min().orElseThrow()).isGreaterThan(VectorKernel.SPRINT_EXIT);
        assertThat(IntStream.of(counts).max().orElseThrow()).isLessThan(VectorKernel.SPRINT);
        int differing = differing(VectorKernel.INSTANCE, cusp, w, h, true);
        assertThat(differing).as("pixels differing from scalar").isLessThanOrEqualTo(MAX_FMA_PIXELS);
    }

    @ParameterizedTest(name = "without shortcuts, pixels inside the cardioid and bulb are iterated to the limit, on {1}x{2}")
    @MethodSource("cases")
    void withoutShortcutsEveryPixelInsideIsIteratedToTheLimit(int bits, int w, int h, boolean shortcuts) {
        assumeTrue(!shortcuts, "the cases without shortcuts");
        // the bulb's middle and the seed's view: without shortcuts the pixels inside the cardioid
        // and the bulb skip the sprint and go straight to the slots, which must still take all
        // their steps and report them
        int limit = 300;
        int[] bulb = countsWithTheirWork(new Plane(-1.05, 0.02, 0.1 / w, 0.04 / h, false, 0, 0, limit, false), w, h);
        assertThat(IntStream.of(bulb).distinct().toArray()).as("the bulb's middle is all interior").containsExactly(-1);
        countsWithTheirWork(new Plane(-2.5 + 1.75 / w, 1 - 1.0 / h, 3.5 / w, 2.0 / h, false, 0, 0, limit, false), w, h);
    }

    /** Renders {@code p} and checks that the work reported is the sum of the counts, interior at the limit. */
    private static int[] countsWithTheirWork(Plane p, int w, int h) {
        int limit = p.maxIterations();
        int[] counts = new int[w * h];
        long work = VectorKernel.INSTANCE.render(p, 0, 0, w, h, counts, new float[w * h], w);
        long iterations = 0;
        for (int count : counts) {
            assertThat(count == -1 || count >= 1 && count <= limit).as("a count or interior: " + count).isTrue();
            iterations += count == -1 ? limit : count;
        }
        assertThat(work).as("the work reported, against the counts").isEqualTo(iterations);
        return counts;
    }

    @ParameterizedTest(name = "{0}-bit vectors agree with scalar on a Julia set {1}x{2}, shortcuts {3}")
    @MethodSource("cases")
    void simdAgreesWithScalarOnJuliaSets(int bits, int w, int h, boolean shortcuts) {
        Plane julia = new Plane(-1.6, 1.0, 3.2 / w, 2.0 / h, true, -0.8, 0.156, 300, shortcuts);
        assertAgree(VectorKernel.INSTANCE, julia, w, h);
    }

    /**
     * Fraction of pixels allowed to differ in float. Measured on the seed's view: about 0.05% at 100
     * iterations, the most {@link FloatVectorKernel#suits} allows.
     */
    static final double MAX_FLOAT_DIFFERENCE = 0.005;

    @ParameterizedTest(name = "{0}-bit float vectors stay close to scalar double on {1}x{2}, shortcuts {3}")
    @MethodSource("cases")
    void floatLanesStayCloseToScalarWhereAllowed(int bits, int w, int h, boolean shortcuts) {
        Plane seed = new Plane(-2.5 + 1.75 / w, 1 - 1.0 / h, 3.5 / w, 2.0 / h, false, 0, 0, 100, shortcuts);
        Plane minibrot = new Plane(-1.8, 0.05, 0.1 / w, 0.1 / w, false, 0, 0, 100, shortcuts);
        assertThat(FloatVectorKernel.suits(seed, 0, 0, w, h) || w * h < 1000).isTrue();
        assertAgree(FloatVectorKernel.INSTANCE, seed, w, h, MAX_FLOAT_DIFFERENCE);
        assertAgree(FloatVectorKernel.INSTANCE, minibrot, w, h, MAX_FLOAT_DIFFERENCE);
    }

    /**
     * Boxed vectors would mean that some operation of the kernel is not compiled to an instruction
     * on this CPU, or that C2 compiled it to a shape that boxes, and that it runs many times slower
     * (see {@link CompiledAllocation}). The JVM first renders every kind of view, as a library user
     * may: with a branch on the kind in the main loop, that history made C2 box a vector at every
     * step (1 to 3.4 MB per tile). Checked at the width the CPU prefers, the one every render uses;
     * the executions that force other widths check results only (a width beyond the CPU's has
     * nothing to compile to, and forced 128-bit vectors box on x86 today: the kernel's smooth
     * values, set-up and sprint run as boxed Java there).
     */
    @Test
    void onceCompiledTheKernelAllocatesNothingWhateverItRenderedBefore() {
        assumeTrue(VectorKernel.SPECIES.equals(DoubleVector.SPECIES_PREFERRED),
                "a forced width, not the CPU's " + DoubleVector.SPECIES_PREFERRED);
        int w = 64;
        // tiles across the boundary: sprint, slots, replays, periodicity, smooth values
        Plane shortcuts = new Plane(-0.9, 0.35, 0.3 / w, 0.3 / w, false, 0, 0, 500, true);
        Plane noShortcuts = new Plane(-0.9, 0.35, 0.3 / w, 0.3 / w, false, 0, 0, 500, false);
        Plane julia = new Plane(-1.6, 1.0, 3.2 / 1024, 2.0 / 1024, true, -0.8, 0.156, 300, true);
        // and the seed view's top left at 100 iterations: replays at most block ends
        Plane shallow = new Plane(-2.5 + 1.75 / 1024, 1 - 1.0 / 1024, 3.5 / 1024, 2.0 / 1024, false, 0, 0, 100, false);
        assertAllocatesNothingOnceCompiled(VectorKernel.INSTANCE, shortcuts, noShortcuts, julia, shallow);
    }

    /** The same for the float kernel, on the views it is used for (at most 100 iterations). */
    @Test
    void onceCompiledTheFloatKernelAllocatesNothing() {
        assumeTrue(FloatVectorKernel.SPECIES.equals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED),
                "a forced width, not the CPU's " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        int w = 64;
        // across the boundary (escapes, interior to the limit, smooth values), and the seed's top left
        Plane shortcuts = new Plane(-0.9, 0.35, 0.3 / w, 0.3 / w, false, 0, 0, 100, true);
        Plane noShortcuts = new Plane(-0.9, 0.35, 0.3 / w, 0.3 / w, false, 0, 0, 100, false);
        Plane shallow = new Plane(-2.5 + 1.75 / 1024, 1 - 1.0 / 1024, 3.5 / 1024, 2.0 / 1024, false, 0, 0, 60, true);
        assertAllocatesNothingOnceCompiled(FloatVectorKernel.INSTANCE, shortcuts, noShortcuts, shallow);
    }

    /**
     * Renders 64 x 32 tiles of the views of {@code history} in turn, 3000 times, then checks that
     * a compiled render of each allocates nothing (see {@link CompiledAllocation}).
     */
    private static void assertAllocatesNothingOnceCompiled(Kernel kernel, Plane... history) {
        int w = 64;
        int h = 32;
        int[] counts = new int[w * h];
        float[] smooth = new float[w * h];
        for (int i = 0; i < 3000; i++) {
            kernel.render(history[i % history.length], 0, 0, w, h, counts, smooth, w);
        }
        for (Plane p : history) {
            long bytes = CompiledAllocation.bytesPerCall(
                    () -> kernel.render(p, 0, 0, w, h, counts, smooth, w), Duration.ofSeconds(20));
            assertThat(bytes).as("bytes allocated per compiled 64 x 32 tile of %s by %s", p, kernel.name()).isLessThan(64);
        }
    }

    @Test
    void theSlotCountIsAsAskedElseSixForAmdsWideVectorsOnly() {
        assertThat(VectorKernel.SLOTS).isIn(4, 6);
        assertThat(VectorKernel.slots(null, 512, true)).isEqualTo(6);
        assertThat(VectorKernel.slots(" ", 512, false)).as("Intel's AVX-512").isEqualTo(4);
        assertThat(VectorKernel.slots(null, 256, true)).as("AVX2: 16 registers").isEqualTo(4);
        assertThat(VectorKernel.slots(" 6 ", 256, false)).isEqualTo(6);
        assertThat(VectorKernel.slots("4", 512, true)).isEqualTo(4);
        assertThatThrownBy(() -> VectorKernel.slots("5", 512, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mandelbrot.vector.slots must be 4 or 6, got 5");
        String asked = System.getProperty("mandelbrot.vector.slots");
        if (asked != null && !asked.isBlank()) {
            assertThat(VectorKernel.SLOTS).isEqualTo(Integer.parseInt(asked.strip()));
            assertThat(VectorKernel.slotsChosen()).endsWith("set by -Dmandelbrot.vector.slots");
        } else {
            assertThat(VectorKernel.slotsChosen()).startsWith(VectorKernel.SLOTS + " vectors in flight");
        }
    }

    @Test
    void theStepIsDoubledOrBalancedAsAskedElseAsTheCpuSuits() {
        String asked = System.getProperty("mandelbrot.vector.step");
        int bits = VectorKernel.SPECIES.vectorBitSize();
        assertThat(VectorKernel.DOUBLED).isEqualTo(asked == null ? bits == 512 && !HotSpotFlags.amdX86() : asked.strip().equals("doubled"));
        assertThat(VectorKernel.doubled(null, 512)).isEqualTo(!HotSpotFlags.amdX86());
        assertThat(VectorKernel.doubled(null, 256)).isFalse();
        assertThat(VectorKernel.doubled(" ", 128)).isFalse();
        assertThat(VectorKernel.doubled(" doubled ", 256)).isTrue();
        assertThat(VectorKernel.doubled("balanced", 512)).isFalse();
        assertThat(VectorKernel.stepChosen()).startsWith(VectorKernel.DOUBLED ? "the step in four multiply-adds" : "the balanced step")
                .contains(asked == null ? "for " : "set by -Dmandelbrot.vector.step");
        assertThatThrownBy(() -> VectorKernel.doubled("fused", 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mandelbrot.vector.step must be doubled or balanced, got fused");
    }

    @Test
    void floatIsOnlyChosenForCoarseSpacingAndFewIterations() {
        Plane seed200 = new Plane(-2.5, 1, 3.5 / 1024, 2.0 / 1024, false, 0, 0, 100, true);
        Plane seed1000 = new Plane(-2.5, 1, 3.5 / 1024, 2.0 / 1024, false, 0, 0, 1000, true);
        Plane zoomed = new Plane(-0.745, 0.11, 1e-6, 1e-6, false, 0, 0, 200, true);
        assertThat(FloatVectorKernel.suits(seed200, 0, 0, 64, 32)).isTrue();
        assertThat(FloatVectorKernel.suits(seed1000, 0, 0, 64, 32)).isFalse();
        assertThat(FloatVectorKernel.suits(zoomed, 0, 0, 64, 32)).isFalse();
        Kernel best = Kernels.best();
        assertThat(best.name()).contains("double");
    }

    static void assertAgree(Kernel vector, Plane p, int w, int h) {
        int differing = differing(vector, p, w, h, true);
        assertThat(differing).as("pixels differing from scalar")
                .isLessThanOrEqualTo(Math.max(MAX_FMA_PIXELS, (int) (MAX_FMA_DIFFERENCE * w * h)));
    }

    @ParameterizedTest(name = "a 512 x 512 {0} view: at most 0.05% of counts differ, shortcuts {1}")
    @CsvSource({"seed, true", "seed, false", "boundary, true", "julia, false"})
    void fusedRoundingChangesFewCounts(String view, boolean shortcuts) {
        int n = 512;
        double d = 0.01 / n;
        Plane p = switch (view) {
            case "seed" -> new Plane(-2.5 + 1.75 / n, 1 - 1.0 / n, 3.5 / n, 2.0 / n, false, 0, 0, 1000, shortcuts);
            case "boundary" -> new Plane(-0.745 - 0.005, 0.11 + n * d / 2, d, d, false, 0, 0, 500, shortcuts);
            default -> new Plane(-1.6, 1.0, 3.2 / n, 2.0 / n, true, -0.8, 0.156, 300, shortcuts);
        };
        int differing = differing(VectorKernel.INSTANCE, p, n, n, true);
        assertThat(differing).as("pixels differing from scalar").isLessThanOrEqualTo((int) (MAX_FMA_DIFFERENCE * n * n));
    }

    static void assertAgree(Kernel vector, Plane p, int w, int h, double maxDifference) {
        int differing = differing(vector, p, w, h, false);
        assertThat(differing).as("pixels differing from scalar").isLessThanOrEqualTo((int) (maxDifference * w * h));
    }

    /**
     * Renders with both kernels and counts the pixels whose counts differ or whose smooth values
     * differ by more than 0.1% ({@code precise}) or 0.05 (not); interior must agree on the smooth
     * value -1.
     */
    private static int differing(Kernel vector, Plane p, int w, int h, boolean precise) {
        int[] expected = new int[w * h];
        float[] expectedSmooth = new float[w * h];
        int[] actual = new int[w * h];
        float[] actualSmooth = new float[w * h];
        ScalarKernel.INSTANCE.render(p, 0, 0, w, h, expected, expectedSmooth, w);
        // in two blocks, so that block offsets and the output stride are exercised too
        int split = w / 2;
        vector.render(p, 0, 0, split, h, actual, actualSmooth, w);
        vector.render(p, split, 0, w - split, h, actual, actualSmooth, w);
        int differing = 0;
        for (int k = 0; k < expected.length; k++) {
            if (expected[k] != actual[k]) {
                differing++;
            } else if (expected[k] == -1) {
                assertThat(actualSmooth[k]).isEqualTo(-1f);
            } else {
                float tolerance = precise ? 1e-3f * Math.max(1, expectedSmooth[k]) : 0.05f;
                if (Math.abs(actualSmooth[k] - expectedSmooth[k]) > tolerance) {
                    differing++; // same count, but the orbit parted after it: the same budget
                }
            }
        }
        return differing;
    }
}
