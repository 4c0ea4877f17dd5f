package dev.mandelbrot.server.health;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: 200 with {@code "status":"UP"} while the service takes work, 503 with
 * {@code "status":"DRAINING"} from the moment shutdown starts, so the load balancer and the
 * deployment hooks stop sending requests before the process goes away.
 */
public final class Health {

    private final String version;
    private final String build;
    private final String kernel;
    private final String instance;
    private final Instant started = Instant.now();
    private volatile boolean draining;

    /**
     * @param version the release version
     * @param build   when the running jar was built: during a rolling deployment, which
     *                instances already run the new build
     * @param kernel  the renderer's kernel
     */
    public Health(String version, String build, String kernel) {
        this.version = version;
        this.build = build;
        this.kernel = kernel;
        this.instance = instanceAddress();
    }

    /** From now on health answers 503; there is no way back (a draining server only stops). */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public void handle(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", draining ? "DRAINING" : "UP");
        body.put("version", version);
        body.put("build", build);
        body.put("instance", instance);
        body.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        body.put("kernel", kernel);
        ctx.header("Cache-Control", "no-store");
        ctx.status(draining ? 503 : 200).json(body);
    }

    /** The address the instance is known by; EC2 gives each instance its private IPv4 here. */
    private static String instanceAddress() {
        String fromEnv = System.getenv("INSTANCE_ADDRESS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            return local.getHostName() + "/" + local.getHostAddress();
        } catch (java.io.IOException | SecurityException e) {
            return "unknown";
        }
    }
}
