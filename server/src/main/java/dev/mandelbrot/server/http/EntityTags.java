package dev.mandelbrot.server.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Strong entity tags (RFC 9110 section 8.8.3) and the {@code If-None-Match} test. */
public final class EntityTags {

    private EntityTags() {}

    /** A strong tag for content that {@code bytes} decide: 128 bits of their SHA-256, quoted. */
    public static String strong(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * True when {@code ifNoneMatch} (the header's value, or null when absent) names {@code etag}:
     * a list of entity tags, weak ones compared weakly, or {@code *}.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.toUpperCase(Locale.ROOT).startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
