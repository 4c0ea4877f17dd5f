package dev.mandelbrot.render.kernel;

/**
 * Internal, not API. Chooses the kernel once per process and logs the choice.
 */
public final class Kernels {

    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    private Kernels() {}

    /** The plain scalar reference kernel. */
    public static Kernel scalar() {
        return ScalarKernel.INSTANCE;
    }

    /** The fastest kernel available on this machine (chosen and logged once). */
    public static Kernel best() {
        return Best.KERNEL;
    }

    private static final class Best {
        static final Kernel KERNEL = choose();

        private static Kernel choose() {
            Kernel k = scalar();
            LOG.log(System.Logger.Level.INFO, "render kernel: {0}", k.name());
            return k;
        }
    }
}
