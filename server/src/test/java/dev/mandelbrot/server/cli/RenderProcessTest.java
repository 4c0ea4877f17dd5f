package dev.mandelbrot.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mandelbrot render} as its own process, for what only a process shows: its standard
 * output and error as files, pipes and devices, its logging, its heap, and signals.
 */
class RenderProcessTest {
    /** The JVM's own line for --add-modules jdk.incubator.vector, which no application can silence. */
    private static final String INCUBATOR = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path dir;

    private static ProcessBuilder render(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "render"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int await(Process p) throws InterruptedException {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished within 60 s").isTrue();
        return p.exitValue();
    }

    /** Standard error without the JVM's incubator line. */
    private static String errors(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.equals(INCUBATOR)).collect(Collectors.joining("\n"));
    }

    @Test
    void aFullDeviceOnStandardOutputIsAWriteFailure() throws Exception {
        Path err = dir.resolve("err");
        Process p = render(List.of(), "-q", "-W", "300", "-n", "50", "-o", "-")
                .redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
        assertThat(await(p)).isEqualTo(1);
        assertThat(errors(err)).isEqualTo("mandelbrot render: cannot write -: No space left on device");
    }

    @Test
    void devStdoutOnAPipeIsWrittenInPlace() throws Exception {
        // /dev/stdout -> /proc/self/fd/1 -> "pipe:[N]": no folder to put a temporary file in
        Path err = dir.resolve("err");
        Process p = render(List.of(), "-q", "-W", "16", "-H", "8", "-n", "50", "-f", "png", "-o", "/dev/stdout")
                .redirectError(err.toFile()).start();
        byte[] png = p.getInputStream().readAllBytes();
        assertThat(await(p)).as(errors(err)).isZero();
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image).as("a PNG on the pipe").isNotNull();
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(8);
    }

    @Test
    void aClosedPipeOnStandardOutputEndsQuietlyWithOne() throws Exception {
        Path err = dir.resolve("err");
        Process p = render(List.of(), "-q", "-W", "600", "-n", "50", "-o", "-").redirectError(err.toFile()).start();
        p.getInputStream().close(); // the reader went away, as `| head -c 0` does
        assertThat(await(p)).isEqualTo(1);
        assertThat(errors(err)).isEmpty();
    }

    @Test
    void quietMeansNothingOnStandardErrorAndNoBarGoesToALogFile() throws Exception {
        Path err = dir.resolve("err");
        Process quiet = render(List.of(), "-q", "-W", "40", "-H", "30", "-n", "50", "-o", dir.resolve("q.png").toString())
                .redirectError(err.toFile()).start();
        assertThat(await(quiet)).isZero();
        assertThat(errors(err)).as("no kernel log line").isEmpty();

        // a megapixel, standard error not a terminal: no bar, just the summary on standard output
        Process logged = render(List.of(), "-W", "1024", "-H", "1024", "-n", "20", "-o", dir.resolve("l.png").toString())
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out").toFile()).start();
        assertThat(await(logged)).isZero();
        assertThat(errors(err)).isEmpty();
        assertThat(Files.readString(dir.resolve("out"))).startsWith("wrote ");

        Process verbose = render(List.of(), "-q", "-v", "-W", "40", "-H", "30", "-n", "50", "-o",
                dir.resolve("v.png").toString()).redirectError(err.toFile()).start();
        assertThat(await(verbose)).isZero();
        assertThat(errors(err)).contains("render kernel: ").as("one image: the slots C1 compiles at once")
                .contains("4 vectors in flight");
    }

    @Test
    void runningOutOfHeapGivesTheFriendlyMessage() throws Exception {
        Path err = dir.resolve("err");
        Process p = render(List.of("-Xmx40m", "-XX:+UseSerialGC"), "-q", "-W", "4096", "-H", "4096", "-n", "10",
                "-o", dir.resolve("m.png").toString()).redirectError(err.toFile()).start();
        assertThat(await(p)).isEqualTo(1);
        assertThat(errors(err)).isEqualTo("mandelbrot render: not enough memory for a 4096x4096 image; "
                + "make it smaller or raise the heap (-Xmx)");
    }

    @Test
    void sigtermDuringTheWriteLeavesNoTemporaryFile() throws Exception {
        // Truecolour PNG of 4 megapixels: encoding takes a while. Once the temporary file appears
        // the process is frozen (SIGSTOP), sent SIGTERM, and let go, so the signal always lands mid-write.
        Process p = render(List.of(), "-q", "-W", "2048", "-H", "2048", "-n", "20", "--levels", "4096",
                "-o", dir.resolve("k.png").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile()).start();
        String pid = Long.toString(p.pid());
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts().isEmpty() && p.isAlive() && System.nanoTime() < end) {
                Thread.sleep(1);
            }
            new ProcessBuilder("kill", "-STOP", pid).start().waitFor();
            assertThat(parts()).as("caught the write in progress (%s)", Files.readString(dir.resolve("log"))).isNotEmpty();
            new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
            new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
            await(p);
            assertThat(parts()).as("temporary files left").isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    private List<Path> parts() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
