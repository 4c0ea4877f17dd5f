package dev.mandelbrot.bot;

/**
 * Who asked, and from where.
 *
 * @param front which front received the command
 * @param userId the Slack user ID, or {@code local:NAME} for the terminal's operating-system user
 * @param userName a display name for replies and the deployment description
 * @param channel the Slack channel ID, or {@code terminal}
 */
public record Caller(Front front, String userId, String userName, String channel) {

    /** The two ways in. */
    public enum Front {
        SLACK,
        CLI
    }

    /** How a deployment description and the audit log name this caller. */
    public String label() {
        return front == Front.SLACK ? "Slack user " + userName + " (" + userId + ")" : "terminal user " + userName;
    }
}
