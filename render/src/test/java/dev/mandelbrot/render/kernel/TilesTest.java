package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Where {@link Tiles} renders: images up to a map tile on the calling thread, larger ones on the
 * pool; and kernels' scratch ({@link Reusable}) shared safely by many threads rendering at once.
 */
class TilesTest {

    /** A view across the set's boundary near the seahorse valley: sprint, slots, smooth values. */
    private static Plane boundary(double dx) {
        return Plane.mandelbrot(-0.80, 0.20, dx, dx, 500, true);
    }

    @Test
    void aMapTileRendersOnTheCallingThreadAndALargerImageOnThePool() {
        ForkJoinPool stopped = new ForkJoinPool(1);
        stopped.shutdownNow();
        Plane p = boundary(0.0004);

        Tiles.Result tile = Tiles.render(p, 256, 256, Kernels.vectorDouble(), stopped, () -> false);

        assertThat(tile.iterations()).isPositive();
        assertThatThrownBy(() -> Tiles.render(p, 257, 256, Kernels.vectorDouble(), stopped, () -> false))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void bothPathsGiveTheSamePixels() {
        Plane p = boundary(0.0004);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Tiles.Result inline = Tiles.render(p, 256, 256, Kernels.vectorDouble(), pool, () -> false);
            Tiles.Result pooled = Tiles.render(p, 257, 256, Kernels.vectorDouble(), pool, () -> false);
            for (int j = 0; j < 256; j++) {
                for (int i = 0; i < 256; i++) {
                    assertThat(pooled.counts()[j * 257 + i]).as("count at %d, %d", i, j).isEqualTo(inline.counts()[j * 256 + i]);
                    assertThat(pooled.smooth()[j * 257 + i]).as("smooth at %d, %d", i, j).isEqualTo(inline.smooth()[j * 256 + i]);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void manyThreadsRenderingAtOnceGetTheirOwnScratch() throws Exception {
        // more renders at once than Reusable keeps, on virtual threads as in the server, each view
        // different so that a scratch shared by two renders would mix their pixels
        int renders = 40;
        List<Plane> planes = new ArrayList<>();
        List<Tiles.Result> expected = new ArrayList<>();
        ForkJoinPool unused = new ForkJoinPool(1);
        unused.shutdownNow();
        for (int r = 0; r < renders; r++) {
            Plane p = boundary(0.0002 + r * 0.00001);
            planes.add(p);
            expected.add(Tiles.render(p, 128, 96, Kernels.vectorDouble(), unused, () -> false));
        }
        for (Kernel kernel : List.of(Kernels.vectorDouble(), Kernels.vectorFloat())) {
            List<Tiles.Result> alone = new ArrayList<>();
            for (Plane p : planes) {
                alone.add(Tiles.render(p, 128, 96, kernel, unused, () -> false));
            }
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int round = 0; round < 5; round++) {
                    List<Future<Tiles.Result>> results = new ArrayList<>();
                    for (Plane p : planes) {
                        results.add(threads.submit(() -> Tiles.render(p, 128, 96, kernel, unused, () -> false)));
                    }
                    for (int r = 0; r < renders; r++) {
                        Tiles.Result got = results.get(r).get();
                        assertThat(got.counts()).as("%s, render %d", kernel.name(), r).isEqualTo(alone.get(r).counts());
                        assertThat(got.smooth()).as("%s, render %d", kernel.name(), r).isEqualTo(alone.get(r).smooth());
                    }
                }
            }
        }
        // and the double kernel alone gave what it gave before any concurrency
        for (int r = 0; r < renders; r++) {
            assertThat(Tiles.render(planes.get(r), 128, 96, Kernels.vectorDouble(), unused, () -> false).counts())
                    .isEqualTo(expected.get(r).counts());
        }
    }
}
