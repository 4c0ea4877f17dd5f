package dev.mandelbrot.server.api;

import dev.mandelbrot.render.Fractal;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Palette;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Disconnect;
import dev.mandelbrot.server.http.Query;
import dev.mandelbrot.server.image.ImageJob;
import dev.mandelbrot.server.image.ImageResponder;
import dev.mandelbrot.server.limits.Limits;
import dev.mandelbrot.server.limits.ViewBounds;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/v1/render}: any view of the Mandelbrot set or of a Julia set. The centre and
 * span are exact decimals ({@code re=-0.7436438870371587&im=0.1318259042053119&span=1e-10}),
 * kept at full precision in the cache key and the ETag; pixels are square.
 */
public final class RenderEndpoint {

    static final List<String> FORMATS = List.of("png", "jpeg", "jpg", "gif", "npy");
    static final BigDecimal DEFAULT_RE = new BigDecimal("-0.75");
    static final BigDecimal DEFAULT_SPAN = new BigDecimal("3.5");
    static final int DEFAULT_WIDTH = 800;
    static final int DEFAULT_HEIGHT = 600;
    static final int DEFAULT_ITERATIONS = 1000;

    private final Limits limits;
    private final ImageResponder responder;

    public RenderEndpoint(Limits limits, ImageResponder responder) {
        this.limits = limits;
        this.responder = responder;
    }

    public void handle(Context ctx) throws InterruptedException {
        Query query = new Query(ctx);
        boolean julia = query.has("julia_re") || query.has("julia_im");
        if (julia && !(query.has("julia_re") && query.has("julia_im"))) {
            throw ApiException.badParameter(query.has("julia_re") ? "julia_im" : "julia_re",
                    "is required when the other Julia parameter is given");
        }
        BigDecimal re = query.decimal("re", julia ? BigDecimal.ZERO : DEFAULT_RE);
        BigDecimal im = query.decimal("im", BigDecimal.ZERO);
        BigDecimal span = query.decimal("span", DEFAULT_SPAN);
        try {
            ViewBounds.checkCentred(re, im, span);
        } catch (ViewBounds.OutOfBounds e) {
            throw ApiException.badParameter(e.parameter(), e.rule());
        }
        int width = query.integer("width", DEFAULT_WIDTH, 1, limits.maxSide());
        int height = query.integer("height", DEFAULT_HEIGHT, 1, limits.maxSide());
        int iterations = query.integer("iterations", DEFAULT_ITERATIONS, 1, limits.maxIterations());
        Palette palette = Images.palette(query);
        ImageFormat format = Images.format(query, "format", "png", FORMATS);
        Fractal fractal = new Fractal.Mandelbrot();
        String juliaKey = "";
        if (julia) {
            double cRe = query.finite("julia_re", 0);
            double cIm = query.finite("julia_im", 0);
            if (Math.hypot(cRe, cIm) > 2) {
                // Beyond |c| = 2 the Julia set is dust that no pixel grid shows; the renderer refuses it.
                throw ApiException.badParameter("julia_re", "and julia_im must satisfy |c| <= 2, got |c| = "
                        + (float) Math.hypot(cRe, cIm));
            }
            fractal = new Fractal.Julia(cRe, cIm);
            // Doubles print their shortest round-trip form, so equal values give equal keys.
            juliaKey = "|julia=" + cRe + "," + cIm;
        }
        limits.check(width, height, iterations);
        var viewport = new Viewport.Centred(re, im, span, width, height);
        var request = RenderRequest.of(viewport, iterations).withFractal(fractal);
        // stripTrailingZeros: 0.5 and 0.50 are the same view and must share a cache entry and ETag.
        String key = "render|re=" + re.stripTrailingZeros().toString() + "|im=" + im.stripTrailingZeros().toString()
                + "|span=" + span.stripTrailingZeros().toString() + "|w=" + width + "|h=" + height
                + "|it=" + iterations + juliaKey + "|palette=" + palette.name() + "|" + format.extension();
        responder.respond(ctx, new ImageJob(key, request, Images.colouring(palette), format, ImageJob.ONE_DAY, "span"),
                Disconnect.of(ctx));
    }
}
