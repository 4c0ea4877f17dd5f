package dev.mandelbrot.server.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns failures into JSON answers. Client errors are logged by the request log line only. */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    public static void api(ApiException e, Context ctx) {
        uncacheable(ctx);
        e.headers().forEach(ctx::header);
        RequestLog.note(ctx, "error", e.getMessage());
        ctx.status(e.status()).json(new ErrorBody(e.status(), e.getMessage(), e.parameter()));
    }

    /** A bug or an environment failure: the client learns nothing internal, the log gets the trace. */
    public static void unexpected(Exception e, Context ctx) {
        LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        uncacheable(ctx);
        ctx.status(500).json(new ErrorBody(500, "internal error; it has been logged", null));
    }

    /**
     * An error answers this request only: it drops the validators and caching a handler may have
     * set for the success it expected. An image handler sets its image's ETag and (for tiles)
     * {@code immutable} before rendering; a 503 that kept them was kept by the browser for a
     * year, and the explorer's retries of that tile were answered from its cache, never reaching
     * the server (ExplorerBrowserTest's deep link, about one run in two).
     */
    private static void uncacheable(Context ctx) {
        ctx.res().setHeader("ETag", null);
        ctx.header("Cache-Control", "no-store");
    }

    /**
     * Unknown paths: a JSON 404 (the seed answered 200 to everything), not stored by caches like
     * every other error: the next deployment may serve a file there.
     */
    public static void notFound(Context ctx) {
        uncacheable(ctx);
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
            ctx.json(new ErrorBody(404, "no such resource: " + Query.shorten(ctx.path()), null));
        }
    }
}
