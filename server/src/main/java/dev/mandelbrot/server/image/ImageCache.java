package dev.mandelbrot.server.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Encoded images by job key, bounded by their total size in bytes (not by count: one 4096x4096
 * PNG weighs as much as thousands of tiles). Caffeine's W-TinyLFU keeps the popular tiles of
 * the first zoom levels while one-off deep views pass through.
 *
 * <p>It tells its owner the arrays it drops (evicted, replaced, or larger than the whole cache
 * and so never kept), which clients may still be downloading: see {@link HeldAnswers}.
 */
final class ImageCache {

    /** Per-entry overhead beyond the bytes themselves: key, record, map node. */
    private static final int OVERHEAD = 256;

    private final Cache<String, EncodedImage> cache;
    private final LongAdder puts = new LongAdder();

    /** @param dropped told each image's bytes once the cache no longer holds them */
    ImageCache(long maxBytes, MeterRegistry registry, Consumer<byte[]> dropped) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, EncodedImage image) ->
                        (int) Math.min(Integer.MAX_VALUE, (long) image.bytes().length + key.length() * 2L + OVERHEAD))
                .recordStats()
                // maintenance (eviction) on the thread that reads or writes, not the common pool:
                // once the cache is full every put evicts, and waking a pool thread for each cost
                // more than the eviction itself (docs/BENCHMARKS.md)
                .executor(Runnable::run)
                .removalListener((String key, EncodedImage image, RemovalCause cause) -> {
                    if (image != null) {
                        dropped.accept(image.bytes());
                    }
                })
                .build();
        // The binder's cache_puts_total counts Caffeine's loads, and this cache is filled by put():
        // it would read 0 for ever. It counts the puts instead.
        new CaffeineCacheMetrics<>(cache, "images", Tags.empty()) {
            @Override
            protected long putCount() {
                return puts.sum();
            }
        }.bindTo(registry);
    }

    EncodedImage get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, EncodedImage image) {
        cache.put(key, image);
        puts.increment();
    }

    /** True if {@code image} is the cached one of {@code key}; neither a hit nor a use to the statistics or the policy. */
    boolean holds(String key, EncodedImage image) {
        return cache.policy().getIfPresentQuietly(key) == image;
    }
}
