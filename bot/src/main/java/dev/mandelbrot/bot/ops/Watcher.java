package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.Progress;
import dev.mandelbrot.bot.Sleeper;
import dev.mandelbrot.bot.aws.CodeDeployGateway;
import dev.mandelbrot.bot.aws.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code watch}: polls a deployment every {@code interval} and posts a line whenever its status
 * or instance counts change, until it finishes or {@code timeout} passes.
 */
final class Watcher {

    private final CodeDeployGateway codeDeploy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private final Duration timeout;

    Watcher(CodeDeployGateway codeDeploy, Clock clock, Sleeper sleeper, Duration interval, Duration timeout) {
        this.codeDeploy = codeDeploy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Polls until the deployment finishes or the timeout passes; never throws for a failed deployment. */
    Result watch(String id, Progress progress) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        String last = "";
        while (true) {
            Deployment d;
            try {
                d = codeDeploy.get(id);
            } catch (BotError e) {
                // A throttled or slow poll is no reason to abandon a deployment mid-way; a
                // missing deployment or missing permission is.
                if (e.kind() == BotError.Kind.NOT_FOUND || e.kind() == BotError.Kind.ACCESS_DENIED
                        || !clock.instant().isBefore(deadline)) {
                    throw e;
                }
                // The watch retries by itself: "try again in a minute" (advice to a person) would
                // contradict that.
                progress.post((e.kind() == BotError.Kind.THROTTLED ? "CodeDeploy GetDeployment " + id + ": AWS is throttling requests"
                        : e.getMessage()) + "; polling again in " + Text.duration(interval));
                pause(id);
                continue;
            }
            String line = id + " " + d.status() + ": " + d.overview();
            if (!line.equals(last)) {
                progress.post(line);
                last = line;
            }
            if (d.finished()) {
                String took = Text.duration(Duration.between(start, clock.instant()));
                return new Result(id + " " + d.status() + d.error().map(e -> ": " + e).orElse("") + " (watched " + took + ")"
                        + d.rolledBackBy().map(r -> "; rolled back by " + r + ": watch " + r).orElse(""),
                        d.status().equals("Succeeded"));
            }
            if (!clock.instant().isBefore(deadline)) {
                return new Result("Stopped watching " + id + " after " + Text.duration(timeout) + "; it is still "
                        + d.status() + ".", false);
            }
            pause(id);
        }
    }

    private void pause(String id) {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotError(BotError.Kind.TIMEOUT, "Stopped watching " + id + ": interrupted");
        }
    }

    record Result(String text, boolean succeeded) {}
}
