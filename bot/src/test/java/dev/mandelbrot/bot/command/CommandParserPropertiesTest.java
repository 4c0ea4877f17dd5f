package dev.mandelbrot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Whatever is typed, the parser answers with a command or a short ParseException, nothing else. */
class CommandParserPropertiesTest {

    private final CommandParser parser = new CommandParser(Set.of("production", "staging"), "production");

    @Property(tries = 500)
    void anyTextParsesOrFailsWithAShortMessage(@ForAll @StringLength(max = 300) String text) {
        check(text);
    }

    @Property(tries = 500)
    void commandLikeTextParsesOrFailsWithAShortMessage(@ForAll("commandLike") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> commandLike() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of("help", "builds", "rebuild", "deploy", "deployments", "watch", "status", "rollback",
                        "scale", "revisions", "lock", "unlock", "to", "in", "--env", "--force", "latest", "production",
                        "staging", "d-ABCDEF123", "0123456", "#12"),
                Arbitraries.integers().between(-5, 20000).map(String::valueOf),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(80));
        return word.list().ofMaxSize(6).map(ws -> String.join(" ", ws));
    }

    private void check(String text) {
        try {
            Command c = parser.parse(text);
            assertThat(Set.of("production", "staging")).contains(c.environment());
        } catch (ParseException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(260);
        }
    }
}
