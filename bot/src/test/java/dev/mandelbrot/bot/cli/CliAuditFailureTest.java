package dev.mandelbrot.bot.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.World;
import dev.mandelbrot.bot.aws.CodeDeployGateway;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.ops.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentRequest;

/**
 * An audit log that cannot be written: refused before anything is attempted, and, should it
 * break while a change is being made, the change's result still shown with a warning.
 */
class CliAuditFailureTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private World world;

    @BeforeEach
    void setUp() {
        world = new World();
        World.emptyBucket();
    }

    private void assertOneCleanLine(World.CliRun r) {
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    private int createDeploymentCalls() {
        return world.wm.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.CreateDeployment"))).size();
    }

    @Test
    void anAuditPathThatCannotBeCreatedStopsEveryCommandBeforeItStarts() throws Exception {
        Path blocker = world.dir.resolve("blocker");
        Files.writeString(blocker, "a file where the audit folder should be");
        Path config = world.dir.resolve("blocked.yml");
        Files.writeString(config, Files.readString(world.configFile())
                .replace("audit-log: audit.jsonl", "audit-log: blocker/audit.jsonl"));

        var help = world.cli("ops", "", "--config", config.toString(), "help");

        assertThat(help.code()).isEqualTo(2);
        assertThat(help.err()).startsWith("mandelbot: cannot write the audit log " + blocker.resolve("audit.jsonl"))
                .contains("; nothing was done");
        assertOneCleanLine(help);
    }

    @Test
    void anUnwritableAuditLogRefusesADeployWithNothingDone() throws Exception {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.stubCodeDeploy("CreateDeployment", "{\"deploymentId\":\"d-NEW000001\"}");
        Files.createDirectory(world.auditFile()); // a folder where the file should be: not even root can append

        var r = world.cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the audit log " + world.auditFile()).contains("nothing was done");
        assertOneCleanLine(r);
        assertThat(createDeploymentCalls()).isZero();
    }

    @Test
    void anAuditLogThatBreaksDuringADeployStillShowsTheDeploymentWithAWarning() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.stubCodeDeploy("CreateDeployment", "{\"deploymentId\":\"d-NEW000001\"}");

        var r = world.cli(this::auditBreaksOnCreateDeployment, "ops", "", "deploy", SHA, "to", "staging");

        assertThat(createDeploymentCalls()).isEqualTo(1);
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Deployment d-NEW000001 started").contains("watch d-NEW000001");
        assertThat(r.err()).startsWith("mandelbot: warning: cannot write the audit log " + world.auditFile())
                .contains("this succeeded command is missing from the audit trail");
        assertOneCleanLine(r);
    }

    /**
     * The World's clients, except that CodeDeploy turns the audit file into a folder once it has
     * created the deployment: the disk going away between the change and its audit entry.
     */
    private Services auditBreaksOnCreateDeployment(BotConfig c, Secrets s) {
        Services real = world.services(c, s);
        ExecutionInterceptor breakAudit = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CreateDeploymentRequest) {
                    try {
                        Files.deleteIfExists(world.auditFile());
                        Files.createDirectory(world.auditFile());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        CodeDeployClient codeDeploy = CodeDeployClient.builder()
                .endpointOverride(URI.create(world.wm.baseUrl()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(breakAudit))
                .build();
        return new Services(new CodeDeployGateway(codeDeploy), real.scaling(), real.targets(), real.alarms(),
                real.revisions(), real.github());
    }
}
