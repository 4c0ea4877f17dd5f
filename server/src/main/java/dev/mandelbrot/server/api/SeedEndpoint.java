package dev.mandelbrot.server.api;

import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.Disconnect;
import dev.mandelbrot.server.http.Query;
import dev.mandelbrot.server.image.ImageJob;
import dev.mandelbrot.server.image.ImageResponder;
import dev.mandelbrot.server.limits.Limits;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /mandelbrot?width=W&height=H&ext=png|jpg|jpeg|gif}: the Go seed's endpoint, kept
 * for its users: the same fixed view (re in [-2.5, 1] across the width, im in [-1, 1] across the
 * height, so pixels stretch with the aspect ratio, as they did) and 1000 iterations.
 *
 * <p>Fixed seed bugs: the Content-Type follows {@code ext} (the seed always said image/jpeg);
 * errors are answered instead of an image, never after one; width runs along re and height
 * along im (the seed swapped them); negative, zero and huge sizes are refused with a 4xx.
 */
public final class SeedEndpoint {

    static final List<String> FORMATS = List.of("png", "jpg", "jpeg", "gif");
    static final int DEFAULT_SIZE = 1024;
    static final int DEFAULT_ITERATIONS = 1000;

    private final Limits limits;
    private final ImageResponder responder;

    public SeedEndpoint(Limits limits, ImageResponder responder) {
        this.limits = limits;
        this.responder = responder;
    }

    public void handle(Context ctx) throws InterruptedException {
        Query query = new Query(ctx);
        int width = query.integer("width", DEFAULT_SIZE, 1, limits.maxSide());
        int height = query.integer("height", DEFAULT_SIZE, 1, limits.maxSide());
        ImageFormat format = Images.format(query, "ext", "png", FORMATS);
        int iterations = query.integer("iterations", DEFAULT_ITERATIONS, 1, limits.maxIterations());
        Palette palette = Images.palette(query);
        limits.check(width, height, iterations);
        var request = RenderRequest.of(new Viewport.Rectangle(-2.5, 1, -1, 1, width, height), iterations);
        String key = "seed|w=" + width + "|h=" + height + "|it=" + iterations + "|palette=" + palette.name()
                + "|" + format.extension();
        responder.respond(ctx, new ImageJob(key, request, Images.colouring(palette), format, ImageJob.ONE_DAY, "width"),
                Disconnect.of(ctx));
    }
}
