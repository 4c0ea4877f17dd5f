package dev.mandelbrot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.LocalServer;
import dev.mandelbrot.server.MandelbrotServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed or excessive request gets the right 4xx, a JSON reason, and the server stays healthy. */
class BadInputTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer(config -> config
            .withMaxPixels(1_000_000).withMaxIterations(10_000).withMaxWork(500_000_000));

    @AfterEach
    void theServerIsStillHealthy() {
        assertThat(server.http().get("/health").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            /mandelbrot?width=abc                                  | 400 | width
            /mandelbrot?width=-5                                   | 400 | width
            /mandelbrot?width=0                                    | 400 | width
            /mandelbrot?height=-1                                  | 400 | height
            /mandelbrot?width=1.5                                  | 400 | width
            /mandelbrot?width=                                     | 400 | width
            /mandelbrot?width=99999999999999999999                 | 422 | width
            /mandelbrot?width=-99999999999999999999                | 400 | width
            /mandelbrot?width=%D9%A7                               | 400 | width
            /mandelbrot?width=%EF%BC%91%EF%BC%90                   | 400 | width
            /api/v1/minibrot?re=0&im=0&span=1&max_period=%D9%A7    | 400 | max_period
            /mandelbrot?width=100000&height=1                      | 422 | width
            /mandelbrot?width=1000&height=1000&iterations=1000     | 422 | iterations
            /mandelbrot?width=1000&height=1001                     | 422 | width
            /mandelbrot?width=10&height=10&iterations=10001        | 422 | iterations
            /mandelbrot?width=1000&height=500&iterations=5000      | 422 | iterations
            /mandelbrot?ext=bmp                                    | 400 | ext
            /mandelbrot?ext=npy                                    | 400 | ext
            /mandelbrot?width=10&width=20                          | 400 | width
            /mandelbrot?palette=nope                               | 400 | palette
            /api/v1/render?re=NaN                                  | 400 | re
            /api/v1/render?im=Infinity                             | 400 | im
            /api/v1/render?re=-Infinity                            | 400 | re
            /api/v1/render?re=0x1p3                                | 400 | re
            /api/v1/render?re=1e99999                              | 400 | re
            /api/v1/render?re=12                                   | 400 | re
            /api/v1/render?span=0                                  | 400 | span
            /api/v1/render?span=-1                                 | 400 | span
            /api/v1/render?re=0.5&span=1e-320&width=10&height=10&julia_re=0.1&julia_im=0.1 | 422 | span
            /api/v1/render?julia_re=3&julia_im=0                   | 400 | julia_re
            /api/v1/render?iterations=0                            | 400 | iterations
            /api/v1/render?format=tiff                             | 400 | format
            /api/v1/render?julia_re=0.3                            | 400 | julia_im
            /api/v1/render?julia_re=NaN&julia_im=0                 | 400 | julia_re
            /api/v1/render?julia_re=1d&julia_im=0                  | 400 | julia_re
            /api/v1/render?palette=%00                             | 400 | palette
            /tiles/0/0/0.bmp                                       | 400 | format
            /tiles/0/0/0                                           | 400 | y
            /tiles/a/0/0.png                                       | 400 | z
            /tiles/1/2/0.png                                       | 400 | x
            /tiles/1/0/2.png                                       | 400 | y
            /tiles/-1/0/0.png                                      | 400 | z
            /tiles/0/0/0.png?iterations=-3                         | 400 | iterations
            /tiles/0/0/0.png?iterations=10001                      | 422 | iterations
            /tiles/0/0/0.png?iterations=8000                       | 422 | iterations
            """)
    void aBadParameterIsNamedWithItsRule(String path, int status, String parameter) throws IOException {
        var response = server.http().get(path);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("error").asText()).contains(parameter).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A tile has no width or height to lower: its refusal names the limit that applies to it. */
    @org.junit.jupiter.api.Test
    void tooManyIterationsForATileSaysHowManyATileMayUse() throws IOException {
        var response = server.http().get("/tiles/0/0/0.png?iterations=8000");

        assertThat(new ObjectMapper().readTree(response.body()).get("error").asText())
                .isEqualTo("iterations = 8000 exceeds the most a 256 x 256 tile may use under the work limit of 500000000: 7629");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/nope", "/mandelbrot/extra", "/api/v1", "/api/v1/render/x", "/tiles/0/0", "/tiles/0/0/0/0.png",
            "/health/x", "/etc/passwd", "/webjars/nothing/here.js"})
    void unknownPathsAre404(String path) {
        var response = server.http().get(path);

        if (path.equals("/") && MandelbrotServer.class.getResource("/explorer/index.html") != null) {
            assertThat(response.statusCode()).isEqualTo(200);
            return;
        }
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/tiles/../../etc/passwd", "/tiles/0/0/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/tiles/0/0/0%00.png",
            "/mandelbrot%00", "/%2e%2e/%2e%2e/etc/passwd", "/webjars/../../../../etc/passwd", "/..%2f..%2fetc%2fpasswd",
            "/tiles/0/0/0.png%00.jpg", "/api/v1/render?re=%ff%fe"})
    void pathTricksGetA4xxAndNeverAFile(String rawPath) throws IOException {
        // Raw socket: java.net.URI would normalise or reject these before they reach the server.
        String response = raw("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(response.lines().findFirst().orElse("")).isBetween(400, 499);
        assertThat(response).doesNotContain("root:").doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * A pair whose percent-escapes do not decode is an error, not a parameter left out (which
     * would quietly render the default, or hide a repeated one). Raw socket: java.net.URI
     * refuses these before they are sent.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /mandelbrot?width=7&height=3&width=%ZZ   | width
            /api/v1/render?width=7&height=3&re=%ZZ   | re
            /api/v1/render?width=7&height=3&re=0.5%  | re
            /tiles/0/0/0.png?iterations=1%2          | iterations
            /api/v1/render?%ZZ=1                     | %ZZ
            """)
    void malformedPercentEscapesAre400(String path, String parameter) throws IOException {
        String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(Integer.parseInt(response.substring(9, 12))).isEqualTo(400);
        JsonNode body = new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("error").asText()).contains("percent");
    }

    /**
     * Requests Jetty refuses before any route sees them (a request line or headers beyond its
     * buffers, a malformed URI) get the same JSON body and security headers as every other
     * error, not Jetty's HTML page.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET /api/v1/render?re=0.{9000 ones} HTTP/1.1  | 414
            GET /health HTTP/1.1 + a 20 KB header         | 431
            GET /health%zz HTTP/1.1                        | 400
            """)
    void requestsJettyRefusesGetTheServicesJsonErrors(String request, int status) throws IOException {
        String line = request.strip()
                .replace("{9000 ones}", "1".repeat(9000))
                .replace(" + a 20 KB header", "");
        String extra = request.contains("20 KB") ? "X-Big: " + "a".repeat(20_000) + "\r\n" : "";

        String response = raw(line + "\r\nHost: localhost\r\n" + extra + "Connection: close\r\n\r\n");

        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(Integer.parseInt(response.substring(9, 12))).isEqualTo(status);
        assertThat(head).contains("content-type: application/json");
        SecurityHeaders.HEADERS.keySet().forEach(h -> assertThat(head).contains(h.toLowerCase(java.util.Locale.ROOT) + ":"));
        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("error").asText()).isNotBlank().doesNotContain("<");
    }

    static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
