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
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
            assertThat(tile.get("renderMs").isNumber()).as("renderMs is a number, as ms is").isTrue();
            assertThat(tile.get("encodeMs").isNumber()).as("encodeMs is a number").isTrue();
            assertThat(tile.get("ms").isNumber()).isTrue();
            assertThat(bad.get("status").asInt()).isEqualTo(400);
            assertThat(bad.get("error").asText()).isEqualTo("width must be >= 1, got -5");
            assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
            Thread.sleep(200);
            assertThat(lines.list).as("one line per request, not two").hasSize(2);
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

    /**
     * Jetty answers some requests itself, before any route sees them: a URI it cannot parse, a
     * request line or headers beyond its buffers. Each is still one line and one sample, under
     * the route {@code unmatched}; a request line Jetty could not read is logged as Jetty names
     * it, {@code BAD /badMessage}.
     */
    @Test
    void requestsJettyRefusesItselfAreLoggedAndCountedOnce() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try (var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withJsonLogs(true))) {
            Http http = Http.to(server);
            List<String> requests = List.of(
                    "GET /tiles/0/0/0.png%00 HTTP/1.1\r\nHost: localhost\r\n",
                    "GET /a%zz HTTP/1.1\r\nHost: localhost\r\n",
                    "GET /health?" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n",
                    "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n");
            for (String request : requests) {
                raw(server.port(), request + "Connection: close\r\n\r\n");
            }

            List<JsonNode> logged = awaitLines(lines, 4);
            assertThat(logged).extracting(l -> l.get("status").asInt()).containsExactlyInAnyOrder(400, 400, 414, 431);
            assertThat(logged).allSatisfy(l -> assertThat(l.get("route").asText()).isEqualTo("unmatched"));
            String metrics = awaitMetric(http, "status=\"431\"");
            assertThat(count(metrics, "unmatched", 400)).isEqualTo(2);
            assertThat(count(metrics, "unmatched", 414)).isEqualTo(1);
            assertThat(count(metrics, "unmatched", 431)).isEqualTo(1);
        } finally {
            access.detachAppender(lines);
        }
    }

    /**
     * A client that leaves while its image renders: the render finishes (and is cached), the
     * answer's write fails. Javalin's request logger never heard of those; the line and the
     * sample say 499 (nginx's "client closed request"), with the status that went unsent.
     */
    @Test
    void aClientThatLeavesBeforeItsAnswerIsLoggedAndCountedAs499() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try (var server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withJsonLogs(true))) {
            Http http = Http.to(server);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET /api/v1/render?width=1024&height=1024&iterations=3000&format=npy HTTP/1.1\r\n"
                        + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                Thread.sleep(300);
                socket.setSoLinger(true, 0); // leave with a reset: the server's first write fails
            }

            JsonNode line = awaitLines(lines, 1).getFirst();
            assertThat(line.get("route").asText()).isEqualTo("/api/v1/render");
            assertThat(line.get("status").asInt()).isEqualTo(499);
            assertThat(line.get("unsent").asInt()).isEqualTo(200);
            assertThat(line.get("cache").asText()).isEqualTo("miss");
            assertThat(count(awaitMetric(http, "status=\"499\""), "/api/v1/render", 499)).isEqualTo(1);
        } finally {
            access.detachAppender(lines);
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

    /** The value of {@code http_server_requests_seconds_count} summed over methods for one route and status. */
    static long count(String metrics, String route, int status) {
        return metrics.lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .filter(l -> l.contains("route=\"" + route + "\"") && l.contains("status=\"" + status + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Sends {@code request} as it is and reads the answer until the server closes the connection. */
    static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static List<JsonNode> awaitLines(ListAppender<ILoggingEvent> lines, int count) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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
