package dev.mandelbrot.render;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test void vectorApiIsAvailable() { assertThat(Probe.lanes()).isPositive(); }
}
