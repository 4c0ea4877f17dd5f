package dev.mandelbrot.server.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and validates query parameters. Each method either returns a value inside its rule or
 * throws a 400 {@link ApiException} that names the parameter and the rule, so handlers never
 * see a malformed value.
 */
public final class Query {

    /**
     * Longest decimal accepted: room for the centre of the deepest map tile (z = 4000, pixel
     * spacing about 1e-1206, so about 1210 digits pin a centre to 1/100 of a pixel) and a sign.
     */
    static final int MAX_DECIMAL_LENGTH = 1_300;
    /** Largest decimal exponent accepted; spans like 1e-500 need far less, and BigDecimal
     *  arithmetic on an unbounded exponent would let one request allocate without limit. */
    public static final int MAX_EXPONENT = 10_000;

    // \\d is ASCII only here (no UNICODE_CHARACTER_CLASS): other scripts' digits are refused
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,9})?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private final Context ctx;

    /**
     * Reads {@code ctx}'s query; a pair in it whose percent-escapes do not decode is a 400 here.
     * Javalin drops such a pair from its parameters, which would quietly give the default, or
     * hide the second of a parameter given twice.
     */
    public Query(Context ctx) {
        this.ctx = ctx;
        checkEscapes(ctx.queryString());
    }

    private static void checkEscapes(String query) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            try {
                URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException keyToo) {
                    // the name itself is malformed: echo it as sent
                }
                throw ApiException.badParameter(shorten(name), "has a malformed percent-escape (%XX, two hex digits), got '"
                        + shorten(pair) + "'");
            }
        }
    }

    /**
     * A whole number in [min, max]; {@code fallback} when absent. Digits beyond what a
     * {@code long} holds are still a number: too large (422) or too small (400).
     */
    public int integer(String name, int fallback, int min, int max) {
        String raw = raw(name);
        if (raw == null) {
            return fallback;
        }
        if (!WHOLE.matcher(raw).matches()) {
            throw ApiException.badParameter(name, "must be a whole number, got '" + shorten(raw) + "'");
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            value = raw.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min) {
            throw ApiException.badParameter(name, "must be >= " + min + ", got " + shorten(raw));
        }
        if (value > max) {
            throw ApiException.unprocessable(name, name + " must be <= " + max + " (the service's limit), got " + shorten(raw));
        }
        return (int) value;
    }

    /** An exact decimal, e.g. {@code -0.743643887037158704752191506114774} or {@code 1e-500}. */
    public BigDecimal decimal(String name, BigDecimal fallback) {
        String raw = raw(name);
        if (raw == null) {
            return fallback;
        }
        if (raw.length() > MAX_DECIMAL_LENGTH) {
            throw ApiException.badParameter(name, "must have at most " + MAX_DECIMAL_LENGTH + " characters");
        }
        BigDecimal value;
        if (!DECIMAL.matcher(raw).matches()) {
            throw ApiException.badParameter(name, "must be a finite decimal number, got '" + shorten(raw) + "'");
        }
        try {
            value = new BigDecimal(raw);
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiException.badParameter(name, "must be a finite decimal number, got '" + shorten(raw) + "'");
        }
        long exponent = (long) value.precision() - value.scale() - 1;
        if (value.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT) {
            throw ApiException.badParameter(name, "must have a decimal exponent within +-" + MAX_EXPONENT);
        }
        return value;
    }

    /** A finite double; NaN and infinities are refused. */
    public double finite(String name, double fallback) {
        String raw = raw(name);
        if (raw == null) {
            return fallback;
        }
        // The pattern keeps out what Double.parseDouble would also take: NaN, Infinity, hex, 1d, 1f.
        double value = DECIMAL.matcher(raw).matches() && raw.length() <= MAX_DECIMAL_LENGTH
                ? Double.parseDouble(raw) : Double.NaN;
        if (!Double.isFinite(value)) {
            throw ApiException.badParameter(name, "must be a finite number, got '" + shorten(raw) + "'");
        }
        return value;
    }

    /** True when the parameter is present (even if empty). */
    public boolean has(String name) {
        return ctx.queryParam(name) != null;
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String name, String fallback, List<String> allowed) {
        String raw = raw(name);
        if (raw == null) {
            return fallback;
        }
        String value = raw.toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw ApiException.badParameter(name, "must be one of " + String.join(", ", allowed) + ", got '" + shorten(raw) + "'");
        }
        return value;
    }

    /** The trimmed value, null when absent; present but empty is a 400 (a typo, not a default). */
    public String raw(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badParameter(name, "must be given once, got " + values.size() + " values");
        }
        String value = values.getFirst().strip();
        if (value.isEmpty()) {
            throw ApiException.badParameter(name, "must not be empty");
        }
        return value;
    }

    /** Echoes at most 40 characters of user input back, so errors stay short. */
    public static String shorten(String raw) {
        String printable = raw.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
