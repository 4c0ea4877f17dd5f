package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
                .contains("render_memory_waiting ")
                .contains("render_duration_seconds_count")
                .contains("cache_gets_total{cache=\"images\",result=\"hit\"}")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_gc_")
                .contains("process_uptime_seconds");
    }

    /** The image cache's puts are counted: Micrometer's Caffeine binder counts only loads. */
    @Test
    void theImageCacheCountsItsPuts() {
        try (var fresh = MandelbrotServer.start(dev.mandelbrot.server.config.ServerConfig.defaults()
                .withBind("127.0.0.1").withPort(0))) {
            Http http = Http.to(fresh);
            assertThat(http.get("/tiles/2/1/1.png").statusCode()).isEqualTo(200);
            assertThat(http.get("/tiles/2/1/1.png").statusCode()).isEqualTo(200);
            assertThat(http.get("/tiles/2/2/1.png").statusCode()).isEqualTo(200);

            assertThat(http.text("/metrics"))
                    .contains("cache_puts_total{cache=\"images\"} 2.0")
                    .contains("cache_gets_total{cache=\"images\",result=\"hit\"} 1.0");
        }
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

    /** Headers whose presence the document must state exactly: declared if sent, sent if declared. */
    private static final List<String> CONTRACT_HEADERS =
            List.of("ETag", "Cache-Control", "Server-Timing", "Content-Disposition", "Vary", "Retry-After");

    /**
     * Live JSON answers, errors included, against the document: every property sent is declared,
     * every required one is sent, enums and types hold, and the headers match the response's.
     */
    @Test
    void liveJsonAnswersMatchTheirSchemasAndHeaders() throws Exception {
        JsonNode doc = openApi();
        answersAsDeclared(doc, "/health", "200", server.http().get("/health"));
        answersAsDeclared(doc, "/api/v1/limits", "200", server.http().get("/api/v1/limits"));
        answersAsDeclared(doc, "/api/v1/palettes", "200", server.http().get("/api/v1/palettes"));
        answersAsDeclared(doc, "/openapi.json", "200", server.http().get("/openapi.json"));
        answersAsDeclared(doc, "/api/v1/minibrot", "200", server.http().get("/api/v1/minibrot?re=-0.75&im=0.1&span=0.01"));
        answersAsDeclared(doc, "/api/v1/render", "400", server.http().get("/api/v1/render?width=0"));
        answersAsDeclared(doc, "/api/v1/render", "422", server.http().get("/api/v1/render?width=8&height=8&iterations=100000000"));
        answersAsDeclared(doc, "/tiles/{z}/{x}/{file}", "400", server.http().get("/tiles/0/0/0.gif"));
        answersAsDeclared(doc, "/api/v1/minibrot", "400", server.http().get("/api/v1/minibrot?re=1"));

        JsonNode palettes = new ObjectMapper().readTree(server.http().get("/api/v1/palettes").body());
        JsonNode palette = resolve(doc, doc.at("/components/parameters/palette")).get("schema");
        Set<String> live = new TreeSet<>();
        palettes.get("palettes").forEach(p -> live.add(p.get("name").asText()));
        Set<String> declared = new TreeSet<>();
        palette.get("enum").forEach(n -> declared.add(n.asText()));
        assertThat(declared).isEqualTo(live);
        assertThat(palette.get("default").asText()).isEqualTo(palettes.get("default").asText());
    }

    /** Every kind of image answer and its 304 carry exactly the headers and media type declared. */
    @Test
    void liveImageAnswersAndTheir304sMatchTheDeclaredHeaders() throws Exception {
        JsonNode doc = openApi();
        String tiny = "width=8&height=8&iterations=1";
        List<String[]> images = List.of(
                new String[] {"/mandelbrot", "/mandelbrot?" + tiny + "&ext=gif"},
                new String[] {"/mandelbrot", "/mandelbrot?" + tiny + "&ext=jpg"},
                new String[] {"/api/v1/render", "/api/v1/render?" + tiny},
                new String[] {"/api/v1/render", "/api/v1/render?" + tiny + "&format=npy"},
                new String[] {"/tiles/{z}/{x}/{file}", "/tiles/0/0/0.PNG?iterations=1"},
                new String[] {"/tiles/{z}/{x}/{file}", "/tiles/1/1/0.jpeg?iterations=1"});
        for (String[] image : images) {
            var response = server.http().get(image[1]);
            if (image[1].contains("format=npy")) {
                assertThat(response.headers().firstValue("Content-Disposition")).as("npy download").isPresent();
            }
            answersAsDeclared(doc, image[0], "200", response);
            String etag = response.headers().firstValue("ETag").orElseThrow();
            answersAsDeclared(doc, image[0], "304", server.http().get(image[1], "If-None-Match", etag));
        }
        JsonNode file = parameter(doc, "/tiles/{z}/{x}/{file}", "file").get("schema");
        for (String accepted : List.of("0.PNG", "0.Jpg", "0.jpeg")) {
            assertThat(accepted).as("file pattern").matches(Pattern.compile(file.get("pattern").asText()));
        }
    }

    /**
     * Bounds read from the document are the service's: the value at a bound is answered, one
     * past it is refused (4xx). A bound the document gets wrong fails here.
     */
    @Test
    void declaredParameterBoundsAreTheServicesBounds() throws Exception {
        JsonNode doc = openApi();
        // operation, parameter, URL with {} for the value, a valid value to pad for string lengths
        List<String[]> cases = List.of(
                new String[] {"/api/v1/render", "width", "/api/v1/render?height=1&iterations=1&width={}", null},
                new String[] {"/api/v1/render", "height", "/api/v1/render?width=1&iterations=1&height={}", null},
                new String[] {"/api/v1/render", "iterations", "/api/v1/render?width=8&height=8&iterations={}", null},
                new String[] {"/mandelbrot", "width", "/mandelbrot?height=1&iterations=1&width={}", null},
                new String[] {"/mandelbrot", "height", "/mandelbrot?width=1&iterations=1&height={}", null},
                new String[] {"/tiles/{z}/{x}/{file}", "iterations", "/tiles/0/0/0.png?iterations={}", null},
                new String[] {"/api/v1/render", "re", "/api/v1/render?width=8&height=8&iterations=1&re={}", "-0.75"},
                new String[] {"/api/v1/render", "im", "/api/v1/render?width=8&height=8&iterations=1&im={}", "0.1"},
                new String[] {"/api/v1/render", "span", "/api/v1/render?width=8&height=8&iterations=1&span={}", "3.5"},
                new String[] {"/api/v1/minibrot", "re", "/api/v1/minibrot?im=0.1&span=0.01&re={}", "-0.75"},
                new String[] {"/api/v1/minibrot", "im", "/api/v1/minibrot?re=-0.75&span=0.01&im={}", "0.1"},
                new String[] {"/api/v1/minibrot", "span", "/api/v1/minibrot?re=-0.75&im=0.1&span={}", "0.01"},
                new String[] {"/api/v1/minibrot", "max_period", "/api/v1/minibrot?re=0&im=0&span=0.01&max_period={}", null});
        List<String> probed = new ArrayList<>();
        for (String[] c : cases) {
            JsonNode schema = parameter(doc, c[0], c[1]).get("schema");
            String url = c[2];
            if (schema.has("minimum")) {
                long min = schema.get("minimum").asLong();
                assertStatus(url, Long.toString(min), true);
                assertStatus(url, Long.toString(min - 1), false);
                probed.add(c[0] + " " + c[1] + " minimum");
            }
            if (schema.has("maximum")) {
                long max = schema.get("maximum").asLong();
                assertStatus(url, Long.toString(max), true);
                assertStatus(url, Long.toString(max + 1), false);
                probed.add(c[0] + " " + c[1] + " maximum");
            }
            if (c[3] != null) {
                assertThat(schema.has("maxLength")).as("%s %s maxLength", c[0], c[1]).isTrue();
                assertThat(schema.has("pattern")).as("%s %s pattern", c[0], c[1]).isTrue();
                int length = schema.get("maxLength").asInt();
                Pattern pattern = Pattern.compile(schema.get("pattern").asText());
                String longest = c[3] + "0".repeat(length - c[3].length());
                String tooLong = longest + "0";
                assertThat(longest).matches(pattern);
                assertThat(tooLong).matches(pattern);
                assertStatus(url, longest, true);
                assertStatus(url, tooLong, false);
                assertThat(pattern.matcher("1e-10000").matches()).isTrue();
                assertThat(pattern.matcher("NaN").matches()).isFalse();
                probed.add(c[0] + " " + c[1] + " maxLength");
            }
        }
        assertThat(probed).contains("/api/v1/render width maximum", "/api/v1/minibrot max_period maximum",
                "/api/v1/minibrot max_period minimum", "/tiles/{z}/{x}/{file} iterations minimum");
    }

    private static void assertStatus(String url, String value, boolean accepted) {
        int status = server.http().get(url.replace("{}", value)).statusCode();
        if (accepted) {
            assertThat(status).as("%s with %s", url, value.length() > 20 ? value.length() + " characters" : value)
                    .isBetween(200, 299);
        } else {
            assertThat(status).as("%s with %s", url, value.length() > 20 ? value.length() + " characters" : value)
                    .isBetween(400, 499);
        }
    }

    private static JsonNode openApi() throws Exception {
        return new ObjectMapper().readTree(server.http().get("/openapi.json").body());
    }

    private static JsonNode parameter(JsonNode doc, String path, String name) {
        for (JsonNode p : doc.get("paths").get(path).get("get").get("parameters")) {
            JsonNode resolved = resolve(doc, p);
            if (resolved.get("name").asText().equals(name)) {
                return resolved;
            }
        }
        throw new AssertionError("no parameter " + name + " on " + path);
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        while (node != null && node.has("$ref")) {
            node = doc.at(node.get("$ref").asText().substring(1));
            assertThat(node.isMissingNode()).isFalse();
        }
        return node;
    }

    /** The live answer against the response the document declares for its status. */
    private static void answersAsDeclared(JsonNode doc, String path, String code, HttpResponse<byte[]> live) throws Exception {
        String where = path + " " + code;
        assertThat(live.statusCode()).as(where).isEqualTo(Integer.parseInt(code));
        JsonNode declared = resolve(doc, doc.get("paths").get(path).get("get").get("responses").get(code));
        assertThat(declared).as(where + " declared").isNotNull();
        JsonNode headers = declared.has("headers") ? declared.get("headers") : new ObjectMapper().createObjectNode();
        for (String name : CONTRACT_HEADERS) {
            var value = live.headers().firstValue(name);
            JsonNode header = headers.get(name);
            if (header == null) {
                assertThat(value).as("%s sends %s, undeclared", where, name).isEmpty();
                continue;
            }
            JsonNode resolved = resolve(doc, header);
            if (!resolved.path("required").asBoolean(false)) {
                if (value.isEmpty()) {
                    continue;
                }
            } else {
                assertThat(value).as("%s declares %s required, not sent", where, name).isPresent();
            }
            JsonNode schema = resolved.get("schema");
            if (schema.has("const")) {
                assertThat(value.get()).as("%s %s", where, name).isEqualTo(schema.get("const").asText());
            }
            if (schema.has("enum")) {
                List<String> allowed = new ArrayList<>();
                schema.get("enum").forEach(v -> allowed.add(v.asText()));
                assertThat(allowed).as("%s %s", where, name).contains(value.get());
            }
        }
        if (code.equals("304")) {
            assertThat(declared.has("content")).as(where + " has no body").isFalse();
            return;
        }
        String type = live.headers().firstValue("Content-Type").orElseThrow().split(";")[0].strip().toLowerCase(Locale.ROOT);
        assertThat(declared.get("content").has(type)).as("%s declares %s", where, type).isTrue();
        JsonNode schema = declared.get("content").get(type).get("schema");
        if (type.equals("application/json") && schema != null) {
            conforms(doc, schema, new ObjectMapper().readTree(live.body()), where);
        }
    }

    private static void conforms(JsonNode doc, JsonNode schemaOrRef, JsonNode value, String where) {
        JsonNode schema = resolve(doc, schemaOrRef);
        String type = schema.has("type") ? schema.get("type").asText() : "";
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(where).isTrue();
                JsonNode properties = schema.get("properties");
                value.fieldNames().forEachRemaining(name -> assertThat(properties.has(name))
                        .as("%s: property %s is sent but not declared", where, name).isTrue());
                if (schema.has("required")) {
                    schema.get("required").forEach(name -> assertThat(value.has(name.asText()))
                            .as("%s: required %s is not sent", where, name.asText()).isTrue());
                }
                value.properties().forEach(e -> conforms(doc, properties.get(e.getKey()), e.getValue(), where + "." + e.getKey()));
            }
            case "array" -> {
                assertThat(value.isArray()).as(where).isTrue();
                value.forEach(item -> conforms(doc, schema.get("items"), item, where + "[]"));
            }
            case "string" -> assertThat(value.isTextual()).as(where).isTrue();
            case "integer" -> assertThat(value.isIntegralNumber()).as(where).isTrue();
            case "number" -> assertThat(value.isNumber()).as(where).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(where).isTrue();
            default -> { }
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(v -> allowed.add(v.asText()));
            assertThat(allowed).as(where).contains(value.asText());
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
