package dev.mandelbrot.bot.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.World;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The SDK resolves {@code AWS_ENDPOINT_URL_<SERVICE>} and its system-property twin
 * {@code aws.endpointUrl<Service>} by itself; the bot adds no endpoint of its own, so a
 * stand-in set that way is what it talks to. (Environment variables cannot be set from a
 * running JVM; the SDK reads both through the same provider.)
 */
class EndpointVariablesTest {

    @Test
    void theServiceSpecificEndpointSettingIsHonoured() {
        World world = new World();
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":"
                + World.deployment("d-ENDPOINT1", "Succeeded", "revisions/x.zip", 1L, "") + "}");
        String key = "aws.endpointUrlCodeDeploy";
        System.setProperty(key, world.wm.baseUrl());
        try (var clients = new AwsClients("eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                Optional.empty(), Duration.ofSeconds(15), 1, false)) {
            assertThat(clients.codeDeploy().get("d-ENDPOINT1").status()).isEqualTo("Succeeded");
        } finally {
            System.clearProperty(key);
        }
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.GetDeployment"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-west-1/codedeploy/")));
    }
}
