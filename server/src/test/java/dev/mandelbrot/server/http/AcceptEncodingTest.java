package dev.mandelbrot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.LocalServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The answer's coding follows the client's weights (RFC 9110 section 12.5.3), q-values included. */
class AcceptEncodingTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gzip                 | gzip
            gzip;q=1.0           | gzip
            gzip;q=0.5           | gzip
            GZIP; Q=0.5          | gzip
            gzip;q=0.5, *;q=0    | gzip
            gzip, *;q=0          | gzip
            br,gzip              | gzip
            br;q=1, gzip;q=0.8   | gzip
            x-gzip               | gzip
            *                    | gzip
            gzip;q=0             | identity
            gzip;q=0, *          | identity
            *;q=0, identity      | identity
            identity             | identity
            br                   | identity
            gzip;q=abc           | identity
            """)
    void theCodingFollowsTheClientsWeights(String accept, String coding) {
        var response = server.http().get("/openapi.json", "Accept-Encoding", accept);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo(coding);
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }
}
