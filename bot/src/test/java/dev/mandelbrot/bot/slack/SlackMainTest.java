package dev.mandelbrot.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.mandelbrot.bot.World;
import dev.mandelbrot.bot.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code mandelbot slack} when it cannot start: one line each, and an exit code that says whether to retry. */
class SlackMainTest {

    private final World world = new World();
    private final Secrets secrets = Secrets.from(Map.of("SLACK_BOT_TOKEN", World.SLACK_BOT_TOKEN,
            "SLACK_APP_TOKEN", "xapp-1-secret-app-token"));

    private record Run(int code, String err) {}

    private Run run(String methodsUrl) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(methodsUrl);
        var err = new ByteArrayOutputStream();
        int code = SlackMain.run(world.bot(), secrets, new PrintStream(err, true, StandardCharsets.UTF_8),
                Slack.getInstance(config));
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noDnsIsAnUnreachableSlackNotAnInvalidToken() {
        Run r = run("http://mandelbot-no-such-host.invalid/api/");
        assertThat(r.code()).isEqualTo(SlackMain.UNREACHABLE).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("mandelbot: cannot reach Slack: cannot resolve mandelbot-no-such-host.invalid")
                .doesNotContain("invalid (error", "Exception", World.SLACK_BOT_TOKEN);
    }

    @Test
    void aRefusedConnectionIsAnUnreachableSlack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("http://127.0.0.1:" + port + "/api/");
        assertThat(r.code()).isEqualTo(SlackMain.UNREACHABLE);
        assertThat(r.err()).hasLineCount(1).startsWith("mandelbot: cannot reach Slack: connection refused");
    }

    @Test
    void aTokenSlackRejectsIsAConfigurationError() {
        world.wm.stubFor(post("/api/auth.test").willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        Run r = run(world.wm.baseUrl() + "/api/");
        assertThat(r.code()).isEqualTo(SlackMain.CONFIG).isEqualTo(2);
        assertThat(r.err()).isEqualTo("mandelbot: Slack rejects SLACK_BOT_TOKEN (auth.test: invalid_auth)\n");
    }

    @Test
    void slackHavingTroubleIsWorthARestart() {
        world.wm.stubFor(post("/api/auth.test").willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        Run r = run(world.wm.baseUrl() + "/api/");
        assertThat(r.code()).isEqualTo(SlackMain.UNREACHABLE);
        assertThat(r.err()).hasLineCount(1).contains("Slack is not answering properly (auth.test: HTTP 503)");
    }
}
