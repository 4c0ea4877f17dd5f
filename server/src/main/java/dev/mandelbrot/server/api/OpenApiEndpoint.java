package dev.mandelbrot.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the hand-written OpenAPI 3.1 description of the whole API, a
 * resource next to this class. Tests check that it parses and lists every route.
 */
public final class OpenApiEndpoint {

    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    public OpenApiEndpoint() {
        try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " next to " + OpenApiEndpoint.class);
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void handle(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType("application/json").result(document);
    }
}
