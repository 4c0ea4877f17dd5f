package dev.mandelbrot.server.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * The security headers on every response. The explorer page loads only its own scripts,
 * styles and tiles (no CDN, nothing inline), so the policy can be strict: anything else a
 * browser is asked to load or run is refused. Tiles and exports are images from this origin
 * or {@code blob:}/{@code data:} URLs made from them.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");

    private SecurityHeaders() {}

    /** Adds the headers; meant as a before-handler on every path. */
    public static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }
}
