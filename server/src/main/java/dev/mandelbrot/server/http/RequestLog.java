package dev.mandelbrot.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line and one metrics sample per finished request. The line carries what an operator
 * needs to find a slow or failed request (method, path, route, status, duration, render and
 * cache facts, client address) and nothing private: no headers, no cookies, no bodies.
 */
public final class RequestLog {

    /** Request attribute holding extra facts a handler wants in its log line (e.g. cache=hit). */
    public static final String FIELDS = "mandelbrot.log.fields";

    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Metrics metrics;
    private final boolean json;

    public RequestLog(Metrics metrics, boolean json) {
        this.metrics = metrics;
        this.json = json;
    }

    /** Adds {@code key=value} to the current request's log line. */
    public static void note(Context ctx, String key, Object value) {
        Map<String, Object> fields = ctx.attribute(FIELDS);
        if (fields == null) {
            fields = new LinkedHashMap<>();
            ctx.attribute(FIELDS, fields);
        }
        fields.put(key, value);
    }

    /** Javalin's request logger hook: called once per request after the response is complete. */
    public void log(Context ctx, Float millis) {
        String route = route(ctx);
        int status = ctx.statusCode();
        double ms = millis == null ? 0 : millis;
        String method = ctx.method().name();
        metrics.request(route, methodLabel(method), status, Duration.ofNanos((long) (ms * 1_000_000)));
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", method.length() <= 20 ? method : method.substring(0, 20) + "...");
        line.put("path", ctx.path());
        String query = ctx.queryString();
        if (query != null) {
            line.put("query", query.length() <= 300 ? query : query.substring(0, 300) + "...");
        }
        line.put("route", route);
        line.put("status", status);
        line.put("ms", Math.round(ms * 10) / 10.0);
        line.put("ip", ctx.ip());
        Map<String, Object> fields = ctx.attribute(FIELDS);
        if (fields != null) {
            line.putAll(fields);
        }
        ACCESS.info(json ? asJson(line) : asText(line));
    }

    /** The methods HTTP defines (RFC 9110 section 9, and PATCH); see {@link #methodLabel}. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /**
     * The metrics label of a request's method: its name when HTTP defines it, else {@code other}.
     * A client may send any token as a method, and each label value is a histogram kept for the
     * life of the process: unfolded, a loop of invented methods would grow the heap without bound.
     */
    static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    /** The catch-all route of the explorer's files; labelled "static", or "unmatched" when it finds no file. */
    public static final String STATIC_ROUTE = "/*";

    /** The route template that handled the request, so metrics group by endpoint, not by URL. */
    static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            if (endpoint != null && endpoint.method != HandlerType.BEFORE && endpoint.method != HandlerType.AFTER
                    && !endpoint.path.equals(STATIC_ROUTE)) {
                return endpoint.path;
            }
        } catch (RuntimeException e) {
            // no endpoint matched: a 404
        }
        return ctx.statusCode() == 404 ? "unmatched" : "static";
    }

    private static String asJson(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            return asText(line);
        }
    }

    static String asText(Map<String, Object> line) {
        StringBuilder out = new StringBuilder();
        line.forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            String value = String.valueOf(v);
            out.append(k).append('=');
            if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c < 0x20)) {
                out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")
                        .replaceAll("\\p{Cntrl}", "?")).append('"');
            } else {
                out.append(value);
            }
        });
        return out.toString();
    }
}
