package dev.mandelbrot.render.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.render.CompiledAllocation;
import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The level table gives every float the level of the scalar formula, bit for bit. */
class LevelTableTest {

    /** Settings across the table's range of cell sizes, offsets near and far from 0. */
    private static final double[][] SETTINGS = {
        // offset, density, levels
        {0, 1, Colouring.INDEXED_LEVELS},
        {-2.7, 7.5, Colouring.INDEXED_LEVELS},
        {0.999, 1, Colouring.MAX_LEVELS},
        {0.3, 1, Colouring.SMOOTH_LEVELS},
        {-1e6 - 0.3, 0.01, 2},
        {3e15, 1, Colouring.INDEXED_LEVELS},
        {0.5, 10, Colouring.INDEXED_LEVELS}, // cells nearly as fine as a table may have
    };

    /** {@code n} smooth values {@code p * step}, but every {@code interiorEvery}-th pixel interior. */
    static float[] ramp(int n, int interiorEvery, float step) {
        float[] smooth = new float[n];
        for (int p = 0; p < n; p++) {
            smooth[p] = p % interiorEvery == 0 ? -1f : p * step;
        }
        return smooth;
    }

    private static int formula(float s, double[] settings) {
        return s >= 0 ? Colouring.level(s, settings[0], settings[1], (int) settings[2]) : (int) settings[2];
    }

    private static LevelTable table(double[] settings) {
        LevelTable table = LevelTable.of(settings[0], settings[1], (int) settings[2]);
        assertThat(table).as("a table for %s", Arrays.toString(settings)).isNotNull();
        return table;
    }

    private static void assertFormula(float[] smooth, double[] settings) {
        LevelTable table = table(settings);
        int levels = (int) settings[2];
        int[] ints = new int[smooth.length];
        table.levels(smooth, 0, smooth.length, ints, 0, levels);
        byte[] bytes = levels <= Colouring.INDEXED_LEVELS ? new byte[smooth.length] : null;
        if (bytes != null) {
            table.levels(smooth, 0, smooth.length, bytes, (byte) levels);
        }
        // and the plain loop, which takes ranges shorter than a vector, on the first values
        int[] plain = new int[Math.min(smooth.length, 20_000)];
        for (int from = 0, step = VectorLevels.TABLE_LANES - 1; from < plain.length; from += step) {
            table.levels(smooth, from, Math.min(plain.length, from + step), plain, from, levels);
        }
        for (int p = 0; p < smooth.length; p++) {
            int expected = formula(smooth[p], settings);
            if (p < plain.length && plain[p] != expected) {
                throw new AssertionError("s = %s, settings %s: the formula says %d, the plain loop %d".formatted(
                        smooth[p], Arrays.toString(settings), expected, plain[p]));
            }
            if (ints[p] != expected || bytes != null && (bytes[p] & 0xFF) != expected) {
                throw new AssertionError("s = %s (bits %08x), settings %s: the formula says %d, the table %d / %s".formatted(
                        smooth[p], Float.floatToRawIntBits(smooth[p]), Arrays.toString(settings), expected, ints[p],
                        bytes == null ? "-" : bytes[p] & 0xFF));
            }
        }
    }

