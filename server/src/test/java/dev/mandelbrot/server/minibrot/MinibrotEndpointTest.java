package dev.mandelbrot.server.minibrot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandelbrot.server.LocalServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/v1/minibrot} over real HTTP. */
class MinibrotEndpointTest {

    static final String SEAHORSE_RE = "-0.743643887037158704752191506114774";
    static final String SEAHORSE_IM = "0.131825904205311970493132056385139";

    @RegisterExtension
    static final LocalServer server = new LocalServer();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMinibrotOnTheRealAxisIsFoundWithItsPeriodNucleusAndFramingSpan() throws IOException {
        var response = server.http().get("/api/v1/minibrot?re=-1.7548&im=0&span=0.01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("period").asInt()).isEqualTo(3);
        // c^3 nucleus on the real axis: the real root of c^3 + 2c^2 + c + 1 = 0.
        assertThat("-1.754877666246692760049508896358528").startsWith(body.get("re").asText());
        assertThat(body.get("re").asText()).hasSizeGreaterThan(22);
        assertThat(body.get("im").asText()).isEqualTo("0");
        BigDecimal size = new BigDecimal(body.get("size").asText());
        BigDecimal span = new BigDecimal(body.get("span").asText());
        assertThat(size).isBetween(new BigDecimal("0.005"), new BigDecimal("0.05"));
        assertThat(span.divide(size, java.math.MathContext.DECIMAL64).doubleValue()).isBetween(9.9, 10.1);
    }

    /**
     * The answer's three values go into a render URL as they are (API.md says so); a {@code +}
     * there reads as a space, so a span of 10 must print as {@code 1e1}, not {@code 1e+1}.
     */
    @Test
    void theValuesPasteIntoARenderUrlAsTheyAre() throws IOException {
        JsonNode body = json(server.http().get("/api/v1/minibrot?re=0&im=0&span=0.1"));

        assertThat(body.get("period").asInt()).isEqualTo(1);
        for (String field : new String[] {"re", "im", "size", "span"}) {
            assertThat(body.get(field).asText()).doesNotContain("+");
        }
        var render = server.http().get("/api/v1/render?width=8&height=8&re=" + body.get("re").asText() + "&im="
                + body.get("im").asText() + "&span=" + body.get("span").asText());
        assertThat(render.statusCode()).isEqualTo(200);
        assertThat(MinibrotEndpoint.scientific(new BigDecimal("1E+1"))).isEqualTo("1e1");
        assertThat(MinibrotEndpoint.scientific(new BigDecimal("2.5E+3"))).isEqualTo("2.5e3");
        assertThat(MinibrotEndpoint.scientific(new BigDecimal("8.94609E-33"))).isEqualTo("8.94609e-33");
    }

    @Test
    void aDeepViewGetsANucleusWithAllTheDigitsItsSizeNeeds() throws IOException {
        JsonNode body = json(server.http().get("/api/v1/minibrot?re=" + SEAHORSE_RE + "&im=" + SEAHORSE_IM + "&span=2e-30"));

        assertThat(body.get("period").asInt()).isEqualTo(8007);
        String re = body.get("re").asText();
        assertThat(re).matches("-0\\.\\d{45,}").startsWith("-0.74364388703715870475219150611477");
        assertThat(body.get("im").asText()).startsWith("0.13182590420531197049313205638514");
        assertThat(body.get("size").asText()).isEqualTo("8.94609e-33");
        assertThat(body.get("span").asText()).isEqualTo("8.95e-32");
        // The nucleus lies inside the searched view.
        assertThat(new BigDecimal(re).subtract(new BigDecimal(SEAHORSE_RE)).abs()).isLessThan(new BigDecimal("1e-30"));
    }

    @Test
    void noMinibrotNearAPointThatEscapesIsAJson404() throws IOException {
        var response = server.http().get("/api/v1/minibrot?re=1.5&im=1.5&span=1e-6");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("error").asText()).contains("no minibrot of period <= 50000");
    }

