package dev.mandelbrot.render.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OklabTest {
    @Test
    void whiteHasFullLightnessAndNoHue() {
        double[] lab = Oklab.fromRgb(0xFFFFFF);
        assertThat(lab[0]).isCloseTo(1.0, within(1e-4));
        assertThat(lab[1]).isCloseTo(0.0, within(1e-4));
        assertThat(lab[2]).isCloseTo(0.0, within(1e-4));
    }

    @Test
    void blackHasZeroLightness() {
        assertThat(Oklab.fromRgb(0x000000)[0]).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void lightnessGrowsAlongTheGreyRamp() {
        double previous = -1;
        for (int v = 0; v < 256; v++) {
            double lightness = Oklab.fromRgb(v * 0x010101)[0];
            assertThat(lightness).isGreaterThan(previous);
            previous = lightness;
        }
    }

    @Property(tries = 500)
    void everyEightBitColourSurvivesTheRoundTripWithinOneUnit(@ForAll @IntRange(min = 0, max = 0xFFFFFF) int rgb) {
        double[] lab = Oklab.fromRgb(rgb);
        int back = Oklab.toRgb(lab[0], lab[1], lab[2]);
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat((back >>> shift) & 0xFF).isCloseTo((rgb >>> shift) & 0xFF, within(1));
        }
    }

    @Test
    void outOfGamutColoursAreClampedToValidChannels() {
        int rgb = Oklab.toRgb(1.5, 0.4, -0.4);
        assertThat(rgb & ~0xFFFFFF).isZero();
    }
}
