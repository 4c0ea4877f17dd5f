package dev.mandelbrot.server.http;

import java.util.Map;

/**
 * A request the service refuses, with the status and the JSON body the client gets. Client
 * errors are expected: they are answered and logged on one line, never with a stack trace,
 * so this exception does not fill one in.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String parameter;
    private final Map<String, String> headers;

    private ApiException(int status, String parameter, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.parameter = parameter;
        this.headers = Map.copyOf(headers);
    }

    /** 400: {@code parameter} breaks {@code rule} (e.g. "must be a whole number"). */
    public static ApiException badParameter(String parameter, String rule) {
        return new ApiException(400, parameter, parameter + " " + rule, Map.of());
    }

    /** 422: well-formed, but beyond what the service will render (a limit or precision). */
    public static ApiException unprocessable(String parameter, String message) {
        return new ApiException(422, parameter, message, Map.of());
    }

    /** 503 with Retry-After: the service is busy or shutting down; the same request may succeed later. */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, null, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 404: nothing lives at this path. */
    public static ApiException notFound(String message) {
        return new ApiException(404, null, message, Map.of());
    }

    public int status() { return status; }

    /** The offending query or path parameter, or null when the error is not about one. */
    public String parameter() { return parameter; }

    public Map<String, String> headers() { return headers; }
}
