package dev.mandelbrot.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.Http;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @Test
    void helpAndVersionExitZero() {
        assertThat(Main.run("--help")).isZero();
        assertThat(Main.run("--version")).isZero();
        assertThat(Main.run("serve", "--help")).isZero();
    }

    @Test
    void helpTextIsPrintedAsWrittenNotRewrapped() {
        // picocli wraps lines wider than its 80 columns wherever they overflow: in mid-sentence,
        // and in the middle of an example command that a reader would copy.
        CommandLine main = new CommandLine(new Main());
        for (CommandLine command : main.getSubcommands().values()) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertThat(usage).as(command.getCommandName() + " --help").contains(line);
            }
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(Main.run("serve", "--port", "abc")).isEqualTo(2);
        assertThat(Main.run("serve", "--log-format", "xml")).isEqualTo(2);
        assertThat(Main.run("serve", "--port", "70000")).isEqualTo(2);
        assertThat(Main.run("no-such-command")).isEqualTo(2);
    }

    @Test
    void aUsageErrorGivesTheReasonAndWhereTheHelpIsNotTheWholeUsage() {
        StringWriter err = new StringWriter();
        CommandLine main = Main.configure(new CommandLine(new Main())).setErr(new PrintWriter(err, true));

        assertThat(main.execute("serve", "--port", "abc")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "mandelbrot serve: Invalid value for option '--port': 'abc' is not an int",
                "Try 'mandelbrot serve --help' for the options.");

        err.getBuffer().setLength(0);
        assertThat(main.execute("render", "--iteratoins=50")).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly(
                "mandelbrot render: Unknown option: '--iteratoins=50'",
                "Possible solutions: --iterations", // picocli's suggestion for the typo
                "Try 'mandelbrot render --help' for the options.");
    }

    @Test
    void sigtermDrainsAndExitsZero(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = dir.resolve("serve.log");
        Process process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--bind", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(log);
            assertThat(new Http(port).get("/health").statusCode()).isEqualTo(200);

            process.destroy(); // SIGTERM on Unix
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("stopped in");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int awaitPort(Path log) throws Exception {
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Matcher m = listening.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not log its port within 30 s");
    }
}
