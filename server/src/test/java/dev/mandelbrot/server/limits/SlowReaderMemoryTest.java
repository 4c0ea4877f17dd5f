package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.Prometheus;
import dev.mandelbrot.server.StalledReader;
import dev.mandelbrot.server.config.ServerConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An answer a client is slow to read stays on the heap until it is written: its bytes stay
 * charged to the render memory budget until then, so the next large render waits for them
 * instead of running out of heap beside them.
 */
class SlowReaderMemoryTest {

    private static final String NPY = "/api/v1/render?width=2048&height=2048&iterations=11&format=npy";
    private static final String JPEG = "/api/v1/render?width=2048&height=2048&iterations=21&format=jpeg";

    /**
     * A 32 MiB budget and a 1 MiB cache: a 2048 x 2048 .npy is 16 MiB, more than the cache keeps,
     * and a 2048 x 2048 JPEG needs the whole budget.
     */
    private static ServerConfig smallBudget() {
        return ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withRenderMemory(32L << 20).withCacheBytes(1 << 20);
    }

    @Test
    void anAnswerStillBeingDownloadedKeepsItsMemoryReservedUntilItsClientIsDone() throws Exception {
        try (var server = MandelbrotServer.start(smallBudget());
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = Http.to(server);
            Future<HttpResponse<byte[]>> large;
            try (var stalled = StalledReader.get(server.port(), NPY)) {
                assertThat(stalled.head().status()).isEqualTo(200);
                assertThat(reserved(http)).as("the answer's bytes, waiting for their reader")
                        .isGreaterThanOrEqualTo(16L << 20);

                // a small render still fits beside the held answer
                assertThat(http.get("/tiles/0/0/0.png?iterations=51").statusCode()).isEqualTo(200);
                large = pool.submit(() -> http.get(JPEG));
                assertThat(http.get("/health").statusCode()).isEqualTo(200);
                assertThatThrownBy(() -> large.get(3, TimeUnit.SECONDS))
                        .as("the large render waits for room").isInstanceOf(TimeoutException.class);
                assertThat(Prometheus.sum(http.text("/metrics"), "render_memory_waiting")).as("render_memory_waiting")
                        .isEqualTo(1);
            }
            // the client has gone: its answer is garbage now, and the large render runs
            assertThat(large.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            awaitReserved(http, 0);
            assertThat(Prometheus.sum(http.text("/metrics"), "render_memory_waiting")).isZero();
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }

    /**
     * The head-of-line blocking this budget had: a large render waiting for a slow client's answer
     * to go held every map tile behind it, with most of the budget free, until its deadline (20 s).
     * With one render slot (one core), its slot did too.
     */
    @ParameterizedTest(name = "{0} render slots")
    @ValueSource(ints = {1, 2})
    void tilesAreServedAtOnceWhileALargeRenderWaitsForAnAnswerBeingDownloaded(int slots) throws Exception {
        try (var server = MandelbrotServer.start(smallBudget().withRenderThreads(slots));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = Http.to(server);
            Future<HttpResponse<byte[]>> large;
            try (var stalled = StalledReader.get(server.port(), NPY)) {
                assertThat(stalled.head().status()).isEqualTo(200);
                large = pool.submit(() -> http.get(JPEG)); // charged all but the small room: waits

                // for three seconds, long after the large render has started waiting, tiles none of
                // which is cached: each is a render of its own, of a few milliseconds
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int tile = 0; System.nanoTime() < end || tile < 5; tile++) {
                    String path = "/tiles/4/" + tile % 16 + "/" + tile / 16 % 16 + ".png?iterations=" + (51 + tile / 256);
                    Future<HttpResponse<byte[]>> answer = pool.submit(() -> http.get(path));
                    assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).as(path).isEqualTo(200);
                }
                assertThat(large).as("still waiting for the answer to go").isNotDone();
            }
            assertThat(large.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            awaitReserved(http, 0);
        }
    }

    /**
     * A render waiting for memory when the server starts to stop is refused at once, as the gate
     * would refuse it once it had its memory, instead of at its deadline or the end of the grace.
     */
    @Test
    void aRenderWaitingForMemoryIsRefusedAtOnceWhenTheServerStops() throws Exception {
        try (var server = MandelbrotServer.start(smallBudget().withShutdownGrace(Duration.ofSeconds(15)));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = Http.to(server);
            try (var stalled = StalledReader.get(server.port(), NPY)) {
                assertThat(stalled.head().status()).isEqualTo(200);
                Future<HttpResponse<byte[]>> large = pool.submit(() -> http.get(JPEG));
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (Prometheus.sum(http.text("/metrics"), "render_memory_waiting") < 1) {
                    assertThat(System.nanoTime()).as("the large render waits for memory within 10 s").isLessThan(end);
                    Thread.sleep(10);
                }
                // close waits out the stalled download (up to the grace); the waiting render need not
                Future<?> closing = pool.submit(server::close);
                HttpResponse<byte[]> refused = large.get(3, TimeUnit.SECONDS);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("shutting down");
                assertThat(closing).as("still waiting for the stalled download").isNotDone();
            }
        }
    }

    private static double reserved(Http http) {
        return Prometheus.sum(http.text("/metrics"), "render_memory_reserved");
    }

    private static void awaitReserved(Http http, double bytes) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reserved(http) != bytes) {
            assertThat(System.nanoTime()).as("render_memory_reserved %s within 10 s", bytes).isLessThan(end);
            Thread.sleep(10);
        }
    }
}
