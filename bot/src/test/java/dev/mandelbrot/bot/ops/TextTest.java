package dev.mandelbrot.bot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextTest {

    /** Replies read the same on every host: a German or French default locale must not give "2,4 MiB". */
    @Test
    void sizesReadTheSameWhateverTheHostsLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Text.size(2_500_000)).isEqualTo("2.4 MiB");
            assertThat(Text.size(2_048)).isEqualTo("2 KiB");
            assertThat(Text.size(512)).isEqualTo("512 B");
        } finally {
            Locale.setDefault(before);
        }
    }
}
