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

/**
 * An answer a client is slow to read stays on the heap until it is written: its bytes stay
 * charged to the render memory budget until then, so the next large render waits for them
 * instead of running out of heap beside them.
 */
class SlowReaderMemoryTest {

    private static final String NPY = "/api/v1/render?width=2048&height=2048&iterations=11&format=npy";
    private static final String JPEG = "/api/v1/render?width=2048&height=2048&iterations=21&format=jpeg";

    @Test
    void anAnswerStillBeingDownloadedKeepsItsMemoryReservedUntilItsClientIsDone() throws Exception {
        // a 2048 x 2048 .npy is 16 MiB, more than the cache keeps; a 2048 x 2048 JPEG needs the whole budget
        var config = ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withRenderMemory(32L << 20)
                .withCacheBytes(1 << 20);
        try (var server = MandelbrotServer.start(config);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Http http = Http.to(server);
            Future<HttpResponse<byte[]>> large;
            try (var stalled = StalledReader.get(server.port(), NPY)) {
                assertThat(stalled.head().status()).isEqualTo(200);
                assertThat(reserved(http)).as("the answer's bytes, waiting for their reader")
                        .isGreaterThanOrEqualTo(16L << 20);

                // a small render still fits beside the held answer (the budget is first come, first
                // served: behind a large render waiting for room, it would wait too)
                assertThat(http.get("/tiles/0/0/0.png?iterations=51").statusCode()).isEqualTo(200);
                large = pool.submit(() -> http.get(JPEG));
                assertThat(http.get("/health").statusCode()).isEqualTo(200);
                assertThatThrownBy(() -> large.get(3, TimeUnit.SECONDS))
                        .as("the large render waits for room").isInstanceOf(TimeoutException.class);
            }
            // the client has gone: its answer is garbage now, and the large render runs
            assertThat(large.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            awaitReserved(http, 0);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
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
