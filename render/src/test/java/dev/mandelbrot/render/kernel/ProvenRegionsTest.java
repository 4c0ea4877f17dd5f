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
    void aBlockNearABulbsEdgeIsProvenAsTheCycleMovesAcrossIt() {
        // the corner of map tile 8/123/83 nearest the period-3 bulb's edge (|multiplier| about 0.9
        // there): the cycle moves by about 30 pixels' width across the block, so a disc of z with
        // a fixed centre had to be too wide to contract and every pixel iterated (8.3 M iterations
        // for the tile); a disc that moves with c proves the block at once
        double d = 4.0 / 256 / 256;
        Plane p = Plane.mandelbrot(-0.0625 - 64 * d, 0.6875 + 32 * d, d, d, 1000, true);
        int[] counts = new int[64 * 32];
        long work = REGIONS.render(p, 0, 0, 64, 32, counts, new float[counts.length], 64);
        assertThat(counts).containsOnly(-1);
        assertThat(work).as("iterations of pixels").isZero();
    }

    @Example
    void blocksInAHighPeriodComponentFindTheirOwnCycles() {
        // in map tile 8/63/110, beside the period-2 bulb, inside a period-8 component: the cycle
        // moves fast with c, so the cycle of a half of the block lies too far from the block
        // centre's for a return within NEAR, and one Newton step from an orbit near its cycle
        // left discs too wide (135,584 iterations of pixels when proofs searched for returns);
        // three Newton steps from the block centre's cycle find each half's
        double d = 4.0 / 256 / 256;
        Plane p = Plane.mandelbrot(-2 + 63 / 64.0 + 128.5 * d, 2 - 110 / 64.0 - 96.5 * d, d, d, 1000, true);
        int[] counts = new int[64 * 32];
        long work = new ProvenRegions(PIXELS).render(p, 0, 0, 64, 32, counts, new float[counts.length], 64);
        assertThat(counts).containsOnly(-1);
        assertThat(work).as("iterations of pixels").isZero();
    }

    @Example
    void everyParameterOfAProvenDiscStaysBounded() {
        // discs of parameters at several depths inside the components of ComponentEdges, from
        // their middle to a thousandth of their size from the edge: where a proof covers a disc,
        // its centre and 16 points on its rim must not escape within 20,000 iterations
        var random = new java.util.Random(20261206);
        double[] radii = {1e-3, 1e-4, 1e-5, 1e-7};
        double[] depths = {0.5, 0.9, 0.99, 0.999};
        int tries = 0;
        int proven = 0;
        for (double[] nucleus : ComponentEdges.NUCLEI) {
            for (int k = 0; k < 12; k++) {
                double t = 2 * Math.PI * random.nextDouble();
                double edge = ComponentEdges.edgeAlong(nucleus, t);
                for (double depth : depths) {
                    double cr = nucleus[0] + depth * edge * Math.cos(t);
                    double ci = nucleus[1] + depth * edge * Math.sin(t);
                    double[] z = orbitPoint(cr, ci, 3000);
                    for (double rho : radii) {
                        tries++;
                        if (!InteriorProof.attracting(z[0], z[1], cr, ci, rho)) {
                            continue;
                        }
                        proven++;
                        assertThat(InteriorShortcutsTest.plainCount(cr, ci, 20_000)).isEqualTo(-1);
                        for (int j = 0; j < 16; j++) {
                            double a = 2 * Math.PI * j / 16;
                            double pr = cr + rho * Math.cos(a);
                            double pi = ci + rho * Math.sin(a);
                            assertThat(InteriorShortcutsTest.plainCount(pr, pi, 20_000))
                                    .as("%s, %s i on the rim of the disc of %s around %s, %s i", pr, pi, rho, cr, ci)
                                    .isEqualTo(-1);
                        }
                    }
                }
            }
        }
        // and the proofs do work: 958 of the 1,344 discs (938 with one Newton step, 669 when the
        // disc of z had a fixed centre)
        assertThat(proven).as("discs proven of %d", tries).isGreaterThan(tries * 3 / 5);
    }

    private static double[] orbitPoint(double cr, double ci, int steps) {
        double zr = 0;
        double zi = 0;
        for (int n = 0; n < steps; n++) {
            double t = zr * zr - zi * zi + cr;
            zi = 2 * zr * zi + ci;
            zr = t;
        }
        return new double[] {zr, zi};
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
