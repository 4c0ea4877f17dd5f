package dev.mandelbrot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void ifNoneMatchFollowsRfc9110() {
        assertThat(EntityTags.matches(null, "\"a\"")).isFalse();
        assertThat(EntityTags.matches("*", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("W/\"a\"", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("\"b\" , \"a\"", "\"a\"")).isTrue();
        assertThat(EntityTags.matches("\"b\"", "\"a\"")).isFalse();
    }

    @Test
    void strongTagsAreQuotedAndFollowTheBytes() {
        String tag = EntityTags.strong("one".getBytes(StandardCharsets.UTF_8));

        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(EntityTags.strong("one".getBytes(StandardCharsets.UTF_8))).isEqualTo(tag);
        assertThat(EntityTags.strong("two".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
    }
}
