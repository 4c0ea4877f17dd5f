package dev.mandelbrot.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The service's meters, exposed by {@code GET /metrics} in Prometheus text format.
 * Request latency is one histogram per route template (not per URL, so tiles do not explode
 * the label set), method and status.
 */
public final class Metrics implements AutoCloseable {

    /** Why {@link #rejected} refuses a render. */
    public static final List<String> REJECTION_REASONS = List.of("full", "timeout", "memory", "closed");
    /** Why {@link #cancelled} stops one. */
    public static final List<String> CANCELLATION_REASONS = List.of("client", "deadline");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Registers the JVM's meters and the event counters, these at zero: a series that appears
     * only with its first event reads as "no data" until then, and an alarm or a rate() on it
     * sees nothing to compare.
     */
    public Metrics() {
        REJECTION_REASONS.forEach(this::rejections);
        CANCELLATION_REASONS.forEach(this::cancellations);
        sharedRenders();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one finished request. */
    public void request(String route, String method, int status, Duration duration) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(duration);
    }

    /** Counts a render refused before it started, for one of {@link #REJECTION_REASONS}. */
    public void rejected(String reason) {
        rejections(reason).increment();
    }

    private Counter rejections(String reason) {
        return Counter.builder("render.rejections").description("Renders refused by admission control")
                .tag("reason", reason).register(registry);
    }

    /** Records the time spent computing and encoding one image that was not cached. */
    public void rendered(Duration render, Duration encode) {
        Timer.builder("render.duration").description("Escape-time computation of one image")
                .publishPercentileHistogram().register(registry).record(render);
        Timer.builder("render.encode.duration").description("Colouring and encoding of one image")
                .publishPercentileHistogram().register(registry).record(encode);
    }

    /** Counts an image request answered by the render of an identical request that came first. */
    public void shared() {
        sharedRenders().increment();
    }

    private Counter sharedRenders() {
        return Counter.builder("render.shared").description("Image requests answered by an identical request's render")
                .register(registry);
    }

    /** Counts a render abandoned, for one of {@link #CANCELLATION_REASONS}: its client left or its deadline passed. */
    public void cancelled(String reason) {
        cancellations(reason).increment();
    }

    private Counter cancellations(String reason) {
        return Counter.builder("render.cancellations").description("Renders stopped before finishing")
                .tag("reason", reason).register(registry);
    }

    /** Registers a gauge read on every scrape, e.g. the render queue depth. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
