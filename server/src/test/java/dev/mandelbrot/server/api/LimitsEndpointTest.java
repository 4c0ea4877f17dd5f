package dev.mandelbrot.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/limits} reports the limits this instance was configured with, and enforces. */
class LimitsEndpointTest {

    static MandelbrotServer server;
    static Http http;

    @BeforeAll
    static void start() {
        server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0)
                .withMaxPixels(100_000).withMaxIterations(5_000).withMaxWork(200_000_000));
        http = Http.to(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theConfiguredLimitsAreReported() throws Exception {
        var response = http.get("/api/v1/limits");
        JsonNode body = new ObjectMapper().readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(body.get("maxPixels").asLong()).isEqualTo(100_000);
        assertThat(body.get("maxSide").asInt()).isEqualTo(16_384);
        assertThat(body.get("maxIterations").asInt()).isEqualTo(5_000);
        assertThat(body.get("maxWork").asLong()).isEqualTo(200_000_000);
    }

    @Test
    void aRequestWithinTheReportedLimitsRendersAndOneBeyondIsRefused() {
        assertThat(http.get("/api/v1/render?width=400&height=250&iterations=100").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/render?width=400&height=251&iterations=100").statusCode()).isEqualTo(422);
        assertThat(http.head("/api/v1/limits").statusCode()).isEqualTo(200);
    }
}
