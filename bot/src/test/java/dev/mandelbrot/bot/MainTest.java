package dev.mandelbrot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
