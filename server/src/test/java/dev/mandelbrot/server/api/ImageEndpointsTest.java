package dev.mandelbrot.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.LocalServer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageEndpointsTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @ParameterizedTest(name = "ext={0} is served as {1}")
    @CsvSource({"png, image/png", "jpg, image/jpeg", "jpeg, image/jpeg", "gif, image/gif"})
    void theSeedEndpointAnswersEachFormatWithItsOwnContentType(String ext, String mediaType) {
        var response = server.http().get("/mandelbrot?width=120&height=80&ext=" + ext);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(mediaType);
        BufferedImage image = Http.image(response.body());
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(80);
    }

    @Test
    void theSeedViewPutsTheRealAxisAcrossTheWidth() {
        // The seed swapped width and height; here re in [-2.5, 1] runs left to right. The main
        // cardioid's interior (re = -0.25) sits at 64% of the width and at half the height.
        BufferedImage image = Http.image(server.http().get("/mandelbrot?width=350&height=100&palette=" + firstPalette()).body());

        int interior = image.getRGB((int) (350 * (2.25 / 3.5)), 50) & 0xFFFFFF;
        int farLeft = image.getRGB(2, 2) & 0xFFFFFF;
        assertThat(interior).isEqualTo(0x000000);
        assertThat(farLeft).isNotEqualTo(interior);
    }

    @Test
    void theSeedEndpointHasDefaults() {
        var response = server.http().get("/mandelbrot?width=64&height=64");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @ParameterizedTest(name = "format={0}")
    @CsvSource({"png, image/png", "jpeg, image/jpeg", "jpg, image/jpeg", "gif, image/gif"})
    void theRenderApiDecodesToTheRequestedSizeInEveryImageFormat(String format, String mediaType) {
        var response = server.http().get("/api/v1/render?re=-0.743643887037158704752191506114774&im=0.131825904205311970493132056385139"
                + "&span=0.0001&width=97&height=61&iterations=" + (500 + format.length()) + "&format=" + format);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(mediaType);
        BufferedImage image = Http.image(response.body());
        assertThat(image.getWidth()).isEqualTo(97);
        assertThat(image.getHeight()).isEqualTo(61);
        assertThat(response.headers().firstValue("Server-Timing").orElseThrow()).contains("render;dur=", "encode;dur=");
    }

    @Test
    void theRenderApiServesRawEscapeCountsAsNpy() {
        var response = server.http().get("/api/v1/render?width=40&height=30&iterations=100&format=npy");

        assertThat(response.statusCode()).isEqualTo(200);
        byte[] npy = response.body();
        assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'shape': (30, 40)").contains("<f4");
        assertThat(npy.length - 10 - headerLength).isEqualTo(40 * 30 * 4);
    }

    @Test
    void theRenderApiDrawsJuliaSets() {
        var mandelbrot = server.http().get("/api/v1/render?re=0&im=0&span=3&width=64&height=64&iterations=200");
        var julia = server.http().get("/api/v1/render?span=3&width=64&height=64&iterations=200&julia_re=-0.8&julia_im=0.156");

        assertThat(julia.statusCode()).isEqualTo(200);
        assertThat(julia.body()).isNotEqualTo(mandelbrot.body());
        assertThat(julia.headers().firstValue("ETag")).isNotEqualTo(mandelbrot.headers().firstValue("ETag"));
    }

    @Test
    void theRenderApiAcceptsCentresWithHundredsOfDigits() {
        String digits = "0." + "1234567890".repeat(30);
        var response = server.http().get("/api/v1/render?re=-" + digits + "&im=" + digits + "&span=0.01&width=16&height=16&iterations=50");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aSpanFarBelowDoublePrecisionRendersThroughDeepZoom() {
        var response = server.http().get("/api/v1/render?re=-0.743643887037158704752191506114774"
                + "&im=0.131825904205311970493132056385139&span=1e-30&width=32&height=24&iterations=400");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.image(response.body()).getWidth()).isEqualTo(32);
    }

    @Test
    void aJuliaViewBelowDoublePrecisionIsRefusedWithAnExplanationNotGarbage() throws Exception {
        var response = server.http().get("/api/v1/render?julia_re=-0.8&julia_im=0.156&span=1e-500&width=64&height=64");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("parameter").asText()).isEqualTo("span");
        assertThat(body.get("error").asText()).contains("precision limit");
    }

    @Test
    void palettesAreListedAndEveryOneRenders() throws Exception {
        JsonNode body = new ObjectMapper().readTree(server.http().get("/api/v1/palettes").body());

        assertThat(body.get("palettes").size()).isGreaterThan(1);
        for (JsonNode palette : body.get("palettes")) {
            assertThat(palette.get("stops").size()).isGreaterThan(1);
            var image = server.http().get("/tiles/1/0/0.png?palette=" + palette.get("name").asText());
            assertThat(image.statusCode()).as(palette.get("name").asText()).isEqualTo(200);
        }
        assertThat(body.get("default").asText()).isNotBlank();
    }

    static String firstPalette() {
        try {
            return new ObjectMapper().readTree(server.http().get("/api/v1/palettes").body()).get("default").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
