package dev.mandelbrot.bot.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.SlackApiException;
import com.slack.api.socket_mode.SocketModeClient;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.config.Secrets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;

/**
 * Runs the Slack front over Socket Mode until the process is stopped.
 *
 * <p>Exit codes, for a service manager (see docs/CHATOPS.md): {@value #UNREACHABLE} when Slack
 * cannot be reached (no network, DNS, a refused connection, a timeout, Slack's own 5xx or rate
 * limit): worth restarting; {@value #CONFIG} when nothing will change by restarting (missing
 * tokens, a token Slack rejects, like the bot's configuration errors).
 */
public final class SlackMain {

    /** Slack could not be reached: a restart may well succeed. */
    public static final int UNREACHABLE = 1;
    /** The tokens are missing or Slack rejects them: a restart will not help. */
    public static final int CONFIG = 2;

    /** auth.test errors that say Slack is having trouble, not that the token is wrong. */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "fatal_error", "internal_error",
            "service_unavailable", "request_timeout");

    private SlackMain() {}

    /** Blocks while connected; returns an exit code when it cannot start. */
    public static int run(Mandelbot bot, Secrets secrets, PrintStream err) {
        return run(bot, secrets, err, Slack.getInstance());
    }

    /** As {@link #run(Mandelbot, Secrets, PrintStream)}, talking to Slack through {@code slack}. */
    static int run(Mandelbot bot, Secrets secrets, PrintStream err, Slack slack) {
        if (secrets.slackBotToken().isEmpty() || secrets.slackAppToken().isEmpty()) {
            err.println("mandelbot: SLACK_BOT_TOKEN and SLACK_APP_TOKEN must be set in the environment");
            return CONFIG;
        }
        // Bolt checks the bot token too, but it words a lost network as an invalid token and logs
        // a stack trace first: this check tells the two apart, in one line.
        Failure early = checkBotToken(slack, secrets.slackBotToken().orElseThrow());
        if (early != null) {
            err.println("mandelbot: " + secrets.redact(early.message()));
            return early.code();
        }
        AppConfig config = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(secrets.slackBotToken().orElseThrow())
                // Socket Mode frames are authenticated by the app token; the signing secret is
                // only needed, and then checked, when Slack calls us over HTTP.
                .signingSecret(secrets.slackSigningSecret().orElse(null))
                .build();
        try {
            var app = SlackFront.app(config, bot, Executors.newVirtualThreadPerTaskExecutor());
            new SocketModeApp(secrets.slackAppToken().orElseThrow(), SocketModeClient.Backend.JavaWebSocket, app).start();
            return 0;
        } catch (Exception e) {
            Failure f = unreachable(e);
            if (f == null) {
                String m = String.valueOf(e.getMessage());
                boolean rejected = m.contains("invalid_auth") || m.contains("not_authed") || m.contains("token_revoked")
                        || m.contains("not_allowed_token_type") || m.contains("account_inactive");
                f = new Failure(rejected ? CONFIG : UNREACHABLE, "Slack connection failed: " + m.strip()
                        + (rejected ? " (check SLACK_APP_TOKEN: an app-level token with connections:write)" : ""));
            }
            err.println("mandelbot: " + secrets.redact(f.message()));
            return f.code();
        }
    }

    /** Why the bot cannot start, and the exit code that says whether a restart may help. */
    record Failure(int code, String message) {}

    /** auth.test with the bot token: null when Slack accepts it. */
    static Failure checkBotToken(Slack slack, String token) {
        try {
            var r = slack.methods().authTest(b -> b.token(token));
            if (r.isOk()) {
                return null;
            }
            String error = String.valueOf(r.getError());
            return TRANSIENT.contains(error)
                    ? new Failure(UNREACHABLE, "Slack is not answering properly (auth.test: " + error + "); try again later")
                    : new Failure(CONFIG, "Slack rejects SLACK_BOT_TOKEN (auth.test: " + error + ")");
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "HTTP " + status;
            return status == 429 || status >= 500
                    ? new Failure(UNREACHABLE, "Slack is not answering properly (auth.test: " + error + "); try again later")
                    : new Failure(CONFIG, "Slack rejects SLACK_BOT_TOKEN (auth.test: " + error + ")");
        } catch (IOException | RuntimeException e) {
            Failure f = unreachable(e);
            return f != null ? f : new Failure(UNREACHABLE, "cannot reach Slack: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    /** A network failure somewhere in {@code e}'s causes, worded for the operator; null if none. */
    static Failure unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String why = switch (t) {
                case UnknownHostException u -> "cannot resolve " + u.getMessage() + " (no network, or DNS is down)";
                case ConnectException c -> "connection refused or unreachable (" + c.getMessage() + ")";
                case NoRouteToHostException n -> "no route to host (" + n.getMessage() + ")";
                case HttpTimeoutException h -> "timed out (" + h.getMessage() + ")";
                case InterruptedIOException i -> "timed out (" + i.getMessage() + ")";
                case SSLException s -> "TLS failed (" + s.getMessage() + ")";
                default -> null;
            };
            if (why != null) {
                return new Failure(UNREACHABLE, "cannot reach Slack: " + why + "; exiting with " + UNREACHABLE
                        + " so that the service manager tries again");
            }
        }
        return null;
    }
}
