package dev.mandelbrot.bot.github;

import java.time.Instant;

/**
 * One GitHub Actions workflow run.
 *
 * @param id the run's ID, unique across GitHub; the re-run API takes this
 * @param number the run's number within its workflow ({@code run_number}), what GitHub's pages show as #42
 * @param status queued, in_progress, completed, ...
 * @param conclusion success, failure, cancelled, ... or empty while running
 */
public record WorkflowRun(long id, long number, String name, String branch, String sha, String status,
        String conclusion, Instant created, String url) {

    /** True when it completed successfully. */
    public boolean green() {
        return "completed".equals(status) && "success".equals(conclusion);
    }

    /** {@code conclusion} once completed, else {@code status}. */
    public String outcome() {
        return "completed".equals(status) && !conclusion.isEmpty() ? conclusion : status;
    }
}
