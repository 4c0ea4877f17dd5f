package dev.mandelbrot.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.ShutdownTest;
import dev.mandelbrot.server.config.ServerConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** With one render slot and no queue, a burst is answered at once: one render, the rest 503. */
class SheddingTest {

    @Test
    void aBurstBeyondCapacityGets503WithRetryAfterAtOnceAndTheServerStaysHealthy() throws Exception {
        // One slot, no queue, and a deadline that bounds the occupying render on any machine.
        var config = ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withRenderThreads(1).withQueueCapacity(0)
                .withDeadline(Duration.ofSeconds(3));
        try (var server = MandelbrotServer.start(config)) {
            Http http = Http.to(server);
            int burst = 7;
            record Timed(HttpResponse<byte[]> response, long finishedAt) {}
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Timed> occupying = pool.submit(() -> {
                    var response = http.get("/api/v1/render?re=-0.7436&im=0.1318&span=0.002&width=2048&height=2048&iterations=900");
                    return new Timed(response, System.nanoTime());
                });
                ShutdownTest.awaitRenderInFlight(http, occupying);

                List<Future<Timed>> futures = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    String path = "/api/v1/render?re=-0.7436" + i + "&im=0.1318&span=0.002&width=256&height=256&iterations=100";
                    futures.add(pool.submit(() -> new Timed(http.get(path), System.nanoTime())));
                }
                Timed occupied = occupying.get();
                for (var f : futures) {
                    Timed t = f.get();
                    assertThat(t.response().statusCode()).isEqualTo(503);
                    assertThat(t.response().headers().firstValue("Retry-After")).hasValue("1");
                    // Not cacheable, or a browser would answer the retry itself, from its cache
                    assertThat(t.response().headers().firstValue("Cache-Control")).hasValue("no-store");
                    assertThat(t.response().headers().firstValue("ETag")).isEmpty();
                    assertThat(new String(t.response().body())).contains("queue is full");
                    // Refused at once: answered while the render that fills the slot was still running.
                    assertThat(t.finishedAt()).isLessThan(occupied.finishedAt());
                }
                // The occupying render either finished or hit its deadline; either way it was answered.
                assertThat(occupied.response().statusCode()).isIn(200, 503);
            }
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/tiles/0/0/0.png?iterations=50").statusCode()).isEqualTo(200);
            assertThat(http.text("/metrics")).contains("render_rejections_total{reason=\"full\"} 7.0");
        }
    }

    /**
     * A view the renderer cannot render (a Julia set below double precision) is refused with its
     * 422 before admission: it never waits for, or is shed for lack of, a slot it could not use.
     */
    @Test
    void aViewNoEngineCanRenderIs422EvenWhenEverySlotIsTaken() throws Exception {
        var config = ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withRenderThreads(1).withQueueCapacity(0)
                .withDeadline(Duration.ofSeconds(3));
        try (var server = MandelbrotServer.start(config)) {
            Http http = Http.to(server);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<HttpResponse<byte[]>> occupying = pool.submit(() ->
                        http.get("/api/v1/render?re=-0.7436&im=0.1318&span=0.002&width=2048&height=2048&iterations=900"));
                ShutdownTest.awaitRenderInFlight(http, occupying);

                var deepJulia = http.get("/api/v1/render?re=0.5&span=1e-320&width=10&height=10&julia_re=0.1&julia_im=0.1");

                assertThat(deepJulia.statusCode()).isEqualTo(422);
                assertThat(new String(deepJulia.body())).contains("precision limit");
                assertThat(occupying.isDone()).as("answered while the slot was still taken").isFalse();
                occupying.get();
            }
        }
    }

    @Test
    void aRenderThatOutlivesItsDeadlineIsCancelledAndAnswered503() {
        var config = ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withDeadline(Duration.ofMillis(50));
        try (var server = MandelbrotServer.start(config)) {
            Http http = Http.to(server);
            var response = http.get("/api/v1/render?re=-0.7436&im=0.1318&span=0.002&width=2048&height=2048&iterations=900");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(new String(response.body())).contains("deadline of 50 ms");
            assertThat(http.text("/metrics")).contains("render_cancellations_total{reason=\"deadline\"}");
        }
    }
}
