package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HotSpotFlagsTest {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    @Test
    void tellsAnAmdCpuFromOthersAsTheKernelDoesOnThisMachine() throws IOException {
        // the kernel's step is chosen by this answer; /proc/cpuinfo names the vendor outright
        assumeThat(Files.isReadable(CPU_INFO)).as("Linux").isTrue();
        String vendor = cpuInfo("vendor_id").orElse("none (not x86)");
        assertThat(HotSpotFlags.amdX86()).as("AMD by HotSpot's flags, where /proc/cpuinfo says %s", vendor)
                .isEqualTo(vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine"));
    }

    @Test
    void readsFlagsAndAnswersEmptyForOnesThisJvmDoesNotHave() {
        assertThat(HotSpotFlags.value("UseFMA")).hasValueSatisfying(v -> assertThat(v).isIn("true", "false"));
        assertThat(HotSpotFlags.value("NoSuchFlagAnywhere")).isEmpty();
    }

    @Test
    void findsFusedMultiplyAddWhereTheCpuHasItAndTheJvmWasNotToldOtherwise() throws IOException {
        // two sources the flag does not come from: the CPU's own flags (x86 Linux) and this JVM's
        // arguments (the render module's "no-fma" test run starts it with -XX:-UseFMA)
        assumeThat(Files.isReadable(CPU_INFO)).as("Linux").isTrue();
        List<String> cpuFlags = cpuInfo("flags").map(flags -> List.of(flags.split(" "))).orElse(List.of());
        assumeThat(cpuFlags).as("an x86 CPU's flags").isNotEmpty();
        boolean turnedOff = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-UseFMA");
        assertThat(HotSpotFlags.hardwareFma())
                .as("fused multiply-add, where the CPU %s it and the JVM %s told not to use it",
                        cpuFlags.contains("fma") ? "has" : "lacks", turnedOff ? "was" : "was not")
                .isEqualTo(cpuFlags.contains("fma") && !turnedOff);
    }

    /** The first CPU's value of {@code field} in /proc/cpuinfo (x86 names: "vendor_id", "flags"). */
    private static Optional<String> cpuInfo(String field) throws IOException {
        return Files.readAllLines(CPU_INFO).stream()
                .filter(line -> line.startsWith(field))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip());
    }
}
