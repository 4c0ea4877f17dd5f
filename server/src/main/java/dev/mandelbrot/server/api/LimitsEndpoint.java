package dev.mandelbrot.server.api;

import dev.mandelbrot.server.limits.Limits;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/limits}: the size, iteration and work limits this instance enforces (they
 * are set by environment or flag), so that a client such as the explorer can check a request
 * before it sends it instead of assuming the defaults.
 */
public final class LimitsEndpoint {

    record Body(long maxPixels, int maxSide, int maxIterations, long maxWork) {}

    private final Body body;

    public LimitsEndpoint(Limits limits) {
        this.body = new Body(limits.maxPixels(), limits.maxSide(), limits.maxIterations(), limits.maxWork());
    }

    public void handle(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.json(body);
    }
}
