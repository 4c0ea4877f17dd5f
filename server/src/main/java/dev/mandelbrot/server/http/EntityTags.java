package dev.mandelbrot.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
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
     * Answers 304 Not Modified: no body, and none of the body's own headers. A 304 stands for the
     * 200 a cache already holds (RFC 9110 section 15.4.5), which keeps its stored headers except
     * those the 304 sends; Javalin's default {@code text/plain} type would overwrite the stored
     * one. Committed here, before the handler returns: Jetty gives a response completed without
     * a length the length written, {@code Content-Length: 0}, which RFC 9110 section 8.6 forbids
     * on a 304 unless the 200 was empty; committed early, it has no length to give.
     */
    public static void notModified(Context ctx) {
        ctx.status(304);
        ctx.res().setContentType(null);
        try {
            ctx.res().flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client has gone; the request log notes it
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
