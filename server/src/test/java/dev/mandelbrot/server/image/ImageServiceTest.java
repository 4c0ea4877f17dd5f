package dev.mandelbrot.server.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.Cancellation;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Colouring;
import dev.mandelbrot.render.image.ImageFormat;
import dev.mandelbrot.server.Prometheus;
import dev.mandelbrot.server.http.ApiException;
import dev.mandelbrot.server.limits.MemoryBudget;
import dev.mandelbrot.server.limits.RenderGate;
import dev.mandelbrot.server.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory budget (a render waits for room, gives up with a 503 at its deadline, and frees its
 * slot) and identical requests sharing one render.
 */
class ImageServiceTest {

    private final Renderer renderer = Renderer.create(1);
    private final RenderGate gate = new RenderGate(2, 4, 1L << 40);
    private final MemoryBudget memory = new MemoryBudget(4L << 20);
    private final Metrics metrics = new Metrics();
    private final ImageService images = new ImageService(renderer, gate, memory, 1 << 20, metrics, Duration.ofSeconds(2));

    @AfterEach
    void close() {
        threads.shutdownNow();
        renderer.close();
        metrics.close();
    }

    @Test
    void aRenderWithNoRoomInTheBudgetIsRefusedAtItsDeadlineAndGivesItsSlotBack() throws Exception {
        memory.take(memory.capacity()); // a reservation would leave the small room free

        assertThatThrownBy(() -> images.produce(job("a", 64), Cancellation.never()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("render memory budget");
        assertThat(gate.running()).isZero();

        memory.giveBack(memory.capacity());
        assertThat(images.produce(job("a", 64), Cancellation.never()).image().bytes()).isNotEmpty();
        assertThat(memory.reserved()).as("given back after encoding").isZero();
    }

    @Test
    void aRenderWaitingForRoomInTheBudgetGivesItsSlotToOthersMeanwhile() throws Exception {
        memory.take(memory.capacity()); // an answer a slow client is still downloading
        Future<ImageService.Result> large = submit(job("large", 512), Cancellation.never());
        awaitWaiting(1);

        assertThat(gate.running()).isZero();
        assertThat(memory.reserved()).isEqualTo(memory.capacity());
        memory.giveBack(memory.capacity());
        assertThat(large.get(10, TimeUnit.SECONDS).image().bytes()).isNotEmpty();
        large.get().release();
        assertThat(memory.reserved()).isZero();
        assertThat(gate.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void anImageLargerThanTheBudgetStillRendersAlone() throws Exception {
        var result = images.produce(job("big", 768), Cancellation.never());

        assertThat(ImageService.heapBytes(job("big", 768))).isGreaterThan(memory.capacity());
        assertThat(result.image().bytes()).isNotEmpty();
        assertThat(memory.reserved()).isZero();
    }

    @Test
    void anAnswerTheCacheDoesNotKeepStaysInTheBudgetUntilReleasedAndACachedOneIsNotCountedTwice() throws Exception {
        var large = images.produce(job("large", 768, ImageFormat.NPY), Cancellation.never()); // 2.25 MiB > the cache
        assertThat(memory.reserved()).as("its bytes, in whole KiB").isEqualTo((large.image().bytes().length + 1023) / 1024 * 1024);
        large.release();
        assertThat(memory.reserved()).isZero();

        images.produce(job("small", 64), Cancellation.never()).release();
        var hit = images.produce(job("small", 64), Cancellation.never());
        assertThat(hit.source()).isEqualTo(ImageService.Source.CACHED);
        assertThat(memory.reserved()).as("held by the cache, which has its own bound").isZero();
        hit.release();
    }

    @Test
    void identicalRequestsArrivingDuringARenderShareIt() throws Exception {
        var owner = new HeldClient();
        var first = submit(job("s", 96), owner);
        owner.pollsStarted.await();
        List<Future<ImageService.Result>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(submit(job("s", 96), Cancellation.never()));
        }
        awaitWaiting(3);
        owner.release.countDown();

        var rendered = first.get(10, TimeUnit.SECONDS);
        assertThat(rendered.source()).isEqualTo(ImageService.Source.RENDERED);
        for (var other : others) {
            var result = other.get(10, TimeUnit.SECONDS);
            assertThat(result.source()).isEqualTo(ImageService.Source.SHARED);
            assertThat(result.image()).isSameAs(rendered.image());
        }
        assertThat(count("render_shared_total")).isEqualTo(3);
        assertThat(count("render_duration_seconds_count")).as("one render").isEqualTo(1);
        assertThat(images.produce(job("s", 96), Cancellation.never()).source()).isEqualTo(ImageService.Source.CACHED);
    }

    @Test
    void aSharedRenderGoesOnWhenItsOwnersClientLeavesButAnotherWaits() throws Exception {
        var flight = ownerLeavesWhileAnotherWaits("o", Cancellation.never());

        assertThat(flight.other().get(10, TimeUnit.SECONDS).source()).isEqualTo(ImageService.Source.SHARED);
        assertThat(flight.owner().get(10, TimeUnit.SECONDS).image()).isSameAs(flight.other().get().image());
        assertThat(count("render_cancellations_total")).isZero();
    }

    @Test
    void aRenderWhoseClientsHaveAllLeftStopsAndALaterRequestRendersAnew() throws Exception {
        var flight = ownerLeavesWhileAnotherWaits("g", () -> true);

        assertThatThrownBy(() -> flight.owner().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> flight.other().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(count("render_cancellations_total")).isEqualTo(1);
        assertThat(images.produce(job("g", 96), Cancellation.never()).source()).isEqualTo(ImageService.Source.RENDERED);
    }

    @Test
    void aWaiterStillThereWhenItsSharedRenderWasAbandonedRendersItself() throws Exception {
        // seen as gone by the shared render's poll, then here again: it came back as the render stopped
        AtomicInteger polls = new AtomicInteger();
        var flight = ownerLeavesWhileAnotherWaits("w", () -> polls.incrementAndGet() == 1);

        assertThatThrownBy(() -> flight.owner().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(flight.other().get(10, TimeUnit.SECONDS).source()).isEqualTo(ImageService.Source.RENDERED);
    }

    /** The owner's request for a shared render and another's. */
    private record Flight(Future<ImageService.Result> owner, Future<ImageService.Result> other) {}

    /**
     * Starts a render of job {@code key} held at its first poll, lets an identical request by
     * {@code other} join it, then lets the render go on with its owner's client gone.
     */
    private Flight ownerLeavesWhileAnotherWaits(String key, Cancellation other) throws InterruptedException {
        var owner = new HeldClient();
        var first = submit(job(key, 96), owner);
        owner.pollsStarted.await();
        var second = submit(job(key, 96), other);
        awaitWaiting(1);
        owner.gone = true;
        owner.release.countDown();
        return new Flight(first, second);
    }

    /** A client whose first poll (the render's first) waits for {@link #release}; gone once {@link #gone}. */
    private static final class HeldClient implements Cancellation {
        final CountDownLatch pollsStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean gone;

        @Override
        public boolean isCancelled() {
            pollsStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return gone;
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    private Future<ImageService.Result> submit(ImageJob job, Cancellation client) {
        return threads.submit(() -> {
            started.add(Thread.currentThread());
            return images.produce(job, client);
        });
    }

    /** Waits until {@code n} submitted requests are parked waiting for someone else's render. */
    private void awaitWaiting(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count() < n) {
            assertThat(System.nanoTime()).as("%d requests waiting", n).isLessThan(end);
            Thread.sleep(5);
        }
    }

    private double count(String metric) {
        return Prometheus.sum(metrics.scrape(), metric);
    }

    private static ImageJob job(String key, int size) {
        return job(key, size, ImageFormat.PNG);
    }

    private static ImageJob job(String key, int size, ImageFormat format) {
        return new ImageJob(key + size, RenderRequest.of(Viewport.seed(size, size), 50), Colouring.defaults(),
                format, ImageJob.ONE_DAY, "span");
    }
}
