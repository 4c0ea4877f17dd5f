package dev.mandelbrot.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.LocalServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The explorer's files over real HTTP: types, validators, caching rules, and nothing else of the jar. */
class StaticAssetsTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/, text/html, no-cache",
            "/js/main.js, text/javascript, no-cache",
            "/css/explorer.css, text/css, no-cache",
            "/favicon.svg, image/svg+xml, no-cache",
            "/webjars/leaflet/1.9.4/dist/leaflet.css, text/css, 'public, max-age=31536000, immutable'",
            "/webjars/leaflet/1.9.4/dist/images/layers.png, image/png, 'public, max-age=31536000, immutable'"})
    void filesComeWithTheirTypeAValidatorAndACachingRule(String path, String type, String cacheControl) {
        var response = server.http().get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(type);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue(cacheControl);
        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("W/\"[0-9a-f]{32}\"");

        var again = server.http().get(path, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("Content-Length")).as("a 304 describes the stored 200").isEmpty();
        assertThat(again.headers().firstValue("Content-Type")).as("a 304 describes the stored 200").isEmpty();
        assertThat(server.http().get(path, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/js", "/js/", "/webjars/leaflet/1.9.4/dist", "/index", "/META-INF/MANIFEST.MF",
            "/dev/mandelbrot/server/MandelbrotServer.class", "/explorer/index.html", "/version.properties",
            "/webjars/leaflet/1.9.4/package.json.bak", "/.env", "/js/.hidden.js", "/logback.xml"})
    void nothingElseOfTheJarIsServed(String path) {
        var response = server.http().get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    /**
     * Javalin gzips large text answers for clients that ask, so a shared cache must key them on
     * Accept-Encoding (RFC 9110 12.5.5), or it could hand gzip to a client that never asked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/js/main.js", "/webjars/leaflet/1.9.4/dist/leaflet.js", "/api/v1/palettes", "/openapi.json"})
    void answersThatMayBeCompressedVaryOnAcceptEncoding(String path) {
        var gzipped = server.http().get(path, "Accept-Encoding", "gzip");
        var plain = server.http().get(path);

        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        String etag = plain.headers().firstValue("ETag").orElse(null);
        if (etag != null) { // the 304 names what the 200 varies on, too
            assertThat(server.http().get(path, "If-None-Match", etag).headers().firstValue("Vary")).hasValue("Accept-Encoding");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/js/main.js"})
    void headAnswersTheHeadersOnly(String path) {
        var response = server.http().head(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }
}
