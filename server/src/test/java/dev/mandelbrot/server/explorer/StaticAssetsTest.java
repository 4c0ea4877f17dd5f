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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/js/main.js"})
    void headAnswersTheHeadersOnly(String path) {
        var response = server.http().head(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }
}
