package dev.mandelbrot.bot.aws;

import java.time.Instant;

/** One bundle in the revisions bucket. */
public record Revision(String key, long size, Instant lastModified) {}
