package dev.mandelbrot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        var buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** What {@code Main.start(args)} printed on both streams, and its exit code. */
    private record Run(int code, String out, String err) {}

    private static Run start(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.start(args, env);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void theSlackBotReadsTheConfigOptionsLikeTheTerminalInAnyOrder() {
        World world = new World();
        String file = world.configFile().toString();
        for (String[] args : new String[][] {{"slack", "-c", file}, {"--config", file, "slack"}, {"-c", file, "slack"}}) {
            Run r = start(Map.of(), args);
            // Past the configuration (so it was the one given) to the next check: the tokens.
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("SLACK_BOT_TOKEN and SLACK_APP_TOKEN must be set")
                    .doesNotContain("configuration file not found");
        }
    }

    @Test
    void slackHelpPrintsTheUsage() {
        Run r = start(Map.of(), "slack", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("mandelbot slack [--config FILE]");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theSlackBotRefusesExtraWordsAndYes() {
        assertThat(start(Map.of(), "slack", "now").code()).isEqualTo(2);
        Run yes = start(Map.of(), "slack", "--yes");
        assertThat(yes.code()).isEqualTo(2);
        assertThat(yes.err()).contains("usage: mandelbot slack [--config FILE]");
    }

    @Test
    void theSlackBotRefusesToStartWithoutAWritableAuditLog() throws Exception {
        World world = new World();
        Files.createDirectory(world.auditFile());
        Run r = start(Map.of("SLACK_BOT_TOKEN", "xoxb-123456789", "SLACK_APP_TOKEN", "xapp-123456789"),
                "slack", "--config", world.configFile().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the audit log " + world.auditFile()).doesNotContain("Exception");
    }

    @Test
    void theSlackBotRefusesToStartWithoutItsTokens() {
        World world = new World();
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.start(new String[] {"slack", "--config", world.configFile().toString()},
                Map.of()));
        assertThat(code[0]).isEqualTo(2);
        assertThat(err).contains("SLACK_BOT_TOKEN and SLACK_APP_TOKEN must be set in the environment");
    }

    @Test
    void theSlackBotRefusesABadConfiguration() {
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = Main.start(new String[] {"slack", "--config", "/nonexistent/mandelbot.yml"},
                Map.of("SLACK_BOT_TOKEN", "xoxb-123456789", "SLACK_APP_TOKEN", "xapp-123456789")));
        assertThat(code[0]).isEqualTo(2);
        assertThat(err).contains("configuration file not found: /nonexistent/mandelbot.yml").doesNotContain("xoxb");
    }
}
