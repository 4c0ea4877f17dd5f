package dev.mandelbrot.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line and one metrics sample per finished request. The line carries what an operator
 * needs to find a slow or failed request (method, path, route, status, duration, render and
 * cache facts, client address) and nothing private: no headers, no cookies, no bodies.
 *
 * <p>It is Jetty's request log, not Javalin's: Jetty calls it once for every request it
 * answered, including those no route ever saw (a request line or URI it cannot parse: 400, 414,
 * 431) and those whose client left before the answer was written, which Javalin's request
 * logger never hears of. Those are labelled {@code unmatched} and {@code 499}; see {@link #log}.
 */
public final class RequestLog implements org.eclipse.jetty.server.RequestLog {

    /** Request attribute holding extra facts a handler wants in its log line (e.g. cache=hit). */
    public static final String FIELDS = "mandelbrot.log.fields";
    /** Request attribute holding the route template that took the request (see {@link #routed}). */
    public static final String ROUTE = "mandelbrot.log.route";
    /** The status logged for an answer the client did not wait for: nginx's "client closed request". */
    public static final int CLIENT_GONE = 499;

    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Metrics metrics;
    private final boolean json;

    public RequestLog(Metrics metrics, boolean json) {
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * Adds {@code key=value} to the current request's log line. Javalin keeps a request's
     * attributes on Jetty's request, where {@link #log} finds them.
     */
    public static void note(Context ctx, String key, Object value) {
        Map<String, Object> fields = ctx.attribute(FIELDS);
        if (fields == null) {
            fields = new LinkedHashMap<>();
            ctx.attribute(FIELDS, fields);
        }
        fields.put(key, value);
    }

    /**
     * {@code handler}, naming {@code route} in the log line and metrics of each request it
     * takes. Set before the handler runs, so a request that fails or whose client leaves still
     * has its route.
     */
    public static Handler routed(String route, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE, route);
            handler.handle(ctx);
        };
    }

    /**
     * Jetty's hook: called once per request after its answer is complete or has failed.
     *
     * <p>An answer that failed ({@link Delivery}) is logged with status {@value #CLIENT_GONE}
     * and the status it would have had as {@code unsent}: Jetty reports the status set before
     * the write that failed, which the client never received.
     */
    @Override
    public void log(Request request, Response response) {
        String route = route(request, response.getStatus());
        Object unsent = request.getAttribute(Delivery.FAILED);
        int status = unsent == null ? response.getStatus() : CLIENT_GONE;
        long nanos = System.nanoTime() - request.getBeginNanoTime();
        String method = request.getMethod();
        metrics.request(route, methodLabel(method), status, Duration.ofNanos(nanos));
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", method.length() <= 20 ? method : method.substring(0, 20) + "...");
        line.put("path", request.getHttpURI().getPath());
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            line.put("query", query.length() <= 300 ? query : query.substring(0, 300) + "...");
        }
        line.put("route", route);
        line.put("status", status);
        line.put("ms", Math.round(nanos / 100_000.0) / 10.0);
        line.put("ip", Request.getRemoteAddr(request));
        if (request.getAttribute(FIELDS) instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> line.put(String.valueOf(k), v));
        }
        if (unsent != null) {
            line.put("unsent", response.getStatus());
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

    /**
     * The route template that took the request, so metrics group by endpoint, not by URL;
     * {@code unmatched} when none did: a 404, or an error Jetty answered itself.
     */
    static String route(Request request, int status) {
        if (!(request.getAttribute(ROUTE) instanceof String route)) {
            return "unmatched";
        }
        if (route.equals(STATIC_ROUTE)) {
            return status == 404 ? "unmatched" : "static";
        }
        return route;
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
