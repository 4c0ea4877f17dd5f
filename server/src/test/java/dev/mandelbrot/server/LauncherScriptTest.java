package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./mandelbrot} launcher at the repository's root: shellcheck-clean, finds a JDK 25. */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of("..", "mandelbrot").toAbsolutePath().normalize();

    private record Result(int code, String output) {}

    private static Result run(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void theLauncherIsShellcheckClean() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/shellcheck")), "shellcheck is not installed");
        Result r = run(Map.of(), List.of("shellcheck", "-x", SCRIPT.toString()));
        assertThat(r.code()).as(r.output()).isZero();
    }

    @Test
    void aJavaToolOptionsBannerDoesNotHideTheJdk(@TempDir Path dir) throws Exception {
        // with JAVA_TOOL_OPTIONS set (a profiler, an agent), `java -version` starts with
        // "Picked up JAVA_TOOL_OPTIONS: ..."; the launcher once took that for a JVM other than 25
        Result r = run(Map.of("MANDELBROT_JAR", dir.resolve("none.jar").toString(),
                        "JAVA_HOME", System.getProperty("java.home"), "JAVA_TOOL_OPTIONS", "-Dmandelbrot.test=1"),
                List.of("bash", SCRIPT.toString(), "help"));
        assertThat(r.output()).doesNotContain("no JDK 25 found").contains("no jar at " + dir.resolve("none.jar"));
        assertThat(r.code()).isEqualTo(1);
    }
}
