package dev.mandelbrot.bot.aws;

import java.time.Instant;
import java.util.Optional;

/**
 * A CodeDeploy deployment as the bot shows it.
 *
 * @param creator who CodeDeploy says created it: user, autoscaling, codeDeployRollback, ...
 * @param bucket the revision's bucket, empty for non-S3 revisions
 * @param key the revision's key, empty for non-S3 revisions
 * @param rolledBackBy the deployment CodeDeploy started to roll this one back, once it has
 * @param rollbackOf for CodeDeploy's own rollback deployment, the deployment it rolls back
 */
public record Deployment(
        String id,
        String status,
        String creator,
        String description,
        Instant created,
        Optional<Instant> completed,
        Optional<String> bucket,
        Optional<String> key,
        Overview overview,
        Optional<String> error,
        Optional<String> rolledBackBy,
        Optional<String> rollbackOf) {

    /** Instance counts by lifecycle state. */
    public record Overview(long pending, long inProgress, long succeeded, long failed, long skipped) {
        @Override
        public String toString() {
            return succeeded + " succeeded, " + inProgress + " in progress, " + pending + " pending, "
                    + failed + " failed, " + skipped + " skipped";
        }
    }

    /** True once CodeDeploy will not change it any more. */
    public boolean finished() {
        return status.equals("Succeeded") || status.equals("Failed") || status.equals("Stopped");
    }
}
