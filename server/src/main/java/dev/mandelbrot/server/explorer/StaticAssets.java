package dev.mandelbrot.server.explorer;

import dev.mandelbrot.server.http.EntityTags;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the explorer's files and the WebJars it uses (Leaflet) from the class path: {@code /}
 * is {@code /explorer/index.html}, {@code /webjars/...} is
 * {@code META-INF/resources/webjars/...}, any other path {@code /p} is {@code /explorer/p}.
 *
 * <p>Written here instead of using Javalin's static-file handler because that one mounts the
 * whole fat jar (9,000+ entries) as a zip file system once per lookup root, eight times in all:
 * about 20 MiB of heap held for good on a 1 GiB instance, for twenty small files. This class
 * reads a file through the class loader (the jar is already open) the first time it is asked
 * for and keeps its bytes: the set of files is fixed at build time, so the map cannot grow past
 * it, and a path that names no file is never remembered.
 *
 * <p>Only plain paths are served: segments of letters, digits, {@code .}, {@code _} and
 * {@code -}, no {@code .} or {@code ..} segment, and an extension of a known type; anything else
 * is a 404. Every answer has an ETag (a hash of the bytes, weak because Javalin may gzip the
 * answer; a matching {@code If-None-Match} gets a 304). The explorer's own files are
 * revalidated each time ({@code no-cache}), so a deployment shows at once; WebJar paths carry
 * their version, so those are immutable.
 */
public final class StaticAssets {

    private static final Pattern PLAIN_PATH = Pattern.compile("(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final String WEBJARS = "/webjars/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "map", "application/json",
            "txt", "text/plain; charset=utf-8");

    private record Asset(byte[] bytes, String type, String etag, String cacheControl) {}

    private final ClassLoader loader;
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    /** Files from {@code loader}'s class path. */
    public StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** True when the explorer is on the class path (a server jar built without it serves only the API). */
    public boolean present() {
        return loader.getResource("explorer/index.html") != null;
    }

    /** GET and HEAD handler for every path no API route took; 404 when no file answers. */
    public void handle(Context ctx) {
        Asset asset = find(ctx.path()).orElse(null);
        if (asset == null) {
            ctx.status(404); // the server's 404 error handler writes the body
            return;
        }
        // Weak: Javalin gzips large text answers, and a strong tag would then name two byte sequences.
        ctx.header("ETag", "W/" + asset.etag());
        ctx.header("Cache-Control", asset.cacheControl());
        if (EntityTags.matches(ctx.header("If-None-Match"), asset.etag())) {
            EntityTags.notModified(ctx);
            return;
        }
        ctx.contentType(asset.type());
        ctx.result(asset.bytes());
    }

    /** The file at {@code path}, if that path is plain and names one. */
    Optional<Asset> find(String path) {
        String logical = path.equals("/") ? "/index.html" : path;
        if (!PLAIN_PATH.matcher(logical).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(extension(logical));
        if (type == null) {
            return Optional.empty();
        }
        Asset cached = assets.get(logical);
        if (cached != null) {
            return Optional.of(cached);
        }
        boolean webjar = logical.startsWith(WEBJARS);
        String resource = webjar ? "META-INF/resources" + logical : "explorer" + logical;
        byte[] bytes = read(resource);
        if (bytes == null) {
            return Optional.empty();
        }
        var asset = new Asset(bytes, type, EntityTags.strong(bytes), webjar ? "public, max-age=31536000, immutable" : "no-cache");
        assets.put(logical, asset);
        return Optional.of(asset);
    }

    private byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            // A directory entry in a jar opens but cannot be read: it is not a file.
            return null;
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

}
