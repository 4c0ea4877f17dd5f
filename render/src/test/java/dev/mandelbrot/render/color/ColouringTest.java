package dev.mandelbrot.render.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mandelbrot.render.CompiledAllocation;
import dev.mandelbrot.render.EscapeField;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ColouringTest {
    /** A 4x3 field: a ramp of smooth values with two interior pixels. */
    private static final EscapeField FIELD = field(0f, 0.5f, 1f, 2f, 3.5f, -1f, 8f, 20f, 90f, 400f, -1f, 5000f);

    @Test
    void interiorPixelsGetTheInteriorColour() {
        int[] rgb = Colouring.defaults().withInterior(0x123456).toRgb(FIELD);
        assertThat(rgb[5]).isEqualTo(0x123456);
        assertThat(rgb[10]).isEqualTo(0x123456);
        assertThat(Arrays.stream(rgb).filter(c -> c == 0x123456).count()).isEqualTo(2);
    }

    @Test
    void escapingPixelsTakeTheGradientColourAtTheirPosition() {
        Colouring c = Colouring.defaults();
        int[] rgb = c.toRgb(FIELD);
        int[] table = Palettes.defaultPalette().table(Colouring.INDEXED_LEVELS);
        for (int p : new int[] {0, 1, 4, 9, 11}) {
            double t = c.position(FIELD.smooth()[p]);
            assertThat(rgb[p]).isEqualTo(table[(int) (t * Colouring.INDEXED_LEVELS)]);
        }
    }

    @Test
    void theVectorLevelsAgreeWithTheScalarFormula() {
        var random = new java.util.Random(42);
        int n = 200_003; // not a multiple of any vector length: the tail is masked
        float[] smooth = new float[n];
        for (int p = 0; p < n; p++) {
            smooth[p] = switch (p % 4) {
                case 0 -> -1f; // interior
                case 1 -> random.nextFloat() * 10;
                case 2 -> random.nextFloat() * 1000;
                default -> 1e4f + random.nextFloat() * 1e5f;
            };
        }
        // offsets far from 0 take the vector floor through its other paths: negative positions,
        // positions on a grid of halves (2^51 to 2^52), and integers from 2^52 on, where adding
        // 2^52 may round (just below 2^53) or not (far above)
        for (Colouring c : new Colouring[] {Colouring.defaults(), Colouring.defaults().withOffset(-2.7).withDensity(7.5),
                Colouring.defaults().withLevels(Colouring.MAX_LEVELS).withOffset(0.999),
                Colouring.defaults().withOffset(-1e6 - 0.3), Colouring.defaults().withOffset(-3e15),
                Colouring.defaults().withOffset(3e15), Colouring.defaults().withOffset(0x1p53 - 101),
                Colouring.defaults().withOffset(-0x1p52 - 1), Colouring.defaults().withOffset(-1e17),
                Colouring.defaults().withOffset(1e300)}) {
            int[] level = new int[n + 5];
            VectorLevels.levels(smooth, 0, n, c.offset(), c.density() / Colouring.CYCLE, c.levels(), level, 5);
            int differing = 0;
            for (int p = 0; p < n; p++) {
                // the raw formula, offset unreduced: VectorLevels is handed whatever offset it is given
                double t = c.offset() + c.density() / Colouring.CYCLE * Math.log(1 + smooth[p]);
                int expected = smooth[p] < 0 ? c.levels() : Math.min((int) ((t - Math.floor(t)) * c.levels()), c.levels() - 1);
                if (level[5 + p] != expected) {
                    differing++;
                    // only a pixel on the border of two levels may land on the other side
                    assertThat(Math.floorMod(level[5 + p] - expected + 1, c.levels())).as("pixel %d", p).isBetween(0, 2);
                }
            }
            assertThat(differing).as("pixels on another level").isLessThanOrEqualTo(n / 10_000);
            assertThat(level[0]).as("nothing written before the offset").isZero();
        }
    }

    /**
     * Rows of the bottom half equal to their mirror row are copied rather than coloured: on fields
     * that are symmetric except for some rows (one pixel off, a whole row off), small and large
     * (several blocks on the pool), every row comes out as that row coloured on its own.
     */
    @Test
    void mirroredRowsComeOutAsIfEachRowWereColouredOnItsOwn() {
        var random = new java.util.Random(7);
        for (int[] size : new int[][] {{37, 9}, {5, 1}, {3, 2}, {300, 500}}) {
            int w = size[0];
            int h = size[1];
            float[] smooth = new float[w * h];
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    smooth[j * w + i] = 2 * j < h ? (random.nextInt(9) == 0 ? -1f : random.nextFloat() * 300)
                            : smooth[(h - 1 - j) * w + i];
                }
            }
            if (h > 4) {
                smooth[(h + 1) / 2 * w] += 2.5f; // the first row of the bottom half differs, the next do not
                smooth[(h - 2) * w + w / 2] += 1.5f; // one pixel of a mirrored row differs
                for (int i = 0; i < w; i++) {
                    smooth[(h - 1) * w + i] = i * 0.7f; // a whole row differs
                }
            }
            var field = new EscapeField(w, h, 1000, new int[w * h], smooth, 0);
            for (Colouring c : new Colouring[] {Colouring.defaults(), Colouring.defaults().withLevels(Colouring.SMOOTH_LEVELS)}) {
                int[] rgb = c.toRgb(field);
                byte[] indices = c.indexed() ? c.toIndices(field) : null;
                for (int j = 0; j < h; j++) {
                    var row = new EscapeField(w, 1, 1000, new int[w], Arrays.copyOfRange(smooth, j * w, (j + 1) * w), 0);
                    assertThat(Arrays.copyOfRange(rgb, j * w, (j + 1) * w)).as("%dx%d, rgb row %d", w, h, j)
                            .isEqualTo(c.toRgb(row));
                    if (indices != null) {
                        assertThat(Arrays.copyOfRange(indices, j * w, (j + 1) * w)).as("%dx%d, index row %d", w, h, j)
                                .isEqualTo(c.toIndices(row));
                    }
                }
            }
        }
    }

    /**
     * Short and odd ranges (fewer pixels than a vector, or an overlapping last vector) give each
     * pixel the level it gets in a long range, and write nothing outside their own span.
     */
    @Test
    void anyRangeOfTheVectorLevelsGivesThePixelsTheirLevelsAndWritesNothingElse() {
        int n = 64;
        float[] smooth = LevelTableTest.ramp(n, 5, 1.37f);
        Colouring c = Colouring.defaults();
        double scale = c.density() / Colouring.CYCLE;
        int[] whole = new int[n];
        VectorLevels.levels(smooth, 0, n, c.offset(), scale, c.levels(), whole, 0);
        for (int count = 1; count <= 2 * VectorLevels.LANES + 3; count++) {
            int[] out = new int[count + 4];
            java.util.Arrays.fill(out, -7);
            VectorLevels.levels(smooth, 3, 3 + count, c.offset(), scale, c.levels(), out, 2);
            for (int k = 0; k < out.length; k++) {
                int expected = k >= 2 && k < 2 + count ? whole[3 + k - 2] : -7;
                assertThat(out[k]).as("%d pixels, out[%d]", count, k).isEqualTo(expected);
            }
        }
    }

    /** Colouring's vector code compiles to instructions on this CPU (see {@link CompiledAllocation}). */
    @Test
    void onceCompiledTheVectorLevelsAllocateNothing() {
        int n = 4099;
        float[] smooth = LevelTableTest.ramp(n, 7, 0.37f);
        int[] level = new int[n];
        Colouring c = Colouring.defaults();
        long bytes = CompiledAllocation.bytesPerCall(
                () -> VectorLevels.levels(smooth, 0, n, c.offset(), c.density() / Colouring.CYCLE, c.levels(), level, 0),
                Duration.ofSeconds(30));
        assertThat(bytes).as("bytes allocated per compiled call on %d pixels", n).isLessThan(64);
    }

    @Test
    void positionFollowsTheDocumentedFormula() {
        Colouring c = Colouring.defaults().withOffset(0.25).withDensity(2);
        double s = 7.3;
        double t = 0.25 + 2 * Math.log(1 + s) / Colouring.CYCLE;
        assertThat(c.position(s)).isCloseTo(t - Math.floor(t), within(1e-12));
        assertThat(c.position(0)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void offsetShiftsTheColoursAndAWholeTurnDoesNot() {
        Colouring base = Colouring.defaults();
        assertThat(base.withOffset(0.3).toRgb(FIELD)).isNotEqualTo(base.toRgb(FIELD));
        assertThat(base.withOffset(0.3).toRgb(FIELD)).isEqualTo(base.withOffset(1.3).toRgb(FIELD));
    }

    @Test
    void anImageWithNoEscapingPixelIsAllInterior() {
        // a view inside the set (a deep zoom into a minibrot, the cardioid up close); settings no
        // other test uses, so the level table starts empty, as in a fresh process
        int w = 64;
        int h = 48;
        float[] smooth = new float[w * h];
        int[] counts = new int[w * h];
        Arrays.fill(smooth, -1f);
        Arrays.fill(counts, -1);
        EscapeField inside = new EscapeField(w, h, 100, counts, smooth, 0);
        Colouring c = Colouring.defaults().withOffset(0.123).withDensity(3.21).withInterior(0x102030);
        assertThat(c.toRgb(inside)).containsOnly(0x102030);
        byte[] indices = c.withDensity(3.22).toIndices(inside);
        assertThat(indices).containsOnly(indices[0]);
        assertThat(c.withDensity(3.22).colourTable()[indices[0] & 0xFF]).isEqualTo(0x102030);
    }

    @Test
    void aHugeOffsetCountsOnlyForItsFractionalPart() {
        Colouring base = Colouring.defaults();
        // 1e15 + 0.25 is exact in double; added to a position of a few units, it used to round
        // the position to a multiple of 1/8 (or of 2^k beyond 2^53) and flatten the image
        assertThat(base.withOffset(1e15 + 0.25).toRgb(FIELD)).isEqualTo(base.withOffset(0.25).toRgb(FIELD));
        assertThat(base.withOffset(1e15).toRgb(FIELD)).isEqualTo(base.toRgb(FIELD));
        assertThat(base.withOffset(-1e300).toRgb(FIELD)).isEqualTo(base.toRgb(FIELD));
        assertThat(base.withOffset(1e15 + 0.25).position(7.3)).isEqualTo(base.withOffset(0.25).position(7.3));
        assertThat(base.withLevels(Colouring.SMOOTH_LEVELS).withOffset(3e17).toRgb(FIELD))
                .isEqualTo(base.withLevels(Colouring.SMOOTH_LEVELS).toRgb(FIELD));
    }

    @Test
    void densityChangesTheColoursButNotTheInterior() {
        int[] base = Colouring.defaults().toRgb(FIELD);
        int[] dense = Colouring.defaults().withDensity(3).toRgb(FIELD);
        assertThat(dense).isNotEqualTo(base);
        assertThat(dense[0]).isEqualTo(base[0]); // s = 0 sits at the offset whatever the density
        assertThat(dense[5]).isEqualTo(base[5]);
    }

    @Test
    void indicesPointIntoTheColourTableAndAgreeWithTheRgbPixels() {
        Colouring c = Colouring.of(Palettes.byName("ocean").orElseThrow()).withInterior(0xFF00FF);
        byte[] indices = c.toIndices(FIELD);
        int[] table = c.colourTable();
        int[] rgb = c.toRgb(FIELD);
        assertThat(table).hasSize(Colouring.INDEXED_LEVELS + 1);
        assertThat(table[Colouring.INDEXED_LEVELS]).isEqualTo(0xFF00FF);
        for (int p = 0; p < rgb.length; p++) assertThat(table[indices[p] & 0xFF]).isEqualTo(rgb[p]);
        assertThat(indices[5] & 0xFF).isEqualTo(Colouring.INDEXED_LEVELS);
    }

    @Test
    void moreLevelsGiveTruecolourAndNoIndices() {
        Colouring smooth = Colouring.defaults().withLevels(Colouring.SMOOTH_LEVELS);
        assertThat(smooth.indexed()).isFalse();
        assertThat(Colouring.defaults().indexed()).isTrue();
        assertThatThrownBy(() -> smooth.toIndices(FIELD)).isInstanceOf(IllegalStateException.class);
        assertThat(smooth.toRgb(FIELD)).hasSize(12);
    }

    @Test
    void aSmoothRampUsesManyDistinctColours() {
        float[] ramp = new float[4096];
        for (int k = 0; k < ramp.length; k++) ramp[k] = k * 0.05f;
        EscapeField f = new EscapeField(64, 64, 1000, new int[4096], ramp, 0);
        long indexed = Arrays.stream(Colouring.defaults().toRgb(f)).distinct().count();
        long smooth = Arrays.stream(Colouring.defaults().withLevels(Colouring.SMOOTH_LEVELS).toRgb(f)).distinct().count();
        assertThat(indexed).isGreaterThan(150).isLessThanOrEqualTo(Colouring.INDEXED_LEVELS);
        assertThat(smooth).isGreaterThan(2 * indexed);
    }

    @Test
    void theContractsFourValueConstructorGivesIndexedLevels() {
        assertThat(new Colouring(Palettes.defaultPalette(), 0, 1, 0).levels()).isEqualTo(Colouring.INDEXED_LEVELS);
    }

    @Test
    void badSettingsAreRejectedWithAReason() {
        Palette p = Palettes.defaultPalette();
        assertThatThrownBy(() -> new Colouring(p, Double.NaN, 1, 0)).hasMessageContaining("offset");
        assertThatThrownBy(() -> new Colouring(p, 0, 0, 0)).hasMessageContaining("density");
        assertThatThrownBy(() -> new Colouring(p, 0, Double.POSITIVE_INFINITY, 0)).hasMessageContaining("density");
        assertThatThrownBy(() -> new Colouring(p, 0, 1, -1)).hasMessageContaining("interior");
        assertThatThrownBy(() -> new Colouring(p, 0, 1, 0, 1)).hasMessageContaining("levels");
        assertThatThrownBy(() -> new Colouring(null, 0, 1, 0)).isInstanceOf(NullPointerException.class);
    }

    private static EscapeField field(float... smooth) {
        int[] counts = new int[smooth.length];
        for (int p = 0; p < smooth.length; p++) counts[p] = smooth[p] < 0 ? -1 : (int) smooth[p];
        return new EscapeField(4, 3, 10_000, counts, smooth, 0);
    }
}
