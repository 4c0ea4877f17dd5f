package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.color.Colouring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every method of the SIMD kernels and of the colouring must compile at C1's profiling tier. One
 * that cannot (C1's register allocator gives up on a very large method) is a trap: a JVM that
 * first compiled it at C1's second tier, which does not profile, never gives it to C2, and the
 * kernel then runs its Vector API code unintrinsified, 17 times slower, for the life of the JVM.
 * That happened to the main loop written out for six vectors (see {@code VectorKernel.SLOTS}),
 * which is why six come with a compiler directive that keeps C1 away from that loop. The checks
 * run the kernels in a child JVM and read its {@code -XX:+PrintCompilation} lines.
 */
class KernelJitTest {

    /** C1 only, compiling after a hundredth of the usual invocations and loop turns, in the foreground. */
    private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=3", "-XX:CompileThresholdScaling=0.01", "-Xbatch");

    @Test
    void everyKernelMethodCompilesAtC1sProfilingTier() throws Exception {
        List<String> log = renderInChildJvm(C1_ONLY); // the default: four, for without C2 six would need C1
        assertThat(log).as("the child rendered with the main loop compiled at tier 3")
                .anyMatch(line -> compiledAt(line, "VectorKernel::iterate", "3"));
        assertThat(log).as("compilations of kernel code that C1 gave up on")
                .noneMatch(line -> line.contains("dev.mandelbrot.render") && line.contains("COMPILE SKIPPED"));
        assertThat(log).as("the child coloured with the vector levels compiled")
                .anyMatch(line -> line.contains("VectorLevels::levelsOf"))
                .anyMatch(line -> line.contains("VectorLevels::lookUp"));
    }

    @Test
    void sixVectorsWrittenOutAreMoreThanC1Compiles() throws Exception {
        // The reason six slots need the directive. If a JDK's C1 ever compiles them, this fails:
        // then the directive could go. Without C2 (as here) no directive is added.
        List<String> log = renderInChildJvm(C1_ONLY, "-Dmandelbrot.vector.slots=6");
        assertThat(log).anyMatch(line -> line.contains("VectorKernel::iterate") && line.contains("COMPILE SKIPPED"));
    }

    @Test
    void sixVectorsAreKeptFromC1AndCompiledByC2() throws Exception {
        // every tier, thresholds lowered so that C2 comes within the child's few frames
        List<String> log = renderInChildJvm(List.of("-XX:CompileThresholdScaling=0.05", "-Xbatch"),
                "-Dmandelbrot.vector.slots=6");
        assertThat(log).as("C1 turned away from the six-slot loop by the directive")
                .anyMatch(line -> line.contains("VectorKernel::iterate") && line.contains("excluded by CompileCommand"));
        assertThat(log).as("C1 compilations of the six-slot loop, the trap's first step")
                .noneMatch(line -> compiledAt(line, "VectorKernel::iterate", "[123]"));
        assertThat(log).as("the six-slot loop compiled by C2")
                .anyMatch(line -> compiledAt(line, "VectorKernel::iterate", "4"));
    }

    /** Whether a {@code -XX:+PrintCompilation} line is a compilation of the method at a tier matching {@code tier}. */
    private static boolean compiledAt(String line, String method, String tier) {
        // "  412  1825 %  b    4       dev.mandelbrot...::iterate @ 93 (2478 bytes)": time, id, flags, tier
        return line.contains(method) && line.matches("\\s*\\d+\\s+\\d+\\s+[%sbn! ]*" + tier + "\\s+.*");
    }

    private static List<String> renderInChildJvm(List<String> jit, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(properties));
        command.addAll(jit);
        command.addAll(List.of("-XX:+PrintCompilation",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Frames.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("child JVM exit code; its output:%n%s", text).isZero();
        return text.lines().toList();
    }

    /**
     * The child JVM: renders the seed's view with every kernel, at the float and the double
     * iteration counts, and colours it both ways (the colouring's levels are Vector API code too:
     * the table lookups, and the logarithm for bands too narrow for a table).
     */
    static final class Frames {
        public static void main(String[] args) {
            int w = 64;
            int h = 64;
            int[] counts = new int[w * h];
            float[] smooth = new float[w * h];
            for (int round = 0; round < 3; round++) {
                for (int iterations : new int[] {100, 1000}) {
                    for (boolean shortcuts : new boolean[] {true, false}) {
                        Plane seed = new Plane(-2.5, 1, 3.5 / w, 2.0 / h, false, 0, 0, iterations, shortcuts);
                        Kernels.vectorDouble().render(seed, 0, 0, w, h, counts, smooth, w);
                        Kernels.vectorFloat().render(seed, 0, 0, w, h, counts, smooth, w);
                        EscapeField field = new EscapeField(w, h, iterations, counts, smooth, 0);
                        Colouring.defaults().toRgb(field);
                        Colouring.defaults().toIndices(field);
                        // bands too narrow for a level table: the levels' logarithm path
                        Colouring.defaults().withDensity(1000).withLevels(Colouring.MAX_LEVELS).toRgb(field);
                    }
                }
            }
        }
    }
}
