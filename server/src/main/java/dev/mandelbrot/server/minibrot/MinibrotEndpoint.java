package dev.mandelbrot.server.minibrot;

import dev.mandelbrot.render.Minibrot;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.http.Query;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code GET /api/v1/minibrot?re=&im=&span=}: the minibrot of lowest period within the view
 * (the disc of radius span / 2 around the centre), as exact decimals, with the span that frames
 * it. Cost is bounded before the search starts (see {@link MinibrotSearch}).
 */
public final class MinibrotEndpoint {

    /** Largest max_period a client may ask for. */
    static final int MAX_PERIOD = 100_000;
    /** max_period when the client names none (lowered at depth to what the budget affords). */
    static final int DEFAULT_MAX_PERIOD = 50_000;
    /** A view with span about 10 sizes frames a minibrot with some of its surroundings. */
    static final BigDecimal FRAME = BigDecimal.TEN;

    /** The answer: decimals as strings so that no client parses them into doubles by accident. */
    record Found(int period, String re, String im, String size, String span) {}

    private final MinibrotSearch search;

    public MinibrotEndpoint(MinibrotSearch search) {
        this.search = search;
    }

    public void handle(Context ctx) throws InterruptedException {
        Query query = new Query(ctx);
        BigDecimal re = required(query, "re");
        BigDecimal im = required(query, "im");
        BigDecimal span = required(query, "span");
        if (re.abs().compareTo(BigDecimal.TEN) > 0 || im.abs().compareTo(BigDecimal.TEN) > 0) {
            throw ApiException.badParameter(re.abs().compareTo(BigDecimal.TEN) > 0 ? "re" : "im",
                    "must be within [-10, 10]: the whole set lies within radius 2");
        }
        if (span.signum() <= 0) {
            throw ApiException.badParameter("span", "must be > 0, got " + Query.shorten(span.toString()));
        }
        if (span.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiException.badParameter("span", "must be <= 100");
        }
        BigDecimal radius = span.divide(BigDecimal.TWO);
        if (radius.compareTo(MinibrotSearch.MIN_RADIUS) < 0) {
            throw ApiException.unprocessable("span", "span must be at least 2e-5000 for a minibrot search"
                    + " (deeper searches would take minutes), got " + Query.shorten(span.toString()));
        }
        int affordable = MinibrotSearch.affordablePeriod(MinibrotSearch.bits(radius));
        int maxPeriod;
        if (query.has("max_period")) {
            maxPeriod = query.integer("max_period", DEFAULT_MAX_PERIOD, 1, MAX_PERIOD);
            if (maxPeriod > affordable) {
                throw ApiException.unprocessable("max_period", "max_period = " + maxPeriod
                        + " exceeds what a search at this span may cost; at span " + Query.shorten(span.toString())
                        + " use at most " + affordable);
            }
        } else {
            maxPeriod = Math.min(DEFAULT_MAX_PERIOD, affordable);
        }
        Minibrot found = search.find(re, im, radius, maxPeriod).orElseThrow(() -> ApiException.notFound(
                "no minibrot of period <= " + maxPeriod + " found within " + scientific(radius)
                        + " of the centre; move nearer the boundary of the set, zoom in, or raise max_period"));
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.json(new Found(found.period(), found.re().stripTrailingZeros().toPlainString(),
                found.im().stripTrailingZeros().toPlainString(),
                scientific(found.size()), scientific(found.size().multiply(FRAME).round(new MathContext(3)))));
    }

    private static BigDecimal required(Query query, String name) {
        if (!query.has(name)) {
            throw ApiException.badParameter(name, "is required");
        }
        return query.decimal(name, null);
    }

    /**
     * 8.94609E-33 as 8.94609e-33 and 1E+1 as 1e1: the form JavaScript, Python and the other
     * endpoints all read, without a {@code +}, which a URL's query would read as a space.
     */
    static String scientific(BigDecimal value) {
        return value.stripTrailingZeros().toString().replace("E+", "e").replace('E', 'e');
    }
}
