package dev.mandelbrot.bot.github;

import java.time.Instant;

/**
 * One GitHub Actions workflow run.
 *
 * @param status queued, in_progress, completed, ...
 * @param conclusion success, failure, cancelled, ... or empty while running
 */
public record WorkflowRun(long id, String name, String branch, String sha, String status, String conclusion,
        Instant created, String url) {

    /** True when it completed successfully. */
    public boolean green() {
        return "completed".equals(status) && "success".equals(conclusion);
    }

    /** {@code conclusion} once completed, else {@code status}. */
    public String outcome() {
        return "completed".equals(status) && !conclusion.isEmpty() ? conclusion : status;
    }
}
