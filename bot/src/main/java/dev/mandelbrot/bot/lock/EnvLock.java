package dev.mandelbrot.bot.lock;

import java.time.Instant;

/** Who holds an environment's lock, why, and since when. */
public record EnvLock(String userId, String userName, String reason, Instant since) {}
