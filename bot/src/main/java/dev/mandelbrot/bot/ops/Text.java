package dev.mandelbrot.bot.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small formatting helpers shared by the command handlers. */
final class Text {

    private static final Pattern BY = Pattern.compile("by (?:Slack user|terminal user) ([^,(]+?)(?: \\(|,|$)");

    private Text() {}

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** Bytes below 1 KiB (a bundle that small is worth noticing, not rounding to 0), else KiB, else MiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1024 * 1024 ? (bytes / 1024) + " KiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The person a Mandelbot deployment description names, or CodeDeploy's creator otherwise. */
    static String startedBy(String description, String creator) {
        Matcher m = BY.matcher(description);
        return m.find() ? m.group(1) : creator;
    }

    /** The commit a bundle key names, when the key is {@code prefix + 40 hex digits + .zip}. */
    static Optional<String> shaOf(String key, String prefix) {
        if (!key.startsWith(prefix) || !key.endsWith(".zip")) {
            return Optional.empty();
        }
        String name = key.substring(prefix.length(), key.length() - 4);
        return name.matches("[0-9a-f]{40}") ? Optional.of(name) : Optional.empty();
    }
}
