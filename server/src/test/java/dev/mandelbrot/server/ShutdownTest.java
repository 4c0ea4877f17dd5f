package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mandelbrot.server.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

public class ShutdownTest {

    @Test
    void closingDrainsHealthRefusesNewRendersAndFinishesTheOneInFlight() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(MandelbrotServer.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0)
                .withShutdownGrace(Duration.ofSeconds(120)).withDeadline(Duration.ofSeconds(120)));
        Http http = Http.to(server);

        // 2048 x 2048: a quarter of a second even on a fast CPU, so the polls below see it running
        CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(() ->
                http.get("/api/v1/render?re=-0.7436&im=0.1318&span=0.002&width=2048&height=2048&iterations=900"));
        awaitRenderInFlight(http, inFlight);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        awaitHealthStatus(http, 503);

        var refused = http.get("/tiles/0/0/0.png?iterations=77");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(new String(http.get("/health").body())).contains("\"status\":\"DRAINING\"");
        assertThat(List.copyOf(lines.list)).as("said when it starts, not only when it has stopped")
                .extracting(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.startsWith("shutting down"));

        var finished = inFlight.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(Http.image(finished.body()).getWidth()).isEqualTo(2048);
        closing.get();
        log.detachAppender(lines);
    }

    /**
     * An answer still being written when shutdown starts is written to the end, within the grace,
     * even when its client stalls for longer than Jetty's one-second shutdown idle timeout.
     */
    @Test
    void closingLetsAnAnswerStillBeingWrittenReachItsSlowClient() throws Exception {
        var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0)
                .withShutdownGrace(Duration.ofSeconds(60)).withDeadline(Duration.ofSeconds(60)));
        try (var slow = StalledReader.get(server.port(),
                "/api/v1/render?width=2048&height=2048&iterations=11&format=npy")) {
            var head = slow.head();
            assertThat(head.status()).isEqualTo(200);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Thread.sleep(2_500); // the client stalls: nothing read for longer than Jetty's 1 s
            assertThat(closing).as("waiting for the answer to be written").isNotDone();

            assertThat(slow.readToEnd()).isEqualTo(head.contentLength().orElseThrow());
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    /**
     * Waits until {@code /metrics} shows one render in flight: {@code render}, the request that
     * started it. Fails at once, with its answer, if that request ends before it was seen running
     * (refused, or too quick for the polls), rather than after ten seconds without a reason.
     */
    public static void awaitRenderInFlight(Http http, Future<?> render) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!http.text("/metrics").contains("render_in_flight 1.0")) {
            if (render.isDone()) {
                Object answer = render.get();
                throw new AssertionError("the render ended before it was seen in flight: " + (answer instanceof
                        HttpResponse<?> r ? r.statusCode() + " " + describe(r.body()) : String.valueOf(answer)));
            }
            assertThat(System.nanoTime()).as("a render in flight within 10 s").isLessThan(end);
            Thread.sleep(5);
        }
    }

    private static String describe(Object body) {
        return body instanceof byte[] bytes && bytes.length < 1_000 ? new String(bytes, StandardCharsets.UTF_8)
                : "(a body of " + (body instanceof byte[] bytes ? bytes.length : -1) + " bytes)";
    }

    static void awaitHealthStatus(Http http, int status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (http.get("/health").statusCode() != status) {
            assertThat(System.nanoTime()).as("health %d within 10 s", status).isLessThan(end);
            Thread.sleep(5);
        }
    }
}
