package dev.mandelbrot.bot.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.World;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The standard credential chain finding nothing is told apart from a network failure. The chain
 * is the SDK's real one, emptied through the system properties it reads (the profile files
 * point nowhere, the instance metadata service is off); environment variables cannot be unset
 * from a running JVM, so the test is skipped where they hold credentials.
 */
class MissingCredentialsTest {

    private static final Map<String, String> EMPTY_CHAIN = Map.of(
            "aws.sharedCredentialsFile", "no-credentials",
            "aws.configFile", "no-config",
            "aws.disableEc2Metadata", "true");

    @TempDir
    Path dir;

    @BeforeEach
    void emptyTheChain() {
        for (String variable : new String[] {"AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_PROFILE"}) {
            assumeTrue(System.getenv(variable) == null, variable + " is set in this environment");
        }
        EMPTY_CHAIN.forEach((k, v) -> System.setProperty(k, k.startsWith("aws.disable") ? v : dir.resolve(v).toString()));
    }

    @AfterEach
    void restore() {
        EMPTY_CHAIN.keySet().forEach(System::clearProperty);
    }

    @Test
    void noCredentialsAnywhereSaysSoAndSendsNothing() {
        World world = new World();
        try (var clients = new AwsClients("eu-west-1", DefaultCredentialsProvider.builder().build(),
                Optional.of(URI.create(world.wm.baseUrl())), Duration.ofSeconds(5), 1, false)) {
            BotError e = catchThrowableOfType(BotError.class, () -> clients.codeDeploy().recent("mandelbrot", "fleet", 10));
            assertThat(e.getMessage())
                    .isEqualTo("CodeDeploy ListDeployments: no AWS credentials found (environment, profile or instance role)");
            assertThat(e.kind()).isEqualTo(BotError.Kind.ACCESS_DENIED);
        }
        assertThat(world.wm.getAllServeEvents()).as("nothing unsigned left the bot").isEmpty();
    }

    @Test
    void aConnectionThatFailsIsStillUnreachable() {
        try (var clients = new AwsClients("eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                Optional.of(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(5), 1, false)) {
            BotError e = catchThrowableOfType(BotError.class, () -> clients.codeDeploy().recent("mandelbrot", "fleet", 10));
            assertThat(e.getMessage()).isEqualTo("CodeDeploy ListDeployments: AWS unreachable");
        }
    }
}
