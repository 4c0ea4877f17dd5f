package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, metrics, the OpenAPI document and static files: what operators and tools read. */
class OperationsTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @Test
    void healthIsValidJsonWithStatusVersionInstanceAndUptime() throws Exception {
        var response = server.http().get("/health");
        JsonNode body = new ObjectMapper().readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("version").asText()).isNotBlank();
        assertThat(body.get("build").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z|dev");
        assertThat(body.get("instance").asText()).isNotBlank();
        assertThat(body.get("uptimeSeconds").isIntegralNumber()).isTrue();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void metricsCoverRequestsByRouteAndStatusLatencyQueueCacheAndJvm() {
        server.http().get("/tiles/1/1/1.png");
        server.http().get("/tiles/1/1/1.png");
        server.http().get("/mandelbrot?width=-1");
        server.http().get("/no/such/thing");

        String metrics = server.http().text("/metrics");

        assertThat(metrics)
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/tiles/{z}/{x}/{file}\",status=\"200\"} 2")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/mandelbrot\",status=\"400\"} 1")
                .contains("route=\"unmatched\",status=\"404\"")
                .contains("http_server_requests_seconds_bucket{")
                .contains("render_queue_depth ")
                .contains("render_in_flight ")
                .contains("render_memory_reserved ")
                .contains("render_duration_seconds_count")
                .contains("cache_gets_total{cache=\"images\",result=\"hit\"}")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_")
                .contains("process_uptime_seconds");
    }

    /**
     * Counters of events a quiet server has not seen yet are there at zero: a dashboard's rate()
     * of a series that does not exist shows "no data", not 0, and an alarm on it never fires.
     * A fresh server, so no test before this one has caused an event.
     */
    @Test
    void eventCountersAreExportedAtZeroBeforeTheFirstEvent() {
        try (var fresh = MandelbrotServer.start(dev.mandelbrot.server.config.ServerConfig.defaults()
                .withBind("127.0.0.1").withPort(0))) {
            String metrics = Http.to(fresh).text("/metrics");

            for (String reason : List.of("full", "timeout", "memory", "closed")) {
                assertThat(metrics).contains("render_rejections_total{reason=\"" + reason + "\"} 0.0");
            }
            for (String reason : List.of("client", "deadline")) {
                assertThat(metrics).contains("render_cancellations_total{reason=\"" + reason + "\"} 0.0");
            }
            assertThat(metrics).contains("render_shared_total 0.0");
        }
    }

    @Test
    void theOpenApiDocumentParsesAndDescribesEveryRoute() throws Exception {
        var response = server.http().get("/openapi.json");
        JsonNode doc = new ObjectMapper().readTree(response.body());

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrderElementsOf(MandelbrotServer.ROUTES);
        for (String ref : refs(doc, new ArrayList<>())) {
            String[] parts = ref.substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.get(part);
                assertThat(target).as("target of %s", ref).isNotNull();
            }
        }
    }

    @Test
    void leafletIsServedFromItsWebJarWithoutACdn() {
        var response = server.http().get("/webjars/leaflet/1.9.4/dist/leaflet.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(new String(response.body())).contains("Leaflet");
    }

    private static List<String> refs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    into.add(e.getValue().asText());
                } else {
                    refs(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> refs(child, into));
        }
        return into;
    }
}
