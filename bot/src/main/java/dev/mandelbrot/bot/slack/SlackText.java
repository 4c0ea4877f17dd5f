package dev.mandelbrot.bot.slack;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's message markup turned back into what the user typed, so that a lock reason or a
 * command reads the same in Slack, the terminal, the lock file and the audit log.
 */
final class SlackText {

    /** {@code <@U123>}, {@code <@U123|name>}, {@code <#C123|name>}, {@code <!here>}, {@code <https://...|label>}. */
    private static final Pattern MARKUP = Pattern.compile("<([@#!])?([^<>|]*)(?:\\|([^<>]*))?>");

    private SlackText() {}

    /**
     * {@code text} without the leading mention of the bot ({@code botUserId}, or any leading
     * mention when that is unknown), and with the rest made {@link #readable}.
     */
    static String command(String text, String botUserId, UnaryOperator<String> names) {
        String t = text == null ? "" : text.strip();
        Matcher m = Pattern.compile("^<@([A-Z0-9]+)(\\|[^>]*)?>").matcher(t);
        if (m.find() && (botUserId == null || botUserId.equals(m.group(1)))) {
            t = t.substring(m.end());
        }
        return readable(t, names).strip();
    }

    /**
     * Mentions as {@code @name} ({@code names} looks a user ID up), channels as {@code #name},
     * {@code <!here>} as {@code @here}, links as their address; then Slack's three escapes
     * ({@code &amp;}, {@code &lt;}, {@code &gt;}) undone.
     */
    static String readable(String text, UnaryOperator<String> names) {
        if (text == null) {
            return "";
        }
        Matcher m = MARKUP.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String sigil = m.group(1);
            String target = m.group(2);
            String label = m.group(3);
            String shown;
            if ("@".equals(sigil)) {
                shown = "@" + (label != null && !label.isBlank() ? label : names.apply(target));
            } else if ("#".equals(sigil)) {
                shown = "#" + (label != null && !label.isBlank() ? label : target);
            } else if ("!".equals(sigil)) {
                // <!here>, <!channel>, <!subteam^S123|@team>, <!date^...|fallback>
                shown = label != null && !label.isBlank() ? label : "@" + target;
            } else {
                shown = target; // a link: its address (the label may hide where it goes)
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(shown));
        }
        m.appendTail(sb);
        return sb.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
