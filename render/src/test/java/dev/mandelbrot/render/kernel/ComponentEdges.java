package dev.mandelbrot.render.kernel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Parameters on and around the edges of components the closed forms do not cover, where
 * {@link InteriorProof} works and where a wrong proof would hide.
 */
final class ComponentEdges {

    /**
     * Nuclei: the period-3 bulbs, the period-4 bulb on the real axis and one off it, the period-3
     * minibrot on the real axis, two period-5 bulbs.
     */
    static final double[][] NUCLEI = {
        {-0.12256116687665, 0.74486176661974}, {-0.12256116687665, -0.74486176661974},
        {-1.3107026413368, 0}, {0.28227139076691, 0.53006061757852}, {-1.7548776662467, 0},
        {-0.50434017544508, 0.56276576145464}, {0.37951358409684, 0.33486992785005},
    };

    private ComponentEdges() {}

    /**
     * From a nucleus along a random direction, the last point of the segment that does not escape
     * within 20,000 iterations (bisection), then moved along the segment by an offset from 1e-15
     * to 1e-3 of its length, inwards or outwards.
     */
    static Arbitrary<double[]> points() {
        Arbitrary<double[]> nucleus = Arbitraries.of(NUCLEI);
        Arbitrary<Double> angle = Arbitraries.doubles().between(0, 1).ofScale(15).map(f -> 2 * Math.PI * f);
        Arbitrary<Double> offset = Combinators.combine(
                        Arbitraries.of(1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3),
                        Arbitraries.doubles().between(-1, 1).ofScale(12))
                .as((scale, f) -> scale * f);
        return Combinators.combine(nucleus, angle, offset).as((c0, t, e) -> {
            double f = edgeAlong(c0, t) * (1 + e);
            return new double[] {c0[0] + f * Math.cos(t), c0[1] + f * Math.sin(t)};
        });
    }

    /**
     * How far from {@code nucleus} along the direction {@code t} (radians) the last point is that
     * does not escape within 20,000 iterations (bisection over 0.3).
     */
    static double edgeAlong(double[] nucleus, double t) {
        double dx = Math.cos(t);
        double dy = Math.sin(t);
        double inside = 0;
        double outside = 0.3;
        for (int i = 0; i < 50; i++) {
            double mid = (inside + outside) / 2;
            if (InteriorShortcutsTest.plainCount(nucleus[0] + mid * dx, nucleus[1] + mid * dy, 20_000) < 0) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return inside;
    }
}
