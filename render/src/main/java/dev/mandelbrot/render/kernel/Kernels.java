package dev.mandelbrot.render.kernel;

import java.util.Arrays;

/**
 * Internal, not API. Chooses the kernel once per process and logs the choice.
 *
 * <p>The SIMD kernel is used when the {@code jdk.incubator.vector} module is present (the JVM was
 * started with {@code --add-modules jdk.incubator.vector}), the preferred vector holds at least two
 * doubles, the CPU has fused multiply-add (HotSpot's {@code UseFMA}; the kernel's step is built on
 * it, and without the instruction each one would be emulated in software), and a self-check on a
 * small image agrees with the scalar kernel. Otherwise the scalar
 * kernel is used and the reason is logged. The system property {@code mandelbrot.kernel=scalar}
 * forces the scalar kernel.
 */
public final class Kernels {

    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    private Kernels() {}

    /** The plain scalar reference kernel. */
    public static Kernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /**
     * The double-precision SIMD kernel on the preferred vector width (or the one set by
     * {@code -Dmandelbrot.vector.bits}), never switching to float.
     *
     * @throws UnsupportedOperationException if the Vector API is not available in this JVM
     */
    public static Kernel vectorDouble() {
        try {
            return VectorKernel.INSTANCE;
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("the Vector API is not available: start the JVM with "
                    + "--add-modules jdk.incubator.vector", e);
        }
    }

    /**
     * The float32 SIMD kernel, for benchmarks; it is only exact enough where
     * {@code FloatVectorKernel.suits} says so, which {@link #best()} checks per block.
     */
    public static Kernel vectorFloat() {
        try {
            return FloatVectorKernel.INSTANCE;
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("the Vector API is not available: start the JVM with "
                    + "--add-modules jdk.incubator.vector", e);
        }
    }

    /**
     * The fastest kernel available on this machine (chosen and logged once): SIMD in double, with
     * float lanes for blocks where float is exact enough and whole blocks proven interior where
     * {@link ProvenRegions} can; scalar if the Vector API is unusable.
     */
    public static Kernel best() {
        return Best.KERNEL;
    }

    private static final class Best {
        static final Kernel KERNEL = choose();

        private static Kernel choose() {
            if ("scalar".equals(System.getProperty("mandelbrot.kernel"))) {
                LOG.log(System.Logger.Level.INFO, "render kernel: scalar (forced by -Dmandelbrot.kernel=scalar)");
                return scalar();
            }
            try {
                Kernel vector = VectorKernel.INSTANCE;
                if (vector.name().endsWith("-64")) {
                    return fallback("the preferred vector holds a single double");
                }
                if (!HotSpotFlags.hardwareFma()) {
                    return fallback("the CPU has no fused multiply-add (-XX:-UseFMA)");
                }
                if (!agreesWithScalar(vector)) {
                    return fallback("the SIMD kernel failed its self-check");
                }
                Kernel chosen = new ProvenRegions(new PrecisionKernel(vector, FloatVectorKernel.INSTANCE));
                LOG.log(System.Logger.Level.INFO, "render kernel: {0} (float lanes where exact enough, blocks "
                        + "proven interior where they can be; {1}; {2})", chosen.name(), VectorKernel.stepChosen(),
                        VectorKernel.slotsChosen());
                return chosen;
            } catch (LinkageError | RuntimeException e) {
                return fallback("the Vector API is not usable (" + e + "); start the JVM with "
                        + "--add-modules jdk.incubator.vector");
            }
        }

        private static Kernel fallback(String why) {
            LOG.log(System.Logger.Level.WARNING, "render kernel: scalar, because {0}", why);
            return scalar();
        }

        /** Renders a small view with both kernels; a broken intrinsic would show up here. */
        private static boolean agreesWithScalar(Kernel vector) {
            Plane p = Plane.mandelbrot(-2 + 0.1, 1.2 - 0.1, 0.2, 0.2, 200, true);
            int[] a = new int[17 * 13];
            int[] b = new int[17 * 13];
            float[] sa = new float[a.length];
            float[] sb = new float[a.length];
            scalar().render(p, 0, 0, 17, 13, a, sa, 17);
            vector.render(p, 0, 0, 17, 13, b, sb, 17);
            return Arrays.equals(a, b);
        }
    }
}
