package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The interior shortcuts are exact: they never call a point interior that the plain iteration
 * sees escape. Points are drawn on and around the boundaries where a wrong answer would hide:
 * the main cardioid {@code c = e^(it)/2 - e^(2it)/4}, the period-2 bulb {@code c = -1 + e^(it)/4},
 * pushed in or out along the radius by offsets from 1e-15 to 1e-2.
 */
class InteriorShortcutsTest {

    /** Plain escape count, z(0) = 0, as in the definition; -1 if none within {@code max}. */
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

    @Provide
    Arbitrary<double[]> nearBoundary() {
        Arbitrary<Double> angle = Arbitraries.doubles().between(0, 1).ofScale(15).map(f -> 2 * Math.PI * f);
        Arbitrary<Double> offset = Combinators.combine(
                        Arbitraries.of(1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-2),
                        Arbitraries.doubles().between(-1, 1).ofScale(12))
                .as((scale, f) -> scale * f);
        Arbitrary<Boolean> bulb = Arbitraries.of(true, false);
        return Combinators.combine(angle, offset, bulb).as((t, e, isBulb) -> {
            if (isBulb) {
                double r = 0.25 * (1 + e);
                return new double[] {-1 + r * Math.cos(t), r * Math.sin(t)};
            }
            double x = 0.5 * Math.cos(t) - 0.25 * Math.cos(2 * t);
            double y = 0.5 * Math.sin(t) - 0.25 * Math.sin(2 * t);
            // scale about the cardioid's cusp-free centre region: inward for e < 0, outward for e > 0
            return new double[] {x * (1 + e), y * (1 + e)};
        });
    }

    @Property(tries = 1000)
    void theVectorCardioidTestGivesTheScalarVerdictInEveryLane(@ForAll("nearBoundary") double[] c,
            @ForAll("laneSteps") double dx) {
        double[] x = new double[VectorKernel.LANES];
        for (int l = 0; l < x.length; l++) {
            x[l] = c[0] + l * dx;
        }
        long lanes = VectorKernel.inCardioidOrBulb(jdk.incubator.vector.DoubleVector.fromArray(VectorKernel.SPECIES, x, 0), c[1]).toLong();
        for (int l = 0; l < x.length; l++) {
            assertThat((lanes >>> l & 1) != 0).as("lane %d at %s, %s i", l, x[l], c[1]).isEqualTo(Orbits.inCardioidOrBulb(x[l], c[1]));
        }
    }

    @Provide
    Arbitrary<Double> laneSteps() {
        return Arbitraries.of(1e-16, 1e-13, 1e-10, 1e-6, 1e-3);
    }

    @Property(tries = 1000)
    void cardioidAndBulbTestsNeverClaimAnEscapingPoint(@ForAll("nearBoundary") double[] c) {
        if (Orbits.inCardioidOrBulb(c[0], c[1])) {
            assertThat(plainCount(c[0], c[1], 20_000)).as("plain count at %s, %s i", c[0], c[1]).isEqualTo(-1);
        }
    }

    @Property(tries = 500)
    void periodicityDetectionGivesExactlyThePlainResult(@ForAll("nearBoundary") double[] c) {
        int max = 3000;
        int[] counts = new int[1];
        float[] smooth = new float[1];
        // shortcuts on: cardioid, bulb and Brent; the plain loop has none
        Plane p = Plane.mandelbrot(c[0], c[1], 1e-3, 1e-3, max, true);
        ScalarKernel.INSTANCE.render(p, 0, 0, 1, 1, counts, smooth, 1);
        assertThat(counts[0]).as("count at %s, %s i", c[0], c[1]).isEqualTo(plainCount(c[0], c[1], max));
    }

    @Property(tries = 200)
    void simdShortcutsMatchTheSimdKernelWithoutThem(@ForAll("nearBoundary") double[] c) {
        assertSimdShortcutsChangeNoCount(c);
    }

    /** An 8 x 4 patch from c, so that every lane of the vector kernel is exercised, with and without shortcuts. */
    private static void assertSimdShortcutsChangeNoCount(double[] c) {
        double d = 1e-7;
        Plane on = Plane.mandelbrot(c[0], c[1], d, d, 2000, true);
        Plane off = Plane.mandelbrot(c[0], c[1], d, d, 2000, false);
        int[] a = new int[32];
        int[] b = new int[32];
        VectorKernel.INSTANCE.render(on, 0, 0, 8, 4, a, new float[32], 8);
        VectorKernel.INSTANCE.render(off, 0, 0, 8, 4, b, new float[32], 8);
        assertThat(a).as("8 x 4 at %s, %s i", c[0], c[1]).isEqualTo(b);
    }

    /** Points on and around the edges of other components: see {@link ComponentEdges}. */
    @Provide
    Arbitrary<double[]> nearOtherComponents() {
        return ComponentEdges.points();
    }

