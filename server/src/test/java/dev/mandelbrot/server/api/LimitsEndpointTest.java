package dev.mandelbrot.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.LocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/v1/limits} reports the limits this instance was configured with, and enforces. */
class LimitsEndpointTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer(config -> config
            .withMaxPixels(100_000).withMaxIterations(5_000).withMaxWork(200_000_000));

    @Test
    void theConfiguredLimitsAreReported() throws Exception {
        var response = server.http().get("/api/v1/limits");
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
        assertThat(server.http().get("/api/v1/render?width=400&height=250&iterations=100").statusCode()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/render?width=400&height=251&iterations=100").statusCode()).isEqualTo(422);
        assertThat(server.http().head("/api/v1/limits").statusCode()).isEqualTo(200);
    }
}
