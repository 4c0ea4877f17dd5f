package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.kernel.Kernels;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A field handed back with {@link Renderer#recycle} lends its arrays to the next render of the same
 * size, which must overwrite every value: whatever the arrays held, the image is the one a fresh
 * render gives.
 */
class FieldRecyclingTest {

    private static final Renderer FRESH = Renderer.create(2);
    private static final Renderer SCALAR = Renderer.create(2, Kernels.scalar());

    @AfterAll
    static void close() {
        FRESH.close();
        SCALAR.close();
    }

    private static Viewport centred(String re, String im, String span, int w, int h) {
        return new Viewport.Centred(new BigDecimal(re), new BigDecimal(im), new BigDecimal(span), w, h);
    }

    /**
     * Views that take every path a render can: one task or shared out, mirrored rows, point
     * mirroring, guessing, proven blocks, odd sizes.
     */
    private static final List<RenderRequest> REQUESTS = List.of(
            RenderRequest.of(new Viewport.Rectangle(-2.5, 1, -1, 1, 256, 256), 1000), // mirrored about the axis
            RenderRequest.of(new Viewport.Rectangle(-2.5, 1, -1, 1, 255, 129), 500), // odd sizes, middle row its own mirror
            RenderRequest.of(centred("-0.7436", "0.1318", "0.002", 256, 256), 1000), // boundary, off the axis
            RenderRequest.of(centred("-0.2", "0.1", "0.05", 256, 256), 1000), // wholly inside the cardioid: proven blocks
            RenderRequest.of(centred("-0.75", "0", "0.4", 256, 256), 300).withInteriorShortcuts(false),
            RenderRequest.of(centred("-0.75", "0.2", "1", 256, 256), 300).withGuessing(true),
            RenderRequest.of(centred("0", "0", "3", 256, 256), 300).withFractal(new Fractal.Julia(-0.8, 0.156)), // point mirror
            RenderRequest.of(centred("0.1", "0.2", "2", 256, 256), 300).withFractal(new Fractal.Julia(-0.8, 0.156)),
            RenderRequest.of(Viewport.seed(1024, 1024), 1000), // shared out on the pool, mirrored
            RenderRequest.of(centred("-0.1", "0.8", "0.5", 300, 257), 500), // shared out, odd sizes
            RenderRequest.of(centred("-1", "0.3", "1", 7, 3), 200),
            RenderRequest.of(centred("-1", "0.3", "1", 1, 1), 200));

    @Test
    void aRecycledFieldsArraysAreOverwrittenWhollyByTheNextRenderOfItsSize() {
        for (Renderer renderer : List.of(FRESH, SCALAR)) {
            try (Renderer recycling = renderer == FRESH ? Renderer.create(2) : Renderer.create(2, Kernels.scalar())) {
                for (RenderRequest request : REQUESTS) {
                    EscapeField expected = renderer.render(request);
                    // a field of the same size holding values no render writes, handed back
                    EscapeField stale = recycling.render(request.withMaxIterations(7));
                    Arrays.fill(stale.counts(), 123_456);
                    Arrays.fill(stale.smooth(), Float.NaN);
                    recycling.recycle(stale);

                    EscapeField again = recycling.render(request);

                    assertThat(again.counts()).as("%s: arrays reused", request).isSameAs(stale.counts());
                    assertThat(again.smooth()).isSameAs(stale.smooth());
                    assertThat(again.counts()).as("%s: counts", request).isEqualTo(expected.counts());
                    assertThat(again.smooth()).as("%s: smooth values", request).isEqualTo(expected.smooth());
                    assertThat(again.iterations()).isEqualTo(expected.iterations());
                }
            }
        }
    }

    @Test
    void aFieldIsReusedForAnyShapeOfItsPixelCountAndOnlyOnce() {
        try (Renderer recycling = Renderer.create(1)) {
            RenderRequest wide = RenderRequest.of(centred("-1", "0.3", "1", 32, 16), 100);
            RenderRequest tall = wide.withViewport(centred("-1", "0.3", "1", 16, 32));
            EscapeField first = recycling.render(wide);
            recycling.recycle(first);
            recycling.recycle(first); // twice by mistake: kept once, so two renders never share arrays

            EscapeField smaller = recycling.render(wide.withViewport(centred("-1", "0.3", "1", 16, 16)));
            EscapeField sameCount = recycling.render(tall);
            EscapeField afterwards = recycling.render(wide);

            assertThat(smaller.counts()).isNotSameAs(first.counts());
            assertThat(sameCount.counts()).isSameAs(first.counts());
            assertThat(sameCount.counts()).isEqualTo(FRESH.render(tall).counts());
            assertThat(afterwards.counts()).isNotSameAs(first.counts());
        }
    }

    @Test
    void thePoolKeepsFieldsUpToItsBoundInBytesAndDropsTheOldest() {
        FieldPool pool = new FieldPool();
        int seed = (int) (FieldPool.MAX_BYTES / 8); // 1024 x 1024: exactly the bound
        EscapeField tooLarge = field(seed + 1);
        pool.give(tooLarge);
        assertThat(pool.take(seed + 1)).isNull();

        EscapeField large = field(seed);
        pool.give(large);
        EscapeField[] tiles = new EscapeField[4];
        for (int i = 0; i < tiles.length; i++) {
            tiles[i] = field(256 * 256);
            pool.give(tiles[i]); // the first one makes room by dropping the large field
        }
        assertThat(pool.take(seed)).as("dropped for room").isNull();
        for (int i = tiles.length - 1; i >= 0; i--) {
            assertThat(pool.take(256 * 256)).isSameAs(tiles[i]); // the newest first, still in the cache
        }
        assertThat(pool.take(256 * 256)).isNull();

        for (int i = 0; i < 20; i++) {
            pool.give(field(64)); // small ones: at most sixteen are kept
        }
        int kept = 0;
        while (pool.take(64) != null) {
            kept++;
        }
        assertThat(kept).isEqualTo(16);
    }

    private static EscapeField field(int pixels) {
        return new EscapeField(pixels, 1, 10, new int[pixels], new float[pixels], 0);
    }
}
