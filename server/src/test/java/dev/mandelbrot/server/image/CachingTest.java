package dev.mandelbrot.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.LocalServer;
import dev.mandelbrot.server.Prometheus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CachingTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @Test
    void imagesCarryAStrongEtagAndAMatchingIfNoneMatchGets304WithoutABody() {
        var first = server.http().get("/api/v1/render?width=64&height=48&iterations=300&re=-0.5");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        var again = server.http().get("/api/v1/render?width=64&height=48&iterations=300&re=-0.5", "If-None-Match", etag);
        var listed = server.http().get("/api/v1/render?width=64&height=48&iterations=300&re=-0.5", "If-None-Match", "\"x\", " + etag);
        var other = server.http().get("/api/v1/render?width=64&height=48&iterations=300&re=-0.5", "If-None-Match", "\"not-it\"");

        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        // RFC 9110 8.6/15.4.5: a 304 describes the stored 200; a Content-Length of 0 or a
        // default text/plain type would overwrite what a cache stored with it
        assertThat(again.headers().firstValue("Content-Length")).isEmpty();
        assertThat(again.headers().firstValue("Content-Type")).isEmpty();
        // images are never compressed, so they do not vary on Accept-Encoding
        assertThat(first.headers().firstValue("Vary")).isEmpty();
        assertThat(again.headers().firstValue("Vary")).isEmpty();
        assertThat(listed.statusCode()).isEqualTo(304);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
    }

    /**
     * RFC 9110 section 13.2.1: preconditions are ignored when the answer without them would not
     * be 2xx. A view the renderer refuses has no image, so {@code If-None-Match: *} (any current
     * representation) must not be told 304.
     */
    @Test
    void aViewThatCannotBeRenderedIs422EvenToIfNoneMatchAny() {
        String deepJulia = "/api/v1/render?width=64&height=48&julia_re=-0.8&julia_im=0.156&span=1e-20&re=0.1";

        var plain = server.http().get(deepJulia);
        var conditional = server.http().get(deepJulia, "If-None-Match", "*");

        assertThat(plain.statusCode()).isEqualTo(422);
        assertThat(conditional.statusCode()).isEqualTo(422);
        assertThat(conditional.headers().firstValue("ETag")).isEmpty();
        assertThat(server.http().get("/tiles/0/0/0.png?iterations=64", "If-None-Match", "*").statusCode()).isEqualTo(304);
    }

    @Test
    void theSameViewWrittenDifferentlySharesItsEtag() {
        var a = server.http().get("/api/v1/render?width=32&height=32&iterations=100&re=-0.50&span=3.0");
        var b = server.http().get("/api/v1/render?width=32&height=32&iterations=100&re=-0.5&span=3");
        var c = server.http().get("/api/v1/render?width=32&height=32&iterations=101&re=-0.5&span=3");

        assertThat(a.headers().firstValue("ETag")).isEqualTo(b.headers().firstValue("ETag"));
        assertThat(c.headers().firstValue("ETag")).isNotEqualTo(a.headers().firstValue("ETag"));
    }

    @Test
    void aRepeatedImageComesFromTheCacheWithIdenticalBytes() {
        var first = server.http().get("/tiles/4/3/7.png?iterations=333");
        var second = server.http().get("/tiles/4/3/7.png?iterations=333");

        assertThat(first.headers().firstValue("Server-Timing").orElseThrow()).contains("render;dur=").contains("miss");
        assertThat(second.headers().firstValue("Server-Timing").orElseThrow()).contains("hit");
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void identicalRequestsAtTheSameMomentShareOneRender() throws Exception {
        // A render long enough for the others to arrive while it runs, however warm the JIT is: a
        // double-precision view took hundreds of ms only while the kernels were still cold (about
        // 20 ms once other tests had warmed them, and the clients then found it cached). A deep
        // view (perturbation) takes about half a second warm on the 2-core machine.
        String path = "/api/v1/render?width=256&height=256&iterations=10000"
                + "&re=-0.743643887037158704752191506114774&im=0.131825904205311970493132056385139&span=1e-20";
        double rendersBefore = metric("render_duration_seconds_count");
        var start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return server.http().get(path);
                }, clients));
            }
            start.countDown();
        }

        byte[] body = answers.getFirst().join().body();
        List<String> timings = new ArrayList<>();
        for (var answer : answers) {
            assertThat(answer.join().statusCode()).isEqualTo(200);
            assertThat(answer.join().body()).isEqualTo(body);
            timings.add(answer.join().headers().firstValue("Server-Timing").orElseThrow());
        }
        assertThat(metric("render_duration_seconds_count") - rendersBefore).as("renders").isEqualTo(1);
        assertThat(timings).filteredOn(t -> t.contains("desc=\"shared\"")).as(timings.toString()).isNotEmpty();
        assertThat(metric("render_shared_total")).isPositive();
    }

    private static double metric(String name) {
        return Prometheus.sum(server.http().text("/metrics"), name);
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutTheBody() {
        var get = server.http().get("/mandelbrot?width=50&height=40&ext=gif");
        var head = server.http().head("/mandelbrot?width=50&height=40&ext=gif");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/health", "/tiles/0/0/0.png", "/nope", "/api/v1/render?width=x"}) {
            var headers = server.http().get(path).headers();
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .contains("default-src 'none'").contains("frame-ancestors 'none'");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }
}
