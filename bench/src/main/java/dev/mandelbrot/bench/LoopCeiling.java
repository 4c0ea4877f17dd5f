package dev.mandelbrot.bench;

import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ceiling of a Vector API escape-time loop on this machine: six vectors of
 * {@code SPECIES_PREFERRED} doubles stepping {@code z <- z^2 + c} with no test, no count and no
 * refill, in the kernel's exact rounding ({@code zi' = (zr + zr) * zi + ci}) and with a fused
 * multiply-add for {@code zi'}. Every pixel stays inside the main cardioid, so the orbits stay
 * finite. The last two take the kernel's doubled step ({@code VectorKernel.DOUBLED}: four
 * multiply-adds on {@code a = 2 zr}, the same orbit bit for bit). Prints lane steps per second for
 * each, 12 rounds of 10 M steps. Each loop is written out on its own rather than chosen by a
 * flag, so that each is compiled with nothing in it but its own arithmetic.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.mandelbrot.bench.LoopCeiling
 * </pre>
 */
public final class LoopCeiling {

    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    private static final int STEPS = 10_000_000;
    private static final String[] NAMES = {
        "exact (scalar rounding)", "fused zi'", "fused both, zr' = (zr - zi)(zr + zi) + cr",
        "fused, zr' = zr*zr + (cr - zi*zi)", "as product, half the sums zr + zi on the FMA unit",
        "the same on 4 vectors (the kernel's slots)",
        "doubled, a = 2 zr: four multiply-adds a step (the kernel on Intel, AVX-512)", "the same on 4 vectors", "the same on 5 vectors"};

    private LoopCeiling() {
    }

