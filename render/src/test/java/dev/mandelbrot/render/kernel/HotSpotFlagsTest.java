package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HotSpotFlagsTest {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    @Test
    void tellsAnAmdCpuFromOthersAsTheKernelDoesOnThisMachine() throws IOException {
        // the kernel's step is chosen by this answer; /proc/cpuinfo names the vendor outright
        assumeThat(Files.isReadable(CPU_INFO)).as("Linux").isTrue();
        String vendor = Files.readAllLines(CPU_INFO).stream()
                .filter(line -> line.startsWith("vendor_id"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst().orElse("none (not x86)");
        assertThat(HotSpotFlags.amdX86()).as("AMD by HotSpot's flags, where /proc/cpuinfo says %s", vendor)
                .isEqualTo(vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine"));
    }

    @Test
    void readsFlagsAndAnswersEmptyForOnesThisJvmDoesNotHave() {
        assertThat(HotSpotFlags.value("UseFMA")).hasValueSatisfying(v -> assertThat(v).isIn("true", "false"));
        assertThat(HotSpotFlags.value("NoSuchFlagAnywhere")).isEmpty();
        assertThat(HotSpotFlags.hardwareFma()).isEqualTo(!HotSpotFlags.value("UseFMA").orElse("true").equals("false"));
    }
}
