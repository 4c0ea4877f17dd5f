package dev.mandelbrot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.World;
import dev.mandelbrot.bot.aws.AwsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** A bad configuration file is one clear line and exit code 2, whatever is wrong with it. */
class CliConfigErrorsTest {

    private final World world = new World();

    /** The World's configuration with {@code from} replaced by {@code to}, as a new file. */
    private Path configWith(String from, String to) throws Exception {
        String yaml = Files.readString(world.configFile());
        assertThat(yaml).contains(from);
        Path file = world.dir.resolve("edited.yml");
        Files.writeString(file, yaml.replace(from, to));
        return file;
    }

    private World.CliRun status(Path config) {
        return world.cli("ops", "", "--config", config.toString(), "status");
    }

    private static void assertRejected(World.CliRun r, String message) {
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).startsWith("mandelbot: ").contains(message);
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Internal error");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "region: eu-west-1                 | region: \"\"                 | region must be an AWS region name",
        "region: eu-west-1                 | region: \"  \"               | region must be an AWS region name",
        "github-api-url: http              | github-api-url: not a url #| github-api-url must be an http or https URL",
        "github-api-url: http              | github-api-url: ftp://x #  | github-api-url must be an http or https URL",
        "environments:                     | environments:\\n  extra:   | environments.extra: is empty",
    })
    void badValuesAreCaughtWhenTheFileIsLoaded(String from, String to, String message) throws Exception {
        assertRejected(status(configWith(from, to.replace("\\n", "\n"))), message);
    }

    @Test
    void anEmptyFileSaysSo() throws Exception {
        Path empty = world.dir.resolve("empty.yml");
        Files.writeString(empty, "");
        assertRejected(status(empty), "invalid configuration: the file is empty");
        Files.writeString(empty, "# nothing here yet\n");
        assertRejected(status(empty), "invalid configuration: the file is empty");
    }

    @Test
    void clientsThatCannotBeBuiltAreAOneLineErrorToo() {
        // What the SDK's own builders throw for a region they cannot use, should the loader let one through.
        var r = world.cli((c, s) -> {
            new AwsClients("", AnonymousCredentialsProvider.create(), Optional.empty(), Duration.ofSeconds(1), 1, false);
            return world.services(c, s);
        }, "ops", "", "status");
        assertRejected(r, "cannot set up the AWS and GitHub clients for " + world.configFile());
    }

    @Test
    void aLockFileThatIsNotJsonStopsEveryCommandAtStartUpInOneLine() throws Exception {
        Files.writeString(world.config.lockFile(), "");
        var r = world.cli("ops", "", "status");
        assertRejected(r, "the lock file " + world.config.lockFile() + " is not valid JSON (the file is empty); nothing was done");
    }
}
