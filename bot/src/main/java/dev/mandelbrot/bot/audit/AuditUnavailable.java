package dev.mandelbrot.bot.audit;

/**
 * The audit log cannot be appended to. The message is one line fit for the operator: the file
 * and the reason the system gave, never a stack trace.
 */
public final class AuditUnavailable extends RuntimeException {
    public AuditUnavailable(String message) {
        super(message);
    }
}
