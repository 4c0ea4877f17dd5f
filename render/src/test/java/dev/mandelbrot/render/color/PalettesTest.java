package dev.mandelbrot.render.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PalettesTest {
    @Test
    void thereAreAtLeastSixPalettesWithDistinctLowerCaseNamesAndDescriptions() {
        List<Palette> all = Palettes.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);
        assertThat(all).extracting(Palette::name).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+"));
        assertThat(all).extracting(Palette::description).allMatch(d -> !d.isBlank());
    }

    @Test
    void theDefaultIsTheClassicPaletteAndListedFirst() {
        assertThat(Palettes.defaultPalette().name()).isEqualTo("classic");
        assertThat(Palettes.all().getFirst()).isSameAs(Palettes.defaultPalette());
    }

    @Test
    void theIssuesKindsOfPaletteAreAllThere() {
        assertThat(Palettes.names()).contains("classic", "grayscale", "print", "fire", "ocean", "viridis");
    }

    @Test
    void palettesAreFoundByNameIgnoringCaseAndSpaces() {
        assertThat(Palettes.byName(" Fire ")).map(Palette::name).hasValue("fire");
        assertThat(Palettes.byName("nope")).isEmpty();
        assertThat(Palettes.byName(null)).isEmpty();
    }

    @Test
    void everyPaletteLooksDifferent() {
        Set<List<Integer>> tables = new HashSet<>();
        for (Palette p : Palettes.all()) tables.add(Arrays.stream(p.table(64)).boxed().toList());
        assertThat(tables).hasSameSizeAs(Palettes.all());
    }

    @Test
    void theGrayscalePaletteHasOnlyGreys() {
        for (int rgb : Palettes.byName("grayscale").orElseThrow().table(256)) {
            assertThat(rgb).isEqualTo((rgb & 0xFF) * 0x010101);
        }
    }

    @Test
    void thePrintPaletteIsMostlyLight() {
        int[] table = Palettes.byName("print").orElseThrow().table(256);
        long light = Arrays.stream(table).filter(rgb -> (rgb & 0xFF) > 180).count();
        assertThat(light).isGreaterThan(table.length * 3 / 4);
    }

    @Test
    void mirroredPalettesHaveNoSeamAtTheWrap() {
        Palette viridis = Palettes.byName("viridis").orElseThrow();
        assertThat(viridis.rgbAt(0.999)).isEqualTo(viridis.rgbAt(0.001));
    }
}
