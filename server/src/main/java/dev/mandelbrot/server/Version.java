package dev.mandelbrot.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The service's release version and build time, written into the jar by the Maven build. */
public final class Version {

    private static final Properties BUILD = load();

    private Version() {}

    /** The release version, such as {@code 1.0.0}; {@code dev} outside a Maven build. */
    public static String get() {
        return BUILD.getProperty("version", "dev");
    }

    /**
     * When this jar was built (ISO-8601, UTC), or {@code dev}: tells apart two builds of the same
     * version, which may render differently. Every instance running the same jar agrees on it.
     */
    public static String build() {
        return BUILD.getProperty("build", "dev");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no properties: "dev" for both
        }
        return p;
    }
}
