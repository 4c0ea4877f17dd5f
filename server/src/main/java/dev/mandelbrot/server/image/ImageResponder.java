package dev.mandelbrot.server.image;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.server.http.EntityTags;
import dev.mandelbrot.server.http.ExchangeEnd;
import dev.mandelbrot.server.http.RequestLog;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Answers an image request: a view the renderer refuses first (422), then conditional requests
 * (a matching {@code If-None-Match} gets a 304 without rendering anything), then the image with
 * its validators and timings. Images are never compressed on the way out: PNG, JPEG and GIF are
 * compressed already, and the {@code .npy} bytes are sent as cached, with their
 * {@code Content-Length}, as the others.
 *
 * <p>The ETag is a hash of the job key, the build (version and build time, see
 * {@link dev.mandelbrot.server.Version}) and the renderer kernel: the output is a pure function
 * of those, so the ETag is strong, known before rendering, and the same on every instance that
 * runs the same jar, while a new build, which may render differently, gets new ETags.
 */
public final class ImageResponder {

    private final ImageService images;
    private final String salt;

    /** @param build identifies the build: a different build must give a different string */
    public ImageResponder(ImageService images, String build) {
        this.images = images;
        this.salt = build + "|" + images.kernel();
    }

    /** Answers {@code ctx} with the job's image (GET) or only its headers (HEAD). */
    public void respond(Context ctx, ImageJob job, Cancellation clientGone) throws InterruptedException {
        // A precondition is evaluated only when the answer without it would be 2xx (RFC 9110
        // section 13.2.1): a view the renderer refuses is 422 even to If-None-Match: *.
        images.check(job);
        String etag = etag(job.key());
        // never compressed (below), so the same bytes whatever the client accepts
        ctx.disableCompression();
        ctx.res().setHeader("Vary", null);
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", job.cacheControl());
        if (EntityTags.matches(ctx.header("If-None-Match"), etag)) {
            RequestLog.note(ctx, "cache", "304");
            EntityTags.notModified(ctx);
            return;
        }
        ImageService.Result result;
        try {
            result = images.produce(job, clientGone);
        } catch (CancellationException e) {
            // The client has gone: nobody reads this answer; 499 is nginx's "client closed request".
            RequestLog.note(ctx, "cancelled", "client");
            ctx.status(499);
            return;
        }
        // The bytes stay on the heap until written, for as long as the client takes to read them.
        ExchangeEnd.then(ctx, result::release);
        EncodedImage image = result.image();
        // "shared": rendered for an identical request that came first, while this one waited
        String cache = switch (result.source()) {
            case CACHED -> "hit";
            case RENDERED -> "miss";
            case SHARED -> "shared";
        };
        RequestLog.note(ctx, "cache", cache);
        if (!result.cached()) {
            // numbers, as ms is: JSON lines carry them unquoted, so Logs Insights sorts and sums them
            RequestLog.note(ctx, "renderMs", Math.round(image.renderNanos() / 100_000.0) / 10.0);
            RequestLog.note(ctx, "encodeMs", Math.round(image.encodeNanos() / 100_000.0) / 10.0);
        }
        ctx.header("Server-Timing", result.cached()
                ? "cache;desc=\"hit\""
                : "render;dur=" + millis(image.renderNanos()) + ", encode;dur=" + millis(image.encodeNanos())
                  + ", cache;desc=\"" + cache + "\"");
        ctx.contentType(image.mediaType());
        if (image.mediaType().equals("application/octet-stream")) {
            ctx.header("Content-Disposition", "attachment; filename=\"mandelbrot.npy\"");
        }
        ctx.header("Content-Length", Integer.toString(image.bytes().length));
        if (ctx.method() != HandlerType.HEAD) {
            ctx.result(image.bytes());
        }
    }

    String etag(String key) {
        return EntityTags.strong((salt + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
