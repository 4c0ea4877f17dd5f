package dev.mandelbrot.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ETags: the same for one build everywhere, different for another build of the same version. */
class ImageResponderTest {

    private static final ImageService IMAGES = new ImageService(Renderer.create(1), new RenderGate(1, 1, 1),
            new MemoryBudget(1 << 20), 1 << 20, new Metrics(), Duration.ofSeconds(1));

    @Test
    void theSameBuildGivesTheSameEtagOnEveryInstance() {
        var one = new ImageResponder(IMAGES, "1.0.0+2026-11-29T09:40:12Z");
        var other = new ImageResponder(IMAGES, "1.0.0+2026-11-29T09:40:12Z");

        assertThat(one.etag("png|-0.5|0|3|64|48|300")).isEqualTo(other.etag("png|-0.5|0|3|64|48|300"));
    }

    @Test
    void anotherBuildOfTheSameVersionGetsNewEtags() {
        var before = new ImageResponder(IMAGES, "1.0.0+2026-11-29T09:40:12Z");
        var after = new ImageResponder(IMAGES, "1.0.0+2026-11-30T10:00:00Z");

        assertThat(after.etag("png|-0.5|0|3|64|48|300")).isNotEqualTo(before.etag("png|-0.5|0|3|64|48|300"));
    }
}