    /** The radius in the 404 is written as the answers write decimals, not as BigDecimal.toString's 5.0E-1282. */
    @Test
    void theRadiusInA404IsWrittenAsTheApiWritesDecimals() throws IOException {
        var deep = json(server.http().get("/api/v1/minibrot?re=1.5&im=1.5&span=1.0000e-1281"));
        var wide = json(server.http().get("/api/v1/minibrot?re=1.5&im=1.5&span=1e-6"));

        assertThat(deep.get("error").asText()).contains(" within 5e-1282 of the centre");
        assertThat(wide.get("error").asText()).contains(" within 5e-7 of the centre");
    }

    /** The main cardioid's nucleus, 0, lies in any disc that reaches it, even around a point far outside the set. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"re=3&im=0&span=7", "re=10&im=10&span=100", "re=2&im=0&span=5"})
    void aWideViewFarFromTheSetFindsTheNucleusAtZero(String query) throws IOException {
        var response = server.http().get("/api/v1/minibrot?" + query);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("period").asInt()).isEqualTo(1);
        assertThat(body.get("re").asText()).isEqualTo("0");
        assertThat(body.get("im").asText()).isEqualTo("0");
    }

    @ParameterizedTest(name = "{0} -> 400 about {1}")
    @CsvSource(delimiter = '|', value = {
            "im=0&span=1                         | re",
            "re=0&span=1                         | im",
            "re=0&im=0                           | span",
            "re=abc&im=0&span=1                  | re",
            "re=0&im=NaN&span=1                  | im",
            "re=0&im=0&span=0                    | span",
            "re=0&im=0&span=-1e-5                | span",
            "re=0&im=0&span=1000                 | span",
            "re=11&im=0&span=1                   | re",
            "re=0&im=0&span=1&span=2             | span",
            "re=0&im=0&span=1&max_period=0       | max_period",
            "re=0&im=0&span=1&max_period=ten     | max_period",
            "re=0&im=0&span=1&max_period=        | max_period",
    })
    void malformedParametersAre400sInTheSharedErrorShape(String query, String parameter) throws IOException {
        var response = server.http().get("/api/v1/minibrot?" + query.strip());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter.strip());
        assertThat(body.get("error").asText()).startsWith(parameter.strip() + " ");
    }

    @Test
    void searchesBeyondTheFindersDepthOrTheCostBudgetAre422sThatStateTheLimit() throws IOException {
        var tooDeep = server.http().get("/api/v1/minibrot?re=0&im=0&span=1e-6000");
        assertThat(tooDeep.statusCode()).isEqualTo(422);
        assertThat(json(tooDeep).get("parameter").asText()).isEqualTo("span");
        assertThat(json(tooDeep).get("error").asText()).contains("2e-5000");

        var tooLong = server.http().get("/api/v1/minibrot?re=0&im=0&span=1e-2000&max_period=100000");
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(json(tooLong).get("parameter").asText()).isEqualTo("max_period");
        int most = Integer.parseInt(json(tooLong).get("error").asText().replaceAll(".*use at most (\\d+).*", "$1"));
        assertThat(most).isBetween(100, 100_000);

        var overMax = server.http().get("/api/v1/minibrot?re=0&im=0&span=1&max_period=100001");
        assertThat(overMax.statusCode()).isEqualTo(422);
        assertThat(json(overMax).get("parameter").asText()).isEqualTo("max_period");
    }

    @Test
    void theRouteIsInTheOpenApiDocument() throws IOException {
        JsonNode doc = JSON.readTree(server.http().get("/openapi.json").body());
        JsonNode op = doc.at("/paths/~1api~1v1~1minibrot/get");
        assertThat(op.isMissingNode()).isFalse();
        assertThat(op.get("responses").has("404")).isTrue();
        assertThat(doc.at("/components/schemas/Minibrot/required").toString()).contains("period", "re", "im", "size", "span");
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
