package dev.mandelbrot.server.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory budget: a render waits for room, gives up with a 503 at its deadline, and frees its slot. */
class ImageServiceTest {

    private final Renderer renderer = Renderer.create(1);
    private final RenderGate gate = new RenderGate(2, 4, 1L << 40);
    private final MemoryBudget memory = new MemoryBudget(4L << 20);
    private final ImageService images = new ImageService(renderer, gate, memory, 1 << 20, new Metrics(), Duration.ofSeconds(2));

    @AfterEach
    void close() {
        renderer.close();
    }

    @Test
    void aRenderWithNoRoomInTheBudgetIsRefusedAtItsDeadlineAndGivesItsSlotBack() throws Exception {
        assertThat(memory.reserve(memory.capacity(), Duration.ZERO)).isTrue();

        assertThatThrownBy(() -> images.produce(job("a", 64), Cancellation.never()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("render memory budget");
        assertThat(gate.running()).isZero();

        memory.release(memory.capacity());
        assertThat(images.produce(job("a", 64), Cancellation.never()).image().bytes()).isNotEmpty();
        assertThat(memory.reserved()).as("given back after encoding").isZero();
    }

    @Test
    void anImageLargerThanTheBudgetStillRendersAlone() throws Exception {
        var result = images.produce(job("big", 768), Cancellation.never());

        assertThat(ImageService.heapBytes(job("big", 768))).isGreaterThan(memory.capacity());
        assertThat(result.image().bytes()).isNotEmpty();
        assertThat(memory.reserved()).isZero();
    }

    private static ImageJob job(String key, int size) {
        return new ImageJob(key + size, RenderRequest.of(Viewport.seed(size, size), 50), Colouring.defaults(),
                ImageFormat.PNG, ImageJob.ONE_DAY, "span");
    }
}
