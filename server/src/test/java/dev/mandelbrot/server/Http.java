package dev.mandelbrot.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

/** A real HTTP client pointed at a server on loopback; the tests' only way in. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public Http(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public static Http to(MandelbrotServer server) {
        return new Http(server.port());
    }

    public HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    public HttpResponse<byte[]> head(String pathAndQuery, String... headers) {
        return send("HEAD", pathAndQuery, headers);
    }

    public String text(String pathAndQuery) {
        return new String(get(pathAndQuery).body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        var request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /** Decodes PNG, JPEG or GIF bytes; fails the test if they are not an image. */
    public static BufferedImage image(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not a decodable image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
