package dev.mandelbrot.server.tiles;

import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.api.Images;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Disconnect;
import dev.mandelbrot.server.http.Query;
import dev.mandelbrot.server.image.ImageJob;
import dev.mandelbrot.server.image.ImageResponder;
import dev.mandelbrot.server.limits.Limits;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /tiles/{z}/{x}/{y}.png} (or {@code .jpg}): 256x256 map tiles for web maps such
 * as Leaflet. The address names the view exactly, so tiles are cached by clients forever.
 */
public final class TileEndpoint {

    static final int SIZE = 256;

    private final Limits limits;
    private final ImageResponder responder;

    public TileEndpoint(Limits limits, ImageResponder responder) {
        this.limits = limits;
        this.responder = responder;
    }

    public void handle(Context ctx) throws InterruptedException {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            throw ApiException.badParameter("y", "must end with .png or .jpg, as in /tiles/0/0/0.png");
        }
        String extension = file.substring(dot + 1).toLowerCase(Locale.ROOT);
        Optional<ImageFormat> format = switch (extension) {
            case "png", "jpg", "jpeg" -> ImageFormat.parse(extension);
            default -> Optional.empty();
        };
        if (format.isEmpty()) {
            throw ApiException.badParameter("format", "must be png or jpg, got '" + extension.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        TileAddress tile = TileAddress.parse(ctx.pathParam("z"), ctx.pathParam("x"), file.substring(0, dot));
        Query query = new Query(ctx);
        int iterations = query.integer("iterations", defaultIterations(tile.z()), 1, limits.maxIterations());
        int most = limits.iterationsFor((long) SIZE * SIZE);
        if (iterations > most) { // a tile has no width or height to lower: say what applies to it
            throw ApiException.unprocessable("iterations", "iterations = " + iterations + " exceeds the most a "
                    + SIZE + " x " + SIZE + " tile may use under the work limit of " + limits.maxWork() + ": " + most);
        }
        Palette palette = Images.palette(query);
        limits.check(SIZE, SIZE, iterations);
        var viewport = new Viewport.Centred(tile.centreRe(), tile.centreIm(), tile.span(), SIZE, SIZE);
        String key = "tile|z=" + tile.z() + "|x=" + tile.x() + "|y=" + tile.y() + "|it=" + iterations
                + "|palette=" + palette.name() + "|" + format.get().extension();
        responder.respond(ctx, new ImageJob(key, RenderRequest.of(viewport, iterations),
                Images.colouring(palette), format.get(), ImageJob.IMMUTABLE, "z"), Disconnect.of(ctx));
    }

    /**
     * Iterations when the client names none: detail near the boundary needs more iterations the
     * deeper one zooms (roughly linear in z for typical paths), capped by the service's limits.
     */
    int defaultIterations(int z) {
        long wanted = 256L + 128L * z;
        return (int) Math.min(wanted, limits.iterationsFor((long) SIZE * SIZE));
    }
}
