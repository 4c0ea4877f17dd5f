package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    /**
     * A stand-in JDK 25 whose java records its arguments (one a line) in {@code args} and, asked
     * to record an AOT cache, writes one where it is told: the launcher's choices, without a JVM.
     */
    private static Path fakeJdk(Path dir) throws Exception {
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                if [[ "$*" == *-XshowSettings:properties* ]]; then
                  echo '    java.specification.version = 25' >&2
                  exit 0
                fi
                printf '%s\\n' "$@" >> "$(dirname "$0")/../../args"
                for a; do [[ "$a" == -XX:AOTCacheOutput=* ]] && printf 'cache' > "${a#*=}"; done
                exit 0
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("app.jar"), "not really a jar");
        return dir.resolve("jdk");
    }

    private static List<String> launch(Path dir, String aot, String... args) throws Exception {
        Files.deleteIfExists(dir.resolve("args"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Result r = run(Map.of("JAVA_HOME", fakeJdk(dir).toString(), "MANDELBROT_JAR", dir.resolve("app.jar").toString(),
                "MANDELBROT_AOT", aot), command);
        assertThat(r.code()).as(r.output()).isZero();
        return Files.readAllLines(dir.resolve("args"));
    }

    @Test
    void onlyServeGetsTheSmallServerHeapAndExitOnOutOfMemory(@TempDir Path dir) throws Exception {
        List<String> serve = launch(dir, "off", "serve");
        assertThat(serve).contains("-Xmx112m", "-XX:+ExitOnOutOfMemoryError", "--add-modules");
        List<String> render = launch(dir, "off", "render", "-o", "x.png");
        // render's own handler explains an OutOfMemoryError; the JVM's default heap leaves it room
        assertThat(render).doesNotContain("-Xmx112m", "-Xms32m", "-XX:+ExitOnOutOfMemoryError")
                .contains("--add-modules", "jdk.incubator.vector").endsWith("render", "-o", "x.png");
    }

    @Test
    void theAotCacheIsRecordedUnderAPrivateNameAndRenamedIntoPlace(@TempDir Path dir) throws Exception {
        List<String> first = launch(dir, "on", "serve");
        String output = first.stream().filter(a -> a.startsWith("-XX:AOTCacheOutput=")).findFirst().orElseThrow();
        List<Path> caches;
        try (var files = Files.list(dir)) {
            caches = files.filter(f -> f.getFileName().toString().startsWith("app-")).toList();
        }
        assertThat(caches).as("one finished cache, nothing half-way").hasSize(1);
        Path cache = caches.getFirst();
        assertThat(cache.getFileName().toString()).matches("app-[0-9a-f]{16}\\.aot");
        assertThat(output).as("recorded under a name of its own, with the launcher's pid")
                .matches("-XX:AOTCacheOutput=" + java.util.regex.Pattern.quote(cache.toString()) + "\\.\\d+\\.part");

        assertThat(launch(dir, "on", "serve")).contains("-XX:AOTCache=" + cache);
        assertThat(launch(dir, "on", "render", "-o", "x.png")).contains("-XX:AOTCache=" + cache);
    }

    @Test
    void theLauncherWorksThroughASymbolicLink(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("mb"), SCRIPT);
        Result r = run(Map.of("JAVA_HOME", fakeJdk(dir).toString(), "MANDELBROT_JAR", dir.resolve("app.jar").toString(),
                "MANDELBROT_AOT", "off"), List.of(link.toString(), "-V"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(Files.readAllLines(dir.resolve("args"))).endsWith("-V");
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
