package dev.mandelbrot.render.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mandelbrot.render.color.Palette.Stop;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaletteTest {
    private static final Palette BLACK_WHITE =
        Palette.of("bw", "black to white and back", List.of(new Stop(0, 0x000000), new Stop(0.5, 0xFFFFFF)));

    @Test
    void stopPositionsGiveTheStopColours() {
        Palette p = Palettes.defaultPalette();
        for (Stop stop : p.stops()) assertClose(p.rgbAt(stop.position()), stop.rgb());
    }

    @Test
    void theGradientRepeatsEveryWholeUnit() {
        Palette p = Palettes.defaultPalette();
        for (double t = 0; t < 1; t += 0.037) {
            assertThat(p.rgbAt(t + 1)).isEqualTo(p.rgbAt(t));
            assertThat(p.rgbAt(t - 3)).isEqualTo(p.rgbAt(t));
        }
    }

    @Test
    void afterTheLastStopTheGradientBlendsBackToTheFirst() {
        // Halfway from white (0.5) back to black (1.0 = 0.0) is a grey, not white or black.
        int grey = BLACK_WHITE.rgbAt(0.75);
        int r = grey >>> 16;
        assertThat(r).isBetween(60, 200);
        assertThat(grey).isEqualTo(r * 0x010101);
        assertThat(BLACK_WHITE.rgbAt(0.999) >>> 16).isLessThan(5);
    }

    @Test
    void beforeTheFirstStopTheGradientComesFromTheLast() {
        Palette p = Palette.of("late", "", List.of(new Stop(0.25, 0xFF0000), new Stop(0.75, 0x0000FF)));
        // 0.0 is halfway between the stop at 0.75 and the stop at 1.25 (0.25 wrapped).
        assertThat(p.rgbAt(0.0)).isEqualTo(p.rgbAt(0.5));
        assertThat(p.rgbAt(0.0)).isNotEqualTo(0xFF0000).isNotEqualTo(0x0000FF);
    }

    @Test
    void tableSamplesTheGradientAtCellCentres() {
        int[] table = BLACK_WHITE.table(4);
        assertThat(table).containsExactly(
            BLACK_WHITE.rgbAt(0.125), BLACK_WHITE.rgbAt(0.375), BLACK_WHITE.rgbAt(0.625), BLACK_WHITE.rgbAt(0.875));
        assertThat(BLACK_WHITE.table(4)).isSameAs(table);
    }

    @Test
    void stopsFormatAsHex() {
        assertThat(new Stop(0, 0x0A0B0C).hex()).isEqualTo("#0a0b0c");
    }

    @Test
    void badStopsAreRejectedWithAReason() {
        assertThatThrownBy(() -> new Stop(1.0, 0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new Stop(0.5, 0x1000000)).hasMessageContaining("0xRRGGBB");
        assertThatThrownBy(() -> Palette.of("one", "", List.of(new Stop(0, 0)))).hasMessageContaining("two stops");
        assertThatThrownBy(() -> Palette.of("x", "", List.of(new Stop(0.5, 0), new Stop(0.2, 0))))
            .hasMessageContaining("increasing");
        assertThatThrownBy(() -> Palette.of(" ", "", List.of(new Stop(0, 0), new Stop(0.5, 1))))
            .hasMessageContaining("blank");
    }

    @Test
    void palettesWithTheSameNameButOtherStopsAreNotEqual() {
        Palette other = Palette.of("bw", "black to white and back", List.of(new Stop(0, 0x000000), new Stop(0.5, 0xFFFFFE)));
        assertThat(other).isNotEqualTo(BLACK_WHITE);
        assertThat(Palette.of("bw", "black to white and back", BLACK_WHITE.stops())).isEqualTo(BLACK_WHITE);
    }

    private static void assertClose(int actual, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat((actual >>> shift) & 0xFF).isCloseTo((expected >>> shift) & 0xFF, within(1));
        }
    }
}