    /**
     * Every float in [2^-10, 2^-8) (where the default table's bottom cell ends) and in [0.25, 4)
     * (where most map tiles' values lie): every cell there, every change of level in them.
     */
    @Test
    void everyFloatOfTwoRangesGetsTheFormulasLevel() {
        for (float[] range : new float[][] {{0x1p-10f, 0x1p-8f}, {0.25f, 4f}}) {
            int from = Float.floatToRawIntBits(range[0]);
            int to = Float.floatToRawIntBits(range[1]);
            for (double[] settings : new double[][] {SETTINGS[0], SETTINGS[6]}) {
                float[] chunk = new float[1 << 20];
                for (int start = from; start < to; start += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = Float.intBitsToFloat(start + i); // `to` is a power of two: whole chunks
                    }
                    assertFormula(chunk, settings);
                }
            }
        }
    }

    @Test
    void randomValuesUpToAMillionGetTheFormulasLevel() {
        var random = new Random(42);
        float[] smooth = new float[200_003];
        for (int p = 0; p < smooth.length; p++) {
            smooth[p] = switch (p % 6) {
                case 0 -> -1f; // interior
                case 1 -> random.nextFloat();
                case 2 -> random.nextFloat() * 10;
                case 3 -> random.nextFloat() * 1000;
                case 4 -> Float.intBitsToFloat(random.nextInt(Float.floatToRawIntBits(1e6f))); // uniform in the bits
                default -> (float) Math.scalb(1.0, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : 1 + 0x1p-23f);
            };
        }
        smooth[7] = 0f;
        smooth[13] = -0f; // the formula's s >= 0 holds for -0: level of 0, not interior
        smooth[19] = Float.MIN_VALUE;
        for (double[] settings : SETTINGS) {
            assertFormula(smooth, settings);
        }
    }

    @Test
    void aRenderedFieldGetsTheFormulasLevelsThroughColouring() {
        EscapeField field;
        try (Renderer renderer = Renderer.create(1)) {
            field = renderer.render(RenderRequest.of(new Viewport.Rectangle(-2.5, 1, -1, 1, 400, 300), 1000));
        }
        for (Colouring c : new Colouring[] {Colouring.defaults(), Colouring.defaults().withOffset(0.4).withDensity(3),
                Colouring.defaults().withLevels(Colouring.SMOOTH_LEVELS)}) {
            int[] gradient = c.colourTable();
            int[] rgb = c.toRgb(field);
            byte[] indices = c.indexed() ? c.toIndices(field) : null;
            float[] smooth = field.smooth();
            for (int p = 0; p < smooth.length; p++) {
                int level = smooth[p] >= 0 ? Colouring.level(smooth[p], c.offset(), c.density(), c.levels()) : c.levels();
                assertThat(rgb[p]).as("pixel %d", p).isEqualTo(gradient[level]);
                if (indices != null) {
                    assertThat(indices[p] & 0xFF).as("pixel %d", p).isEqualTo(level);
                }
            }
        }
    }

    /** One table serves values that rise call after call (it grows) and several threads at once. */
    @Test
    void theTableGrowsAsValuesRiseAndServesThreadsAtOnce() throws Exception {
        double[] settings = {0.123, 1.7, Colouring.INDEXED_LEVELS}; // a table no other test makes
        List<float[]> rising = new ArrayList<>();
        var random = new Random(5);
        for (int e = 0; e < 24; e++) {
            float[] smooth = new float[1000 + e];
            for (int p = 0; p < smooth.length; p++) {
                smooth[p] = (float) Math.scalb(1 + random.nextDouble(), e - 4);
            }
            rising.add(smooth);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (float[] smooth : rising) {
                        assertFormula(smooth, settings);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ranges shorter than a vector and with an overlapping last vector write their own span only. */
    @Test
    void anyRangeGivesThePixelsTheirLevelsAndWritesNothingElse() {
        int n = 80;
        float[] smooth = ramp(n, 5, 1.37f);
        LevelTable table = table(SETTINGS[0]);
        for (int count = 1; count <= 2 * VectorLevels.TABLE_LANES + 3; count++) {
            int[] ints = new int[count + 4];
            byte[] bytes = new byte[count + 6];
            Arrays.fill(ints, -7);
            Arrays.fill(bytes, (byte) -7);
            table.levels(smooth, 3, 3 + count, ints, 2, 255);
            table.levels(smooth, 3, 3 + count, bytes, (byte) 255);
            for (int k = 0; k < ints.length; k++) {
                int expected = k >= 2 && k < 2 + count ? formula(smooth[k + 1], SETTINGS[0]) : -7;
                assertThat(ints[k]).as("%d pixels, ints[%d]", count, k).isEqualTo(expected);
            }
            for (int k = 0; k < bytes.length; k++) {
                int expected = k >= 3 && k < 3 + count ? formula(smooth[k], SETTINGS[0]) : 0xF9;
                assertThat(bytes[k] & 0xFF).as("%d pixels, bytes[%d]", count, k).isEqualTo(expected);
            }
        }
    }

    @Test
    void bandsTooNarrowForATableGetNoneAndColouringStillWorks() {
        assertThat(LevelTable.of(0, 1000, Colouring.MAX_LEVELS)).isNull();
        Colouring narrow = Colouring.defaults().withDensity(1000).withLevels(Colouring.MAX_LEVELS);
        int[] rgb = narrow.toRgb(new EscapeField(3, 1, 100, new int[3], new float[] {1.5f, -1f, 40f}, 0));
        assertThat(rgb[1]).isEqualTo(narrow.interiorRgb());
        assertThat(rgb[0]).isNotEqualTo(rgb[2]);
    }

    @Test
    void valuesThatAreNotFiniteAreRejected() {
        LevelTable table = table(SETTINGS[0]);
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NaN}) {
            float[] smooth = {1f, bad, 2f};
            assertThatThrownBy(() -> table.levels(smooth, 0, 3, new byte[3], (byte) 255))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite");
        }
    }

    /**
     * The lookups compile to vector instructions on this CPU: a compiled call allocates only its
     * array of gather indices (boxed vectors would allocate on every lane group).
     */
    @Test
    void onceCompiledTheLookupsAllocateOnlyTheirIndices() {
        int n = 4099;
        float[] smooth = ramp(n, 7, 0.37f);
        byte[] out = new byte[n];
        LevelTable table = table(SETTINGS[0]);
        long indices = 16 + 4L * VectorLevels.TABLE_LANES; // an int array's header and lanes
        long bytes = CompiledAllocation.bytesPerCall(
                () -> table.levels(smooth, 0, n, out, (byte) 255), Duration.ofSeconds(30), indices);
        assertThat(bytes).as("bytes allocated per compiled call on %d pixels", n).isLessThanOrEqualTo(indices);
    }
}
