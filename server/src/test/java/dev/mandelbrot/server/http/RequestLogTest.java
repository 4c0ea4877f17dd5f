package dev.mandelbrot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

    @Test
    void eachRequestIsOneJsonLineWithRouteStatusCacheAndErrorButNoStackTrace() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try (var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withJsonLogs(true))) {
            Http http = Http.to(server);
            http.get("/tiles/2/1/1.png?iterations=64");
            http.get("/mandelbrot?width=-5");

            List<JsonNode> logged = awaitLines(lines, 2);
            JsonNode tile = logged.stream().filter(l -> l.get("path").asText().startsWith("/tiles")).findFirst().orElseThrow();
            JsonNode bad = logged.stream().filter(l -> l.get("path").asText().equals("/mandelbrot")).findFirst().orElseThrow();

            assertThat(tile.get("route").asText()).isEqualTo("/tiles/{z}/{x}/{file}");
            assertThat(tile.get("status").asInt()).isEqualTo(200);
            assertThat(tile.get("cache").asText()).isEqualTo("miss");
            assertThat(tile.has("renderMs")).isTrue();
            assertThat(bad.get("status").asInt()).isEqualTo(400);
            assertThat(bad.get("error").asText()).isEqualTo("width must be >= 1, got -5");
            assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        } finally {
            access.detachAppender(lines);
        }
    }

    /**
     * A method is whatever token a client sends; as a metrics label each new one would add a
     * histogram kept for the life of the process. Methods HTTP defines keep their names, the
     * rest share one label, and the log line keeps a short prefix.
     */
    @Test
    void unknownMethodsShareOneMetricsLabel() throws Exception {
        try (var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0))) {
            Http http = Http.to(server);
            String invented = "QAPROBE" + "X".repeat(200);
            assertThat(http.send(invented, "/health").statusCode()).isEqualTo(404);
            assertThat(http.send("DELETE", "/health").statusCode()).isEqualTo(404);

            String metrics = awaitMetric(http, "method=\"other\"");

            assertThat(metrics).doesNotContain("QAPROBE");
            assertThat(metrics).contains("method=\"DELETE\"");
        }
    }

    @Test
    void textLinesQuoteValuesThatWouldBreakThem() {
        var line = new java.util.LinkedHashMap<String, Object>(Map.of("status", 400));
        line.put("error", "x must be \"1\"\n");
        line.put("ok", "plain");

        String text = RequestLog.asText(line);

        assertThat(text).contains("status=400").contains("error=\"x must be \\\"1\\\"?\"").contains("ok=plain");
        assertThat(text).doesNotContain("\n");
    }

    /** The request log runs after the answer is sent: wait for its metric to appear. */
    private static String awaitMetric(Http http, String fragment) throws InterruptedException {
        String metrics = "";
        for (int i = 0; i < 100 && !metrics.contains(fragment); i++) {
            Thread.sleep(20);
            metrics = http.text("/metrics");
        }
        return metrics;
    }

    private static List<JsonNode> awaitLines(ListAppender<ILoggingEvent> lines, int count) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines.list.size() < count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        var mapper = new ObjectMapper();
        var parsed = new java.util.ArrayList<JsonNode>();
        for (ILoggingEvent e : List.copyOf(lines.list)) {
            parsed.add(mapper.readTree(e.getFormattedMessage()));
        }
        return parsed;
    }
}
