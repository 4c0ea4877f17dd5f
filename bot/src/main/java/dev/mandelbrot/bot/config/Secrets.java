package dev.mandelbrot.bot.config;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tokens, read from the environment only (never from the configuration file), and the one
 * place that knows them well enough to scrub them out of any text leaving the bot.
 */
public final class Secrets {

    private static final String REDACTED = "[redacted]";
    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = values;
    }

    /** Picks SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET and GITHUB_TOKEN out of {@code env}. */
    public static Secrets from(Map<String, String> env) {
        var picked = new java.util.HashMap<String, String>();
        for (String name : new String[] {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "GITHUB_TOKEN"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                picked.put(name, v.strip());
            }
        }
        return new Secrets(Map.copyOf(picked));
    }

    public Optional<String> slackBotToken() {
        return Optional.ofNullable(values.get("SLACK_BOT_TOKEN"));
    }

    public Optional<String> slackAppToken() {
        return Optional.ofNullable(values.get("SLACK_APP_TOKEN"));
    }

    public Optional<String> slackSigningSecret() {
        return Optional.ofNullable(values.get("SLACK_SIGNING_SECRET"));
    }

    public Optional<String> githubToken() {
        return Optional.ofNullable(values.get("GITHUB_TOKEN"));
    }

    /** {@code text} with every known token replaced; applied to all replies, audit entries and errors. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values.values()) {
            // Tokens shorter than 8 characters would also match ordinary words: those are test values only.
            if (v.length() >= 8) {
                out = out.replace(v, REDACTED);
            }
        }
        return out;
    }

    /** Never prints a value, only which tokens are present. */
    @Override
    public String toString() {
        return "Secrets" + Stream.of(values.keySet().toArray(String[]::new)).sorted().toList();
    }
}
