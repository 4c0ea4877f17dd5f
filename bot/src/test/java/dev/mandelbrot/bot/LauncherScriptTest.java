package dev.mandelbrot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bot/mandelbot} launcher: shellcheck-clean, finds a JDK 25, says what is missing. */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of("mandelbot").toAbsolutePath();

    private record Result(int code, String output) {}

    private static Result run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool));
    }

    @Test
    void theLauncherIsShellcheckClean() throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed");
        Result r = run(Map.of(), List.of("shellcheck", "-x", SCRIPT.toString()));
        assertThat(r.code()).as(r.output()).isZero();
    }

    @Test
    void aMissingJarIsReportedWithTheCommandThatBuildsIt(@TempDir Path dir) throws Exception {
        Result r = run(Map.of("MANDELBOT_JAR", dir.resolve("none.jar").toString(), "JAVA_HOME", dir.toString()),
                List.of("bash", SCRIPT.toString(), "help"));
        // JAVA_HOME is not a JDK 25 here, so this also shows the search falling back to /usr/lib/jvm.
        assumeTrue(!r.output().contains("no JDK 25 found"), "no JDK 25 under /usr/lib/jvm on this machine");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("none.jar is missing; build it with ./mvnw -pl bot -am package -DskipTests");
    }

    @Test
    void theLauncherWorksThroughASymbolicLink(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("mandelbot"), SCRIPT);
        Result r = run(Map.of("MANDELBOT_JAR", dir.resolve("none.jar").toString(),
                "JAVA_HOME", System.getProperty("java.home")), List.of(link.toString(), "help"));
        // it found tools/jdk25.sh beside the real script, then the JDK, then missed the jar
        assertThat(r.output()).doesNotContain("No such file").contains("none.jar is missing");
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void theLauncherRunsWhereDocsChatopsInstallsIt(@TempDir Path dir) throws Exception {
        // docs/CHATOPS.md, "install as a service": the launcher and the JDK finder side by side in
        // /opt/mandelbot, the jar in /opt/mandelbot/target; no repository around them.
        Path installed = Files.copy(SCRIPT, dir.resolve("mandelbot"));
        Files.copy(SCRIPT.resolveSibling("../tools/jdk25.sh").normalize(), dir.resolve("jdk25.sh"));
        Result r = run(Map.of("JAVA_HOME", System.getProperty("java.home")), List.of("bash", installed.toString(), "help"));
        assertThat(r.output()).doesNotContain("No such file")
                .contains(dir.resolve("target/mandelbot.jar") + " is missing");
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void aJavaToolOptionsBannerDoesNotHideTheJdk(@TempDir Path dir) throws Exception {
        // with JAVA_TOOL_OPTIONS set, `java -version` starts with "Picked up JAVA_TOOL_OPTIONS: ..."
        Result r = run(Map.of("MANDELBOT_JAR", dir.resolve("none.jar").toString(),
                        "JAVA_HOME", System.getProperty("java.home"), "JAVA_TOOL_OPTIONS", "-Dmandelbot.test=1"),
                List.of("bash", SCRIPT.toString(), "help"));
        assertThat(r.output()).doesNotContain("no JDK 25 found").contains("none.jar is missing");
        assertThat(r.code()).isEqualTo(2);
    }
}
