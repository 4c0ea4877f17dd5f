package dev.mandelbrot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsListenOnEveryInterfaceOnPort8080() {
        var c = ServerConfig.defaults();

        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.renderThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.jsonLogs()).isFalse();
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        var c = ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.ofEntries(
                Map.entry("PORT", "9000"),
                Map.entry("BIND", "127.0.0.1"),
                Map.entry("MAX_PIXELS", "1_000_000"),
                Map.entry("MAX_ITERATIONS", "5000"),
                Map.entry("MAX_WORK", "123456789"),
                Map.entry("RENDER_THREADS", "3"),
                Map.entry("QUEUE_CAPACITY", "0"),
                Map.entry("QUEUE_WORK", "77"),
                Map.entry("DEADLINE_MS", "1500"),
                Map.entry("SHUTDOWN_GRACE_MS", "0"),
                Map.entry("RENDER_MEMORY", "67108864"),
                Map.entry("LOG_FORMAT", "json")));

        assertThat(c).isEqualTo(new ServerConfig("127.0.0.1", 9000, 1_000_000, 5000, 123_456_789, 3, 0, 77,
                Duration.ofMillis(1500), Duration.ZERO, ServerConfig.defaults().cacheBytes(), 64L << 20, true));
    }

    @Test
    void renderMemoryComesFromTheHeapUnlessSet() {
        var defaults = ServerConfig.defaults().withCacheBytes(16L << 20);

        // 112 MiB less the cache (16), the renderer's recycled fields (8), its deep-zoom orbits (16) and the reserve (24)
        assertThat(defaults.renderMemoryOrDefault(112L << 20)).isEqualTo(48L << 20);
        assertThat(defaults.renderMemoryOrDefault(32L << 20)).isEqualTo(ServerConfig.MIN_RENDER_MEMORY);
        assertThat(defaults.withRenderMemory(8L << 20).renderMemoryOrDefault(112L << 20)).isEqualTo(8L << 20);
        assertThatThrownBy(() -> defaults.withRenderMemory(1000))
                .hasMessageContaining("renderMemory must be 0 (from the heap) or >=");
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.of("PORT", "http")))
                .hasMessageContaining("PORT must be a whole number");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.of("PORT", "99999")))
                .hasMessageContaining("port must be in [0, 65535]");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.of("MAX_ITERATIONS", "9999999999")))
                .hasMessageContaining("MAX_ITERATIONS is out of range");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.of("RENDER_THREADS", "0")))
                .hasMessageContaining("renderThreads must be >= 1");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(ServerConfig.defaults(), Map.of("LOG_FORMAT", "xml")))
                .hasMessageContaining("LOG_FORMAT must be json or text");
    }
}