    public static void main(String[] args) {
        double[] c = new double[SP.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = -0.1 + i * 0.001;
        }
        double sink = 0;
        for (int variant = 0; variant < NAMES.length; variant++) {
            double best = 0;
            for (int round = 0; round < 12; round++) {
                long start = System.nanoTime();
                sink += switch (variant) { case 0 -> exact(c); case 1 -> fused(c); case 2 -> product(c); case 3 -> negated(c); case 4 -> balanced(c); case 5 -> balancedFour(c); case 6 -> doubled(c); case 7 -> doubledFour(c); default -> doubledFive(c); };
                double rate = (double) STEPS * (variant == 5 || variant == 7 ? 4 : variant == 8 ? 5 : 6) * SP.length() / (System.nanoTime() - start);
                best = round >= 4 ? Math.max(best, rate) : best;
            }
            System.out.printf(Locale.ROOT, "%s: %.2f G lane steps/s (best of rounds 5-12)%n", NAMES[variant], best);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static double exact(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector r0 = zr0.mul(zr0), q0 = zi0.mul(zi0);
            zi0 = zr0.add(zr0).mul(zi0).add(ci);
            zr0 = r0.sub(q0).add(cr0);
            DoubleVector r1 = zr1.mul(zr1), q1 = zi1.mul(zi1);
            zi1 = zr1.add(zr1).mul(zi1).add(ci);
            zr1 = r1.sub(q1).add(cr1);
            DoubleVector r2 = zr2.mul(zr2), q2 = zi2.mul(zi2);
            zi2 = zr2.add(zr2).mul(zi2).add(ci);
            zr2 = r2.sub(q2).add(cr2);
            DoubleVector r3 = zr3.mul(zr3), q3 = zi3.mul(zi3);
            zi3 = zr3.add(zr3).mul(zi3).add(ci);
            zr3 = r3.sub(q3).add(cr3);
            DoubleVector r4 = zr4.mul(zr4), q4 = zi4.mul(zi4);
            zi4 = zr4.add(zr4).mul(zi4).add(ci);
            zr4 = r4.sub(q4).add(cr4);
            DoubleVector r5 = zr5.mul(zr5), q5 = zi5.mul(zi5);
            zi5 = zr5.add(zr5).mul(zi5).add(ci);
            zr5 = r5.sub(q5).add(cr5);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    private static double fused(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector r0 = zr0.mul(zr0), q0 = zi0.mul(zi0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci);
            zr0 = r0.sub(q0).add(cr0);
            DoubleVector r1 = zr1.mul(zr1), q1 = zi1.mul(zi1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci);
            zr1 = r1.sub(q1).add(cr1);
            DoubleVector r2 = zr2.mul(zr2), q2 = zi2.mul(zi2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci);
            zr2 = r2.sub(q2).add(cr2);
            DoubleVector r3 = zr3.mul(zr3), q3 = zi3.mul(zi3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci);
            zr3 = r3.sub(q3).add(cr3);
            DoubleVector r4 = zr4.mul(zr4), q4 = zi4.mul(zi4);
            zi4 = zr4.add(zr4).lanewise(VectorOperators.FMA, zi4, ci);
            zr4 = r4.sub(q4).add(cr4);
            DoubleVector r5 = zr5.mul(zr5), q5 = zi5.mul(zi5);
            zi5 = zr5.add(zr5).lanewise(VectorOperators.FMA, zi5, ci);
            zr5 = r5.sub(q5).add(cr5);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    private static double product(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector d0 = zr0.sub(zi0), s0 = zr0.add(zi0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci);
            zr0 = d0.lanewise(VectorOperators.FMA, s0, cr0);
            DoubleVector d1 = zr1.sub(zi1), s1 = zr1.add(zi1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci);
            zr1 = d1.lanewise(VectorOperators.FMA, s1, cr1);
            DoubleVector d2 = zr2.sub(zi2), s2 = zr2.add(zi2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci);
            zr2 = d2.lanewise(VectorOperators.FMA, s2, cr2);
            DoubleVector d3 = zr3.sub(zi3), s3 = zr3.add(zi3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci);
            zr3 = d3.lanewise(VectorOperators.FMA, s3, cr3);
            DoubleVector d4 = zr4.sub(zi4), s4 = zr4.add(zi4);
            zi4 = zr4.add(zr4).lanewise(VectorOperators.FMA, zi4, ci);
            zr4 = d4.lanewise(VectorOperators.FMA, s4, cr4);
            DoubleVector d5 = zr5.sub(zi5), s5 = zr5.add(zi5);
            zi5 = zr5.add(zr5).lanewise(VectorOperators.FMA, zi5, ci);
            zr5 = d5.lanewise(VectorOperators.FMA, s5, cr5);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    private static double negated(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector t0 = zi0.neg().lanewise(VectorOperators.FMA, zi0, cr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci);
            zr0 = zr0.lanewise(VectorOperators.FMA, zr0, t0);
            DoubleVector t1 = zi1.neg().lanewise(VectorOperators.FMA, zi1, cr1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci);
            zr1 = zr1.lanewise(VectorOperators.FMA, zr1, t1);
            DoubleVector t2 = zi2.neg().lanewise(VectorOperators.FMA, zi2, cr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci);
            zr2 = zr2.lanewise(VectorOperators.FMA, zr2, t2);
            DoubleVector t3 = zi3.neg().lanewise(VectorOperators.FMA, zi3, cr3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci);
            zr3 = zr3.lanewise(VectorOperators.FMA, zr3, t3);
            DoubleVector t4 = zi4.neg().lanewise(VectorOperators.FMA, zi4, cr4);
            zi4 = zr4.add(zr4).lanewise(VectorOperators.FMA, zi4, ci);
            zr4 = zr4.lanewise(VectorOperators.FMA, zr4, t4);
            DoubleVector t5 = zi5.neg().lanewise(VectorOperators.FMA, zi5, cr5);
            zi5 = zr5.add(zr5).lanewise(VectorOperators.FMA, zi5, ci);
            zr5 = zr5.lanewise(VectorOperators.FMA, zr5, t5);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    private static double balanced(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector one = DoubleVector.broadcast(SP, 1.0);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector d0 = zr0.sub(zi0), s0 = zi0.lanewise(VectorOperators.FMA, one, zr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci);
            zr0 = d0.lanewise(VectorOperators.FMA, s0, cr0);
            DoubleVector d1 = zr1.sub(zi1), s1 = zr1.add(zi1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci);
            zr1 = d1.lanewise(VectorOperators.FMA, s1, cr1);
            DoubleVector d2 = zr2.sub(zi2), s2 = zi2.lanewise(VectorOperators.FMA, one, zr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci);
            zr2 = d2.lanewise(VectorOperators.FMA, s2, cr2);
            DoubleVector d3 = zr3.sub(zi3), s3 = zr3.add(zi3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci);
            zr3 = d3.lanewise(VectorOperators.FMA, s3, cr3);
            DoubleVector d4 = zr4.sub(zi4), s4 = zi4.lanewise(VectorOperators.FMA, one, zr4);
            zi4 = zr4.add(zr4).lanewise(VectorOperators.FMA, zi4, ci);
            zr4 = d4.lanewise(VectorOperators.FMA, s4, cr4);
            DoubleVector d5 = zr5.sub(zi5), s5 = zr5.add(zi5);
            zi5 = zr5.add(zr5).lanewise(VectorOperators.FMA, zi5, ci);
            zr5 = d5.lanewise(VectorOperators.FMA, s5, cr5);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    private static double balancedFour(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector one = DoubleVector.broadcast(SP, 1.0);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0), cr1 = cr0.add(0.001), cr2 = cr0.add(0.002);
        DoubleVector cr3 = cr0.add(0.003), cr4 = cr0.add(0.004), cr5 = cr0.add(0.005);
        DoubleVector zr0 = cr0, zr1 = cr1, zr2 = cr2, zr3 = cr3, zr4 = cr4, zr5 = cr5;
        DoubleVector zi0 = ci, zi1 = ci, zi2 = ci, zi3 = ci, zi4 = ci, zi5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector d0 = zr0.sub(zi0), s0 = zi0.lanewise(VectorOperators.FMA, one, zr0);
            zi0 = zr0.add(zr0).lanewise(VectorOperators.FMA, zi0, ci);
            zr0 = d0.lanewise(VectorOperators.FMA, s0, cr0);
            DoubleVector d1 = zr1.sub(zi1), s1 = zr1.add(zi1);
            zi1 = zr1.add(zr1).lanewise(VectorOperators.FMA, zi1, ci);
            zr1 = d1.lanewise(VectorOperators.FMA, s1, cr1);
            DoubleVector d2 = zr2.sub(zi2), s2 = zi2.lanewise(VectorOperators.FMA, one, zr2);
            zi2 = zr2.add(zr2).lanewise(VectorOperators.FMA, zi2, ci);
            zr2 = d2.lanewise(VectorOperators.FMA, s2, cr2);
            DoubleVector d3 = zr3.sub(zi3), s3 = zr3.add(zi3);
            zi3 = zr3.add(zr3).lanewise(VectorOperators.FMA, zi3, ci);
            zr3 = d3.lanewise(VectorOperators.FMA, s3, cr3);
        }
        return zr0.add(zr1).add(zr2).add(zr3).add(zr4).add(zr5).add(zi0).reduceLanes(VectorOperators.ADD);
    }

    /** a = 2 zr, b = zi: {@code a' = (a - 2b)(a/2 + b) + 2cr}, {@code b' = a b + ci}, each a multiply-add. */
    private static double doubled(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector minusTwo = DoubleVector.broadcast(SP, -2.0);
        DoubleVector half = DoubleVector.broadcast(SP, 0.5);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0).mul(2.0), cr1 = cr0.add(0.002), cr2 = cr0.add(0.004);
        DoubleVector cr3 = cr0.add(0.006), cr4 = cr0.add(0.008), cr5 = cr0.add(0.010);
        DoubleVector a0 = cr0, a1 = cr1, a2 = cr2, a3 = cr3, a4 = cr4, a5 = cr5;
        DoubleVector b0 = ci, b1 = ci, b2 = ci, b3 = ci, b4 = ci, b5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector u0 = b0.lanewise(VectorOperators.FMA, minusTwo, a0), v0 = a0.lanewise(VectorOperators.FMA, half, b0);
            b0 = a0.lanewise(VectorOperators.FMA, b0, ci);
            a0 = u0.lanewise(VectorOperators.FMA, v0, cr0);
            DoubleVector u1 = b1.lanewise(VectorOperators.FMA, minusTwo, a1), v1 = a1.lanewise(VectorOperators.FMA, half, b1);
            b1 = a1.lanewise(VectorOperators.FMA, b1, ci);
            a1 = u1.lanewise(VectorOperators.FMA, v1, cr1);
            DoubleVector u2 = b2.lanewise(VectorOperators.FMA, minusTwo, a2), v2 = a2.lanewise(VectorOperators.FMA, half, b2);
            b2 = a2.lanewise(VectorOperators.FMA, b2, ci);
            a2 = u2.lanewise(VectorOperators.FMA, v2, cr2);
            DoubleVector u3 = b3.lanewise(VectorOperators.FMA, minusTwo, a3), v3 = a3.lanewise(VectorOperators.FMA, half, b3);
            b3 = a3.lanewise(VectorOperators.FMA, b3, ci);
            a3 = u3.lanewise(VectorOperators.FMA, v3, cr3);
            DoubleVector u4 = b4.lanewise(VectorOperators.FMA, minusTwo, a4), v4 = a4.lanewise(VectorOperators.FMA, half, b4);
            b4 = a4.lanewise(VectorOperators.FMA, b4, ci);
            a4 = u4.lanewise(VectorOperators.FMA, v4, cr4);
            DoubleVector u5 = b5.lanewise(VectorOperators.FMA, minusTwo, a5), v5 = a5.lanewise(VectorOperators.FMA, half, b5);
            b5 = a5.lanewise(VectorOperators.FMA, b5, ci);
            a5 = u5.lanewise(VectorOperators.FMA, v5, cr5);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(b0).reduceLanes(VectorOperators.ADD);
    }

    /** a = 2 zr, b = zi: {@code a' = (a - 2b)(a/2 + b) + 2cr}, {@code b' = a b + ci}, each a multiply-add. */
    private static double doubledFour(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector minusTwo = DoubleVector.broadcast(SP, -2.0);
        DoubleVector half = DoubleVector.broadcast(SP, 0.5);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0).mul(2.0), cr1 = cr0.add(0.002), cr2 = cr0.add(0.004);
        DoubleVector cr3 = cr0.add(0.006), cr4 = cr0.add(0.008), cr5 = cr0.add(0.010);
        DoubleVector a0 = cr0, a1 = cr1, a2 = cr2, a3 = cr3, a4 = cr4, a5 = cr5;
        DoubleVector b0 = ci, b1 = ci, b2 = ci, b3 = ci, b4 = ci, b5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector u0 = b0.lanewise(VectorOperators.FMA, minusTwo, a0), v0 = a0.lanewise(VectorOperators.FMA, half, b0);
            b0 = a0.lanewise(VectorOperators.FMA, b0, ci);
            a0 = u0.lanewise(VectorOperators.FMA, v0, cr0);
            DoubleVector u1 = b1.lanewise(VectorOperators.FMA, minusTwo, a1), v1 = a1.lanewise(VectorOperators.FMA, half, b1);
            b1 = a1.lanewise(VectorOperators.FMA, b1, ci);
            a1 = u1.lanewise(VectorOperators.FMA, v1, cr1);
            DoubleVector u2 = b2.lanewise(VectorOperators.FMA, minusTwo, a2), v2 = a2.lanewise(VectorOperators.FMA, half, b2);
            b2 = a2.lanewise(VectorOperators.FMA, b2, ci);
            a2 = u2.lanewise(VectorOperators.FMA, v2, cr2);
            DoubleVector u3 = b3.lanewise(VectorOperators.FMA, minusTwo, a3), v3 = a3.lanewise(VectorOperators.FMA, half, b3);
            b3 = a3.lanewise(VectorOperators.FMA, b3, ci);
            a3 = u3.lanewise(VectorOperators.FMA, v3, cr3);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(b0).reduceLanes(VectorOperators.ADD);
    }

    /** a = 2 zr, b = zi: {@code a' = (a - 2b)(a/2 + b) + 2cr}, {@code b' = a b + ci}, each a multiply-add. */
    private static double doubledFive(double[] c) {
        DoubleVector ci = DoubleVector.broadcast(SP, 0.1);
        DoubleVector minusTwo = DoubleVector.broadcast(SP, -2.0);
        DoubleVector half = DoubleVector.broadcast(SP, 0.5);
        DoubleVector cr0 = DoubleVector.fromArray(SP, c, 0).mul(2.0), cr1 = cr0.add(0.002), cr2 = cr0.add(0.004);
        DoubleVector cr3 = cr0.add(0.006), cr4 = cr0.add(0.008), cr5 = cr0.add(0.010);
        DoubleVector a0 = cr0, a1 = cr1, a2 = cr2, a3 = cr3, a4 = cr4, a5 = cr5;
        DoubleVector b0 = ci, b1 = ci, b2 = ci, b3 = ci, b4 = ci, b5 = ci;
        for (int s = 0; s < STEPS; s++) {
            DoubleVector u0 = b0.lanewise(VectorOperators.FMA, minusTwo, a0), v0 = a0.lanewise(VectorOperators.FMA, half, b0);
            b0 = a0.lanewise(VectorOperators.FMA, b0, ci);
            a0 = u0.lanewise(VectorOperators.FMA, v0, cr0);
            DoubleVector u1 = b1.lanewise(VectorOperators.FMA, minusTwo, a1), v1 = a1.lanewise(VectorOperators.FMA, half, b1);
            b1 = a1.lanewise(VectorOperators.FMA, b1, ci);
            a1 = u1.lanewise(VectorOperators.FMA, v1, cr1);
            DoubleVector u2 = b2.lanewise(VectorOperators.FMA, minusTwo, a2), v2 = a2.lanewise(VectorOperators.FMA, half, b2);
            b2 = a2.lanewise(VectorOperators.FMA, b2, ci);
            a2 = u2.lanewise(VectorOperators.FMA, v2, cr2);
            DoubleVector u3 = b3.lanewise(VectorOperators.FMA, minusTwo, a3), v3 = a3.lanewise(VectorOperators.FMA, half, b3);
            b3 = a3.lanewise(VectorOperators.FMA, b3, ci);
            a3 = u3.lanewise(VectorOperators.FMA, v3, cr3);
            DoubleVector u4 = b4.lanewise(VectorOperators.FMA, minusTwo, a4), v4 = a4.lanewise(VectorOperators.FMA, half, b4);
            b4 = a4.lanewise(VectorOperators.FMA, b4, ci);
            a4 = u4.lanewise(VectorOperators.FMA, v4, cr4);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(b0).reduceLanes(VectorOperators.ADD);
    }
}
