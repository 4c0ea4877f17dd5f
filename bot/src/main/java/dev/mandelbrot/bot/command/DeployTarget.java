package dev.mandelbrot.bot.command;

/** What {@code deploy} was asked to ship. */
public sealed interface DeployTarget {

    /** The newest bundle in the revisions bucket. */
    record Latest() implements DeployTarget {}

    /** A commit, as 7 to 40 lower-case hex digits; a short one is resolved against the bucket. */
    record Commit(String sha) implements DeployTarget {}

    /** An exact S3 key in the revisions bucket (anything containing '/' or ending in .zip). */
    record Key(String key) implements DeployTarget {}
}
