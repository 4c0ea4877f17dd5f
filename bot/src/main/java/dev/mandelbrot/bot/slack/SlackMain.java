package dev.mandelbrot.bot.slack;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.config.Secrets;
import java.io.PrintStream;
import java.util.concurrent.Executors;

/** Runs the Slack front over Socket Mode until the process is stopped. */
public final class SlackMain {

    private SlackMain() {}

    /** Blocks while connected; returns an exit code when it cannot start. */
    public static int run(Mandelbot bot, Secrets secrets, PrintStream err) {
        if (secrets.slackBotToken().isEmpty() || secrets.slackAppToken().isEmpty()) {
            err.println("mandelbot: SLACK_BOT_TOKEN and SLACK_APP_TOKEN must be set in the environment");
            return 2;
        }
        AppConfig config = AppConfig.builder()
                .singleTeamBotToken(secrets.slackBotToken().orElseThrow())
                // Socket Mode frames are authenticated by the app token; the signing secret is
                // only needed, and then checked, when Slack calls us over HTTP.
                .signingSecret(secrets.slackSigningSecret().orElse(null))
                .build();
        var app = SlackFront.app(config, bot, Executors.newVirtualThreadPerTaskExecutor());
        try {
            new SocketModeApp(secrets.slackAppToken().orElseThrow(), SocketModeClient.Backend.JavaWebSocket, app).start();
            return 0;
        } catch (Exception e) {
            err.println("mandelbot: Slack connection failed: " + secrets.redact(String.valueOf(e.getMessage())));
            return 1;
        }
    }
}
