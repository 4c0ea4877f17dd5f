package dev.mandelbrot.bot.audit;

import java.time.Instant;

/**
 * One audit line.
 *
 * @param outcome denied, invalid, awaiting-confirmation, confirmed, cancelled, expired, succeeded or failed
 */
public record AuditEntry(Instant timestamp, String front, String user, String userName, String channel,
        String command, String outcome, String detail) {}
