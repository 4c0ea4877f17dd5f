package dev.mandelbrot.bot.aws;

/**
 * Whether a deployment polls its group's CloudWatch alarms (and is stopped while one is in
 * ALARM). {@link #OFF} is for a group's first deployment, whose alarms cannot be OK before
 * anything is deployed, and for redeploying a known-good revision, which the alarm raised by
 * the failed deployment must not block.
 */
public enum AlarmPolling {
    /** The group's alarm configuration applies. */
    ON,
    /** Turned off for this deployment only (overrideAlarmConfiguration; needs codedeploy:UpdateDeploymentGroup). */
    OFF
}
