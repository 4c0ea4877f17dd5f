package dev.mandelbrot.render.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Internal. What HotSpot decided about the CPU it runs on, read from its flags: the JDK has no
 * other public view of the CPU, and the kernels choose their code by it.
 */
final class HotSpotFlags {

    private HotSpotFlags() {}

    /**
     * The value of a HotSpot flag; empty where it cannot be read: another JVM, a runtime image
     * without {@code jdk.management}, or a flag this CPU architecture does not have.
     */
    static Optional<String> value(String flag) {
        try {
            HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return diagnostics == null ? Optional.empty() : Optional.of(diagnostics.getVMOption(flag).getValue());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Whether HotSpot compiles fused multiply-adds to the CPU's instruction; true where unknown. */
    static boolean hardwareFma() {
        return !value("UseFMA").orElse("true").equals("false");
    }

    /**
     * Whether the CPU is an AMD x86 one (Zen and its forerunners). HotSpot sets {@code UseXmmI2F}
     * only there, on every AMD CPU with SSE4a (every Zen); Lucene reads it the same way to tell AMD
     * from Intel. False on Intel, on other architectures (no such flag) and where unknown.
     */
    static boolean amdX86() {
        return value("UseXmmI2F").orElse("false").equals("true");
    }
}
