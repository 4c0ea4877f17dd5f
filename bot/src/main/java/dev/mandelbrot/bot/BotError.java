package dev.mandelbrot.bot;

/**
 * A failure to show the user as a short reply: the adapters translate AWS and GitHub errors into
 * this, so that no stack trace and no raw service message ever reaches a chat.
 */
public final class BotError extends RuntimeException {

    /** What went wrong, in terms the user can act on. */
    public enum Kind {
        ACCESS_DENIED("access denied"),
        THROTTLED("rate limited, try again in a minute"),
        NOT_FOUND("not found"),
        TIMEOUT("timed out"),
        REFUSED("refused"),
        UNAVAILABLE("unavailable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;

    public BotError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
