package dev.mandelbrot.render.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How {@link Tiles} uses its pool (a map tile as one task, larger images shared out), and
 * kernels' scratch ({@link Reusable}) shared safely by many threads rendering at once.
 */
class TilesTest {

    private static final ForkJoinPool POOL = new ForkJoinPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    /** A view across the set's boundary near the seahorse valley: sprint, slots, smooth values. */
    private static Plane boundary(double dx) {
        return Plane.mandelbrot(-0.80, 0.20, dx, dx, 500, true);
    }

    /** The double kernel, noting the thread of every block it renders. */
    private record Recording(Kernel kernel, Set<Thread> threads) implements Kernel {
        Recording() {
            this(Kernels.vectorDouble(), ConcurrentHashMap.newKeySet());
        }

        @Override
        public String name() {
            return kernel.name();
        }

        @Override
        public long render(Plane p, int x0, int y0, int w, int h, int[] counts, float[] smooth, int stride) {
            threads.add(Thread.currentThread());
            return kernel.render(p, x0, y0, w, h, counts, smooth, stride);
        }
    }

    private static boolean worker(Thread t) {
        return t instanceof ForkJoinWorkerThread w && w.getPool() == POOL;
    }

    @Test
    void aMapTileIsOneTaskOnOneWorker() {
        for (int round = 0; round < 20; round++) {
            Recording kernel = new Recording();
            Tiles.render(boundary(0.0004), 256, 256, kernel, POOL, () -> false);
            assertThat(kernel.threads()).hasSize(1).allMatch(TilesTest::worker);
        }
    }

    @Test
    void aLargerImageIsRenderedOnThePoolsWorkers() {
        Recording kernel = new Recording();
        Tiles.render(boundary(0.0004), 257, 256, kernel, POOL, () -> false);
        assertThat(kernel.threads()).isNotEmpty().allMatch(TilesTest::worker);
    }

    @Test
    void bothWaysGiveTheSamePixels() {
        Plane p = boundary(0.0004);
        Tiles.Result oneTask = Tiles.render(p, 256, 256, Kernels.vectorDouble(), POOL, () -> false);
        Tiles.Result shared = Tiles.render(p, 257, 256, Kernels.vectorDouble(), POOL, () -> false);
        for (int j = 0; j < 256; j++) {
            for (int i = 0; i < 256; i++) {
                assertThat(shared.counts()[j * 257 + i]).as("count at %d, %d", i, j).isEqualTo(oneTask.counts()[j * 256 + i]);
                assertThat(shared.smooth()[j * 257 + i]).as("smooth at %d, %d", i, j).isEqualTo(oneTask.smooth()[j * 256 + i]);
            }
        }
    }

    @Test
    void manyThreadsCallingAKernelAtOnceGetTheirOwnScratch() throws Exception {
        // more callers at once than Reusable keeps, on virtual threads, each view different so
        // that a scratch shared by two calls would mix their pixels
        int callers = 40;
        int w = 128;
        int h = 96;
        List<Plane> planes = new ArrayList<>();
        for (int r = 0; r < callers; r++) {
            planes.add(boundary(0.0002 + r * 0.00001));
        }
        for (Kernel kernel : List.of(Kernels.vectorDouble(), Kernels.vectorFloat())) {
            List<int[]> alone = new ArrayList<>();
            for (Plane p : planes) {
                int[] counts = new int[w * h];
                kernel.render(p, 0, 0, w, h, counts, new float[w * h], w);
                alone.add(counts);
            }
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int round = 0; round < 5; round++) {
                    List<Future<int[]>> results = new ArrayList<>();
                    for (Plane p : planes) {
                        results.add(threads.submit(() -> {
                            int[] counts = new int[w * h];
                            kernel.render(p, 0, 0, w, h, counts, new float[w * h], w);
                            return counts;
                        }));
                    }
                    for (int r = 0; r < callers; r++) {
                        assertThat(results.get(r).get()).as("%s, caller %d", kernel.name(), r).isEqualTo(alone.get(r));
                    }
                }
            }
        }
    }
}