    @Property(tries = 300)
    void interiorProofsGiveExactlyThePlainResult(@ForAll("nearOtherComponents") double[] c) {
        int max = 3000;
        int[] counts = new int[1];
        Plane p = Plane.mandelbrot(c[0], c[1], 1e-3, 1e-3, max, true);
        ScalarKernel.INSTANCE.render(p, 0, 0, 1, 1, counts, new float[1], 1);
        assertThat(counts[0]).as("count at %s, %s i", c[0], c[1]).isEqualTo(plainCount(c[0], c[1], max));
    }

    @Property(tries = 300)
    void anEscapingOrbitIsNeverProvenAttracting(@ForAll("nearOtherComponents") double[] c) {
        if (plainCount(c[0], c[1], 50_000) < 0) {
            return; // not known to escape: nothing to check
        }
        // offer the proof every point of the orbit, as a kernel might
        double zr = 0;
        double zi = 0;
        for (int n = 1; zr * zr + zi * zi <= 4; n++) {
            double t = zr * zr - zi * zi + c[0];
            zi = 2 * zr * zi + c[1];
            zr = t;
            assertThat(InteriorProof.attracting(zr, zi, c[0], c[1])).as("z(%d) of %s, %s i", n, c[0], c[1]).isFalse();
        }
    }

    @Property(tries = 200)
    void simdProofsMatchTheSimdKernelWithoutShortcuts(@ForAll("nearOtherComponents") double[] c) {
        assertSimdShortcutsChangeNoCount(c);
    }

    @Example
    void everyNucleusIsProvenFromItsOrbit() {
        for (double[] c : ComponentEdges.NUCLEI) {
            double zr = 0;
            double zi = 0;
            for (int n = 0; n < 200; n++) {
                double t = zr * zr - zi * zi + c[0];
                zi = 2 * zr * zi + c[1];
                zr = t;
            }
            assertThat(InteriorProof.attracting(zr, zi, c[0], c[1])).as("%s, %s i", c[0], c[1]).isTrue();
        }
    }

    @Example
    void proofsEndInteriorPixelsLongBeforeTheirOrbitsRepeat() {
        // a 64 x 32 block inside the period-3 bulb, near its edge where the orbits converge slowly:
        // without the proofs most pixels run to the limit (the double orbit never repeats exactly)
        Plane p = Plane.mandelbrot(-0.156, 0.81, 6.1e-5, 6.1e-5, 100_000, true);
        int[] counts = new int[64 * 32];
        long work = VectorKernel.INSTANCE.render(p, 0, 0, 64, 32, counts, new float[64 * 32], 64);
        assertThat(counts).containsOnly(-1);
        assertThat(work).as("iterations").isLessThan(64 * 32 * 1000L);
    }

    @Example
    void failedProofsDoNotCostBrentItsExactRepetitions() {
        // a period-15 minibrot of size 8.8e-11 near i, at 50,000 iterations: near the cycle's
        // point by 0 a proof with a fixed disc of 2^-10 failed, and a failure once also dropped
        // the lane's saved point, so pixels Brent would have settled ran on (4.3 M iterations for
        // the block at its centre instead of 1.1 M, 25.4 M at its edge instead of 7.6 M; those
        // were blocks of 16 steps). Brent saves and compares at block ends, so what it needs
        // grows with the block: at the centre 1.1 M with blocks of 16 steps, 2.2 M with 32. The
        // bound, 60 blocks a pixel, is 2 M at 16.
        double d = 8.82376e-11 * 3.5 / 1024;
        double centreBound = 60.0 * VectorKernel.BLOCK * 64 * 32;
        for (double[] block : new double[][] {{0, 0, centreBound}, {200, 0, 0}}) {
            double re0 = 6.842778712581656e-6 + (block[0] - 32) * d;
            double im0 = 0.999996585822812 + (block[1] + 16) * d;
            int[] counts = new int[64 * 32];
            long on = VectorKernel.INSTANCE.render(Plane.mandelbrot(re0, im0, d, d, 50_000, true), 0, 0, 64, 32, counts,
                    new float[counts.length], 64);
            long off = VectorKernel.INSTANCE.render(Plane.mandelbrot(re0, im0, d, d, 50_000, false), 0, 0, 64, 32,
                    new int[counts.length], new float[counts.length], 64);
            assertThat(on).as("iterations with shortcuts, block at %s", block[0]).isLessThan(off / 2);
            if (block[2] > 0) {
                assertThat(counts).containsOnly(-1);
                assertThat(on).as("iterations at the centre").isLessThan((long) block[2]);
            }
        }
    }

    @Example
    void periodicityActuallySavesWorkInsideSmallerBulbs() {
        // c = -0.122 + 0.745i lies in the period-3 bulb ("rabbit"): not covered by the closed forms
        Plane p = Plane.mandelbrot(-0.122, 0.745, 1e-3, 1e-3, 100_000, true);
        int[] counts = new int[1];
        long work = ScalarKernel.INSTANCE.render(p, 0, 0, 1, 1, counts, new float[1], 1);
        assertThat(Orbits.inCardioidOrBulb(-0.122, 0.745)).isFalse();
        assertThat(counts[0]).isEqualTo(-1);
        assertThat(work).isLessThan(10_000);
    }
}
