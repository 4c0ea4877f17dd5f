package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Which kernel {@link Kernels#best()} picks. Runs twice: in the default test JVM (a CPU with fused
 * multiply-add, as on every machine we deploy to) and in one started with {@code -XX:-UseFMA}
 * (the {@code no-fma} execution in {@code render/pom.xml}), where the SIMD kernel would emulate
 * each multiply-add in software and the scalar kernel must be chosen instead.
 */
class KernelChoiceTest {

    @Test
    void theSimdKernelIsChosenOnlyWhereTheCpuFusesMultiplyAdds() {
        boolean fma = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("UseFMA").getValue());
        String chosen = Kernels.best().name();
        if (fma) {
            assertThat(chosen).contains("vector-double");
        } else {
            assertThat(chosen).isEqualTo("scalar");
        }
    }

    @Test
    void theChoiceStillRendersLikeTheReference() {
        Plane p = Plane.mandelbrot(-2.5 + 3.5 / 128, 1 - 1.0 / 64, 3.5 / 64, 2.0 / 64, 300, true);
        int[] expected = new int[64 * 64];
        int[] actual = new int[64 * 64];
        Kernels.scalar().render(p, 0, 0, 64, 64, expected, new float[expected.length], 64);
        Kernels.best().render(p, 0, 0, 64, 64, actual, new float[actual.length], 64);
        int differing = 0;
        for (int k = 0; k < expected.length; k++) {
            differing += expected[k] == actual[k] ? 0 : 1;
        }
        assertThat(differing).isLessThanOrEqualTo(VectorKernelTest.MAX_FMA_PIXELS);
    }
}
