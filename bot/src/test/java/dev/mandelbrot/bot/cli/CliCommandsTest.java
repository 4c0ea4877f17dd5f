package dev.mandelbrot.bot.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.mandelbrot.bot.World;
import dev.mandelbrot.bot.aws.AlarmState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command through the terminal front, against WireMock, S3Mock and the fake CloudWatch. */
class CliCommandsTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String OLD_SHA = "fedcba9876543210fedcba9876543210fedcba98";
    private World world;
    private final java.util.List<World.CliRun> runs = new java.util.ArrayList<>();

    private World.CliRun cli(String user, String stdin, String... args) {
        var r = world.cli(user, stdin, args);
        runs.add(r);
        return r;
    }

    @AfterEach
    void tokensNeverLeak() {
        for (var r : runs) {
            assertThat(r.all()).doesNotContain(World.GITHUB_TOKEN).doesNotContain(World.SLACK_BOT_TOKEN);
        }
        assertThat(world.audit()).doesNotContain(World.GITHUB_TOKEN).doesNotContain(World.SLACK_BOT_TOKEN);
    }

    @BeforeEach
    void setUp() {
        world = new World();
        World.emptyBucket();
    }

    @Test
    void helpListsEveryCommand() {
        var r = cli("dev", "", "help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("builds", "rebuild", "deploy", "deployments", "watch", "status", "rollback",
                "scale", "revisions", "lock", "unlock");
        assertThat(r.out()).contains("Changes, for configured deployers and admins (production asks to confirm):");
    }

    @Test
    void helpSaysWhichEnvironmentsAskToConfirmAsConfigured() throws Exception {
        String yaml = Files.readString(world.configFile());
        Path both = world.dir.resolve("both-confirm.yml");
        Files.writeString(both, yaml.replace("confirm: false", "confirm: true"));
        Path none = world.dir.resolve("no-confirm.yml");
        Files.writeString(none, yaml.replace("confirm: true", "confirm: false"));

        assertThat(cli("dev", "", "--config", both.toString(), "help").out())
                .contains("(production, staging ask to confirm)");
        assertThat(cli("dev", "", "--config", none.toString(), "help").out())
                .contains("(no environment asks to confirm)").doesNotContain("production asks");
    }

    @Test
    void statusShowsCapacityTargetsLastDeploymentAndAlarms() {
        world.stubGroup(1, 2, 4, 1);
        world.stubTargets();
        world.stubDeployments(List.of("d-AAAAAAAA1"), List.of(World.deployment("d-AAAAAAAA1", "Succeeded",
                World.PREFIX + SHA + ".zip", 1_764_380_000L, "Mandelbot deploy of 0123456 by Slack user alice (UADMIN)")));
        world.alarms.alarms.add(new AlarmState("mandelbrot-cpu-high", "OK"));
        world.alarms.alarms.add(new AlarmState("mandelbrot-latency-high", "ALARM"));

        var r = cli("dev", "", "status");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Targets:\n  i-00:8080").contains("Alarms:\n  mandelbrot-cpu-high")
                .doesNotContain(": \n");
        assertThat(r.out()).contains("desired 2, min 1, max 4, in service 1")
                .contains("i-00:8080  healthy").contains("i-01:8080  unhealthy (Target.FailedHealthChecks)")
                .contains("d-AAAAAAAA1 Succeeded").contains("by alice")
                .contains("mandelbrot-cpu-high  OK").contains("mandelbrot-latency-high  ALARM");
        assertThat(world.alarms.lastPrefix).isEqualTo("mandelbrot-");
    }

    @Test
    void statusShowsOnlyTheConfiguredAlarmsNotThoseOfAStackWhoseNameExtendsThisOne() throws Exception {
        // Production is "mandelbrot", staging "mandelbrot-staging": the prefix "mandelbrot-" matches both.
        Path config = world.dir.resolve("alarm-names.yml");
        Files.writeString(config, Files.readString(world.configFile()).replace("alarm-prefix: mandelbrot-",
                "alarm-names: [mandelbrot-unhealthy-hosts, mandelbrot-target-5xx-rate, mandelbrot-cpu-high]"));
        world.stubGroup(1, 2, 4, 2);
        world.stubTargets();
        world.stubDeployments(List.of(), List.of());
        world.alarms.alarms.add(new AlarmState("mandelbrot-staging-unhealthy-hosts", "ALARM"));
        world.alarms.alarms.add(new AlarmState("mandelbrot-target-5xx-rate", "OK"));
        world.alarms.alarms.add(new AlarmState("mandelbrot-unhealthy-hosts", "OK"));

        var r = cli("dev", "", "--config", config.toString(), "status");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Alarms:\n  mandelbrot-target-5xx-rate  OK\n  mandelbrot-unhealthy-hosts  OK\n"
                + "  mandelbrot-cpu-high  (no such alarm)").doesNotContain("staging-unhealthy-hosts");
    }

    @Test
    void revisionsListsBundlesNewestFirst() throws InterruptedException {
        World.putBundle(World.PREFIX + OLD_SHA + ".zip");
        Thread.sleep(1100); // S3 last-modified times have one-second resolution
        World.putBundle(World.PREFIX + SHA + ".zip");
        World.putBundle(World.PREFIX + "notes.txt");

        var r = cli("dev", "", "revisions");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("0123456").contains("fedcba9").doesNotContain("notes.txt");
        assertThat(r.out().indexOf("0123456")).isLessThan(r.out().indexOf("fedcba9"));
    }

    @Test
    void aBundleUnderOneKibibyteShowsItsSizeInBytes() {
        String key = World.PREFIX + SHA + ".zip";
        long size = ("PK fake zip " + key).length(); // what putBundle uploads
        World.putBundle(key);

        var r = cli("dev", "", "revisions");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("  " + size + " B  " + key).doesNotContain("0 KiB");
    }

    @Test
    void buildsListsRecentRunsOfTheCiWorkflow() {
        world.wm.stubFor(WireMock.get(urlPathEqualTo("/repos/" + World.REPO + "/actions/workflows/ci.yml/runs"))
                .withQueryParam("branch", equalTo("main"))
                .willReturn(okJson("{\"workflow_runs\":[" + World.run(9000000042L, 42, "main", SHA, "completed", "success")
                        + "," + World.run(9000000041L, 41, "main", OLD_SHA, "completed", "failure") + "]}")));

        var r = cli("dev", "", "builds", "ci.yml", "main");

        assertThat(r.code()).as(r.all()).isZero();
        // GitHub's run number, as its pages show it, and the id that rebuild takes
        assertThat(r.out()).contains("(rebuild takes the id)")
                .contains("#42  id 9000000042  success  main  0123456").contains("#41  id 9000000041  failure  main  fedcba9");
    }

    // ---- deploy ------------------------------------------------------------------------------

    private void stubCreate() {
        world.stubCodeDeploy("CreateDeployment", "{\"deploymentId\":\"d-NEW000001\"}");
    }

    @Test
    void deployShipsACommitWhoseCiPassedAndNamesTheUserInTheDescription() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Deployment d-NEW000001 started").contains("watch d-NEW000001");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.CreateDeployment"))
                .withRequestBody(matchingJsonPath("$.deploymentGroupName", equalTo("mandelbrot-staging")))
                .withRequestBody(matchingJsonPath("$.revision.s3Location.key", equalTo(World.PREFIX + SHA + ".zip")))
                .withRequestBody(matchingJsonPath("$.revision.s3Location.bundleType", equalTo("zip")))
                .withRequestBody(matchingJsonPath("$.description", WireMock.containing("by terminal user ops"))));
        world.wm.verify(WireMock.getRequestedFor(urlPathEqualTo("/repos/" + World.REPO + "/actions/workflows/ci.yml/runs"))
                .withHeader("Authorization", equalTo("Bearer " + World.GITHUB_TOKEN)));
        assertThat(world.audit()).contains("\"outcome\":\"succeeded\"").contains("\"user\":\"local:ops\"");
    }

    @Test
    void aDeployToAGroupThatNeverSucceededRunsWithoutAlarmPolling() {
        // Until something is deployed nothing answers the health check: the unhealthy-hosts
        // alarm is in ALARM, and CodeDeploy would stop the first deployment at once.
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.stubCodeDeploy("GetDeploymentGroup", World.deploymentGroup(false));
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("first deployment").contains("alarm polling off");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.CreateDeployment"))
                .withRequestBody(matchingJsonPath("$.overrideAlarmConfiguration.enabled", equalTo("false"))));
    }

    @Test
    void aDeployToAGroupThatSucceededBeforeKeepsItsAlarms() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).doesNotContain("alarm polling");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.GetDeploymentGroup"))
                .withRequestBody(matchingJsonPath("$.deploymentGroupName", equalTo("mandelbrot-staging"))));
        world.wm.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.CreateDeployment")));
        world.wm.verify(0, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(WireMock.containing("overrideAlarmConfiguration")));
    }

    @Test
    void deployIsRefusedWhileTheGroupRunsADeploymentAndNamesIt() {
        // An automatic rollback or an Auto Scaling launch: CodeDeploy would refuse a second one
        // (DeploymentLimitExceededException).
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[\"d-ROLL00001\"]}")));
        world.stubCodeDeploy("BatchGetDeployments", "{\"deploymentsInfo\":["
                + World.deployment("d-ROLL00001", "InProgress", World.PREFIX + OLD_SHA + ".zip", 5L, "") + "]}");
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("d-ROLL00001 (InProgress").contains("still running in staging")
                .contains("watch d-ROLL00001");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
    }

    @Test
    void aDeployThatLosesARaceWithAnotherSaysTheGroupIsBusyAndNamesTheWinner() {
        // Nothing runs when deploy looks; bob's deploy starts before ours reaches CreateDeployment.
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1).withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .inScenario("race").whenScenarioStateIs("Started")
                .willReturn(okJson("{\"deployments\":[]}")).willSetStateTo("lost"));
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1).withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .inScenario("race").whenScenarioStateIs("lost")
                .willReturn(okJson("{\"deployments\":[\"d-BOB000001\"]}")));
        world.stubCodeDeploy("BatchGetDeployments", "{\"deploymentsInfo\":[" + World.deployment("d-BOB000001", "InProgress",
                World.PREFIX + OLD_SHA + ".zip", 5L, "Mandelbot deploy of fedcba9 by Slack user bob (UDEPLOYER)") + "]}");
        world.stubCodeDeployError("CreateDeployment", 400, "DeploymentLimitExceededException");

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Refused: staging is busy: deployment d-BOB000001 (InProgress, started by bob)")
                .contains("Follow it with: watch d-BOB000001, then try again").doesNotContain("AWS error");
    }

    @Test
    void deployIsRefusedWhenCiFailedForThatCommit() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/failure", "completed/success");
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Refused: CI (ci.yml) for 0123456 is failure");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
    }

    @Test
    void deployIsRefusedWhileCiIsRunningOrAbsent() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "in_progress");
        assertThat(cli("ops", "", "deploy", SHA, "to", "staging").err()).contains("is in_progress, not success");
        world.stubCi(SHA);
        assertThat(cli("ops", "", "deploy", SHA, "to", "staging").err()).contains("no ci.yml run for commit 0123456");
    }

    @Test
    void anAdminMayForceADeployWithoutGreenCi() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/failure");
        stubCreate();

        var r = cli("ops", "", "deploy", SHA, "to", "staging", "--force");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("forced without the CI check");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.description", WireMock.containing("forced"))));
    }

    @Test
    void aDeployerMayNotForce() {
        var r = cli("dev", "", "--yes", "deploy", SHA, "--force");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Denied: deploy --force skips the CI check: admins only");
        assertThat(world.audit()).contains("\"outcome\":\"denied\"");
    }

    @Test
    void deployLatestPicksTheNewestBundleAndAShortShaIsResolved() throws InterruptedException {
        World.putBundle(World.PREFIX + OLD_SHA + ".zip");
        Thread.sleep(1100);
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.stubCi(OLD_SHA, "completed/success");
        stubCreate();

        assertThat(cli("ops", "", "deploy", "latest", "to", "staging").out()).contains("0123456");
        assertThat(cli("ops", "", "deploy", "fedcba9", "to", "staging").out()).contains("fedcba9");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.revision.s3Location.key", equalTo(World.PREFIX + OLD_SHA + ".zip"))));
    }

    @Test
    void deployOfAMissingBundleSaysNotFound() {
        var r = cli("ops", "", "deploy", SHA, "to", "staging");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No bundle for commit 0123456");
    }

    @Test
    void productionAsksForConfirmationOnTheTerminal() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        stubCreate();

        var no = cli("ops", "n\n", "deploy", SHA);
        assertThat(no.out()).contains("Confirm in production: deploy " + SHA + "? (expires in 60s) [y/N]");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err()).contains("Cancelled");
        var silent = cli("ops", "", "deploy", SHA);
        assertThat(silent.code()).isEqualTo(1);
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));

        var yes = cli("ops", "y\n", "deploy", SHA);
        assertThat(yes.code()).as(yes.all()).isZero();
        var flag = cli("ops", "", "--yes", "deploy", SHA);
        assertThat(flag.code()).as(flag.all()).isZero();
        assertThat(flag.out()).doesNotContain("[y/N]");
        world.wm.verify(2, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
        assertThat(world.audit()).contains("\"outcome\":\"cancelled\"").contains("\"outcome\":\"confirmed\"");
    }

    // ---- deployments, watch, rollback ------------------------------------------------------

    @Test
    void deploymentsListsRecentOnesWithWhoStartedThem() {
        world.stubDeployments(List.of("d-AAAAAAAA1", "d-AAAAAAAA2", "d-AAAAAAAA3"), List.of(
                World.deployment("d-AAAAAAAA1", "Succeeded", World.PREFIX + OLD_SHA + ".zip", 1_764_300_000L,
                        "Mandelbot deploy of fedcba9 by Slack user alice (UADMIN)"),
                World.deployment("d-AAAAAAAA2", "Failed", World.PREFIX + SHA + ".zip", 1_764_380_000L, "pipeline"),
                World.deployment("d-AAAAAAAA3", "Stopped", World.PREFIX + SHA + ".zip", 1_764_200_000L,
                        "Mandelbot deploy of 0123456 by terminal user ops, forced without the CI check")));

        var r = cli("dev", "", "deployments");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("d-AAAAAAAA2  Failed").contains("by user  0123456")
                .contains("d-AAAAAAAA1  Succeeded").contains("by alice  fedcba9")
                .contains("d-AAAAAAAA3  Stopped").contains("by ops  0123456");
        assertThat(r.out().indexOf("d-AAAAAAAA2")).isLessThan(r.out().indexOf("d-AAAAAAAA1"));
    }

    @Test
    void watchPostsProgressUntilTheDeploymentEnds() {
        String key = World.PREFIX + SHA + ".zip";
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("w").whenScenarioStateIs("Started")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-WATCH0001", "InProgress", key, 1L, "") + "}"))
                .willSetStateTo("second"));
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("w").whenScenarioStateIs("second")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-WATCH0001", "InProgress", key, 1L, "") + "}"))
                .willSetStateTo("done"));
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("w").whenScenarioStateIs("done")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-WATCH0001", "Succeeded", key, 1L, "") + "}")));

        var r = cli("dev", "", "watch", "d-WATCH0001");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).containsOnlyOnce("d-WATCH0001 InProgress: 1 succeeded, 1 in progress")
                .contains("d-WATCH0001 Succeeded: 2 succeeded").contains("(watched 20s)");
    }

    @Test
    void watchKeepsPollingThroughThrottling() {
        String key = World.PREFIX + SHA + ".zip";
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("t").whenScenarioStateIs("Started")
                .willReturn(WireMock.aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("ok"));
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("t").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-WATCH0003", "Failed", key, 1L, "") + "}")));

        var r = cli("dev", "", "watch", "d-WATCH0003");

        assertThat(r.out()).contains("CodeDeploy GetDeployment d-WATCH0003: AWS is throttling requests; polling again in 10s")
                .doesNotContain("try again");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("d-WATCH0003 Failed");
    }

    /** {@code info} (a DeploymentInfo) as CodeDeploy shows it once {@code rollbackId} has rolled it back. */
    private static String rolledBackBy(String info, String rollbackId) {
        return info.replace("\"deploymentOverview\"",
                "\"rollbackInfo\":{\"rollbackDeploymentId\":\"" + rollbackId + "\"},\"deploymentOverview\"");
    }

    @Test
    void watchNamesTheDeploymentThatRolledItBack() {
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":" + rolledBackBy(
                World.deployment("d-FAIL00001", "Failed", World.PREFIX + SHA + ".zip", 1L, ""), "d-RB0000001") + "}");

        var r = cli("dev", "", "watch", "d-FAIL00001");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("d-FAIL00001 Failed").contains("rolled back by d-RB0000001: watch d-RB0000001");
    }

    @Test
    void deploymentsNameTheDeploymentThatRolledOneBack() {
        world.stubDeployments(List.of("d-FAIL00001", "d-RB0000001"), List.of(
                rolledBackBy(World.deployment("d-FAIL00001", "Failed", World.PREFIX + SHA + ".zip", 200L, ""), "d-RB0000001"),
                World.deployment("d-RB0000001", "Succeeded", World.PREFIX + OLD_SHA + ".zip", 300L, "")));

        var r = cli("dev", "", "deployments");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).containsOnlyOnce("rolled back by d-RB0000001");
        assertThat(r.out().lines().filter(l -> l.startsWith("d-FAIL00001")).findFirst().orElseThrow())
                .endsWith("rolled back by d-RB0000001: watch d-RB0000001");
    }

    @Test
    void watchGivesUpAfterItsTimeout() {
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":"
                + World.deployment("d-WATCH0002", "InProgress", World.PREFIX + SHA + ".zip", 1L, "") + "}");
        var r = cli("dev", "", "watch", "d-WATCH0002");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Stopped watching d-WATCH0002 after 1m00s; it is still InProgress.");
    }

    @Test
    void rollbackStopsARunningDeploymentWithAutomaticRollback() {
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[\"d-RUN000001\"]}")));
        world.stubCodeDeploy("BatchGetDeployments", "{\"deploymentsInfo\":["
                + World.deployment("d-RUN000001", "InProgress", World.PREFIX + SHA + ".zip", 5L, "") + "]}");
        world.stubCodeDeploy("StopDeployment", "{\"status\":\"Pending\",\"statusMessage\":\"Stopping\"}");

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Stopped d-RUN000001 with automatic rollback (Pending: Stopping)");
        world.wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.StopDeployment"))
                .withRequestBody(matchingJsonPath("$.autoRollbackEnabled", equalTo("true"))));
    }

    @Test
    void rollbackNamesTheDeploymentThatDoesTheRollback() {
        stubRunning("d-RUN000001", "user", "");
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":" + rolledBackBy(
                World.deployment("d-RUN000001", "Stopped", World.PREFIX + OLD_SHA + ".zip", 5L, ""), "d-RB0000001") + "}");

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Stopped d-RUN000001 with automatic rollback")
                .contains("CodeDeploy's rollback is d-RB0000001. Follow it with: watch d-RB0000001");
    }

    @Test
    void rollbackWhoseRollbackDeploymentDoesNotExistYetSaysWhereItWillShow() {
        stubRunning("d-RUN000001", "user", "");
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":"
                + World.deployment("d-RUN000001", "InProgress", World.PREFIX + OLD_SHA + ".zip", 5L, "") + "}");

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("once d-RUN000001 has stopped; watch d-RUN000001 names it");
    }

    /** A running deployment: {@code creator} as CodeDeploy reports it (user, codeDeployRollback, ...). */
    private void stubRunning(String id, String creator, String description) {
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[\"" + id + "\"]}")));
        world.stubCodeDeploy("BatchGetDeployments", "{\"deploymentsInfo\":[" + World.deployment(id, "InProgress",
                World.PREFIX + OLD_SHA + ".zip", 5L, description).replace("\"creator\":\"user\"", "\"creator\":\"" + creator + "\"")
                + "]}");
        world.stubCodeDeploy("StopDeployment", "{\"status\":\"Pending\",\"statusMessage\":\"Stopping\"}");
    }

    @Test
    void rollbackDoesNotStopCodeDeploysAutomaticRollback() {
        // Stopping it would make CodeDeploy roll back to the last successful revision: maybe the bad one.
        stubRunning("d-AUTO00001", "codeDeployRollback", "");

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("d-AUTO00001 (InProgress) is already a rollback: CodeDeploy's automatic rollback")
                .contains("let it finish").contains("watch d-AUTO00001");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("StopDeployment")));
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
    }

    @Test
    void rollbackDoesNotStopAnotherRollback() {
        // Two on-calls type rollback within a minute: the second one must not stop the first one's redeploy.
        stubRunning("d-RBK000001", "user", "Mandelbot rollback to fedcba9 by Slack user alice (UADMIN)");

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("d-RBK000001 (InProgress) is already a rollback: Mandelbot rollback to fedcba9 by Slack user alice")
                .contains("watch d-RBK000001");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("StopDeployment")));
    }

    @Test
    void deployWhileARollbackRunsDoesNotAdviseStoppingIt() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        stubRunning("d-AUTO00001", "codeDeployRollback", "");

        var r = cli("ops", "", "deploy", SHA, "to", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("still running in staging").contains("watch d-AUTO00001")
                .contains("it is a rollback (CodeDeploy's automatic rollback), so let it finish")
                .doesNotContain("stop it with: rollback");
    }

    @Test
    void rollbackRedeploysTheLastSuccessfulRevisionThatDiffersFromTheCurrentOne() {
        String current = World.PREFIX + SHA + ".zip";
        String previous = World.PREFIX + OLD_SHA + ".zip";
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[]}")));
        world.stubDeployments(List.of("d-OLD000001", "d-CUR000001", "d-CUR000002"), List.of(
                World.deployment("d-OLD000001", "Succeeded", previous, 100L, ""),
                World.deployment("d-CUR000001", "Succeeded", current, 200L, ""),
                World.deployment("d-CUR000002", "Failed", current, 300L, "")));
        stubCreate();

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Rolling back staging to fedcba9 (last succeeded in d-OLD000001)");
        // A known-good revision, redeployed without alarm polling so that the alarm the bad
        // deployment raised does not stop the way back (AWS's advice for CreateDeployment).
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.revision.s3Location.key", equalTo(previous)))
                .withRequestBody(matchingJsonPath("$.description", WireMock.containing("rollback")))
                .withRequestBody(matchingJsonPath("$.overrideAlarmConfiguration.enabled", equalTo("false"))));
    }

    @Test
    void rollbackAfterCodeDeployRolledBackDoesNotGoBackAnotherRevision() {
        // A bad deploy failed and CodeDeploy restored the good revision by itself: the fleet is
        // on the good one, and a second rollback would take that away too.
        String good = "1111111111111111111111111111111111111111";
        String older = "2222222222222222222222222222222222222222";
        String bad = "3333333333333333333333333333333333333333";
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[]}")));
        world.stubDeployments(List.of("d-AUTO00001", "d-BAD000001", "d-GOOD00001", "d-OLD000001"), List.of(
                World.deployment("d-AUTO00001", "Succeeded", World.PREFIX + good + ".zip", 400L, "")
                        .replace("\"creator\":\"user\"", "\"creator\":\"codeDeployRollback\""),
                World.deployment("d-BAD000001", "Failed", World.PREFIX + bad + ".zip", 300L, "Mandelbot deploy of 3333333 by terminal user ops"),
                World.deployment("d-GOOD00001", "Succeeded", World.PREFIX + good + ".zip", 200L, "Mandelbot deploy of 1111111 by terminal user ops"),
                World.deployment("d-OLD000001", "Succeeded", World.PREFIX + older + ".zip", 100L, "Mandelbot deploy of 2222222 by terminal user ops")));
        stubCreate();

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Nothing to roll back: staging is already back on 1111111, restored by d-AUTO00001"
                + " (CodeDeploy's automatic rollback").contains("deploy 2222222 to staging");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
    }

    @Test
    void aSecondRollbackDoesNotSuggestTheRevisionTheFirstOneRemoved() {
        // fedcba9 deployed, 0123456 deployed (bad), rolled back to fedcba9 by Mandelbot: nothing
        // ran before fedcba9, and 0123456 is the bad one.
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[]}")));
        world.stubDeployments(List.of("d-RBK000001", "d-BAD000001", "d-GOOD00001"), List.of(
                World.deployment("d-RBK000001", "Succeeded", World.PREFIX + OLD_SHA + ".zip", 300L,
                        "Mandelbot rollback to fedcba9 by Slack user alice (UADMIN)"),
                World.deployment("d-BAD000001", "Succeeded", World.PREFIX + SHA + ".zip", 200L, ""),
                World.deployment("d-GOOD00001", "Succeeded", World.PREFIX + OLD_SHA + ".zip", 100L, "")));
        stubCreate();

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Nothing to roll back: staging is already back on fedcba9, restored by d-RBK000001"
                + " (Mandelbot rollback to fedcba9 by Slack user alice (UADMIN)").doesNotContain("deploy 0123456");
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", WireMock.containing("CreateDeployment")));
    }

    @Test
    void rollbackAfterARollbackThatFailedStillGetsAwayFromTheBadRevision() {
        // The revision of a rollback that failed is the good one it was restoring, not the one to leave.
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[]}")));
        world.stubDeployments(List.of("d-AUTO00001", "d-BAD000001", "d-GOOD00001"), List.of(
                World.deployment("d-AUTO00001", "Failed", World.PREFIX + OLD_SHA + ".zip", 300L, "")
                        .replace("\"creator\":\"user\"", "\"creator\":\"codeDeployRollback\""),
                World.deployment("d-BAD000001", "Failed", World.PREFIX + SHA + ".zip", 200L, ""),
                World.deployment("d-GOOD00001", "Succeeded", World.PREFIX + OLD_SHA + ".zip", 100L, "")));
        stubCreate();

        var r = cli("ops", "", "rollback", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Rolling back staging to fedcba9 (last succeeded in d-GOOD00001)");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.revision.s3Location.key", equalTo(World.PREFIX + OLD_SHA + ".zip"))));
    }

    @Test
    void rollbackWithNothingEarlierIsRefused() {
        world.stubDeployments(List.of("d-CUR000001"), List.of(
                World.deployment("d-CUR000001", "Succeeded", World.PREFIX + SHA + ".zip", 200L, "")));
        world.wm.stubFor(World.codeDeploy("ListDeployments").atPriority(1)
                .withRequestBody(WireMock.containing("includeOnlyStatuses"))
                .willReturn(okJson("{\"deployments\":[]}")));
        var r = cli("ops", "", "rollback", "in", "staging");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("No earlier successful revision");
    }

    // ---- scale, rebuild --------------------------------------------------------------------

    @Test
    void scaleChangesDesiredWithinTheGroupsBounds() {
        world.stubGroup(1, 2, 4, 2);
        world.stubQuery("UpdateAutoScalingGroup", "<UpdateAutoScalingGroupResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></UpdateAutoScalingGroupResponse>");

        var r = cli("ops", "", "scale", "3", "in", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("from 1/2/4 to 1/3/4 (min/desired/max)");
        world.wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(WireMock.containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(WireMock.containing("DesiredCapacity=3"))
                .withRequestBody(WireMock.containing("MinSize=1")).withRequestBody(WireMock.containing("MaxSize=4")));
    }

    @Test
    void scaleRejectsSizesOutsideTheBoundsOrTheCap() {
        world.stubGroup(1, 2, 4, 2);
        assertThat(cli("ops", "", "scale", "7", "in", "staging").err()).contains("Desired 7 is outside the group's min..max 1..4");
        assertThat(cli("ops", "", "--yes", "scale", "1", "3", "8").err()).contains("Max 8 is above the configured cap of 6");
        assertThat(cli("ops", "", "scale", "3", "2", "1").err()).contains("min <= desired <= max");
        assertThat(cli("ops", "", "scale", "-1").code()).isEqualTo(2);
        world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(WireMock.containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void scaleOfDesiredAloneChecksTheCapAgainstDesiredNotTheGroupsOwnMax() {
        world.stubGroup(1, 2, 8, 2); // the group's max, set outside the bot, is above production's cap of 6
        world.stubQuery("UpdateAutoScalingGroup", "<UpdateAutoScalingGroupResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></UpdateAutoScalingGroupResponse>");

        var r = cli("ops", "", "--yes", "scale", "3");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("from 1/2/8 to 1/3/8 (min/desired/max)");
        assertThat(cli("ops", "", "--yes", "scale", "7").err()).contains("Desired 7 is above the configured cap of 6");
        world.wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(WireMock.containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void rebuildReRunsAWorkflowRunByTheIdBuildsLists() {
        world.wm.stubFor(WireMock.post(urlEqualTo("/repos/" + World.REPO + "/actions/runs/9000000042/rerun"))
                .willReturn(WireMock.aResponse().withStatus(201)));
        var r = cli("ops", "", "rebuild", "9000000042", "in", "staging");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Re-running run id 9000000042");
        world.wm.verify(postRequestedFor(urlEqualTo("/repos/" + World.REPO + "/actions/runs/9000000042/rerun")));

        var number = cli("ops", "", "rebuild", "#42", "in", "staging");
        assertThat(number.code()).isEqualTo(1);
        assertThat(number.err()).contains("rebuild takes the run's id as builds lists it");
        world.wm.verify(1, postRequestedFor(WireMock.urlPathMatching("/repos/.*/rerun")));
    }

    @Test
    void aRunIdTooLargeForALongIsAnInvalidCommandNotACrash() {
        var r = cli("ops", "", "rebuild", "9999999999999999999", "in", "staging");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("run id too large: '9999999999999999999'").doesNotContain("Exception");
        assertThat(world.audit()).contains("\"command\":\"rebuild 9999999999999999999 in staging\"")
                .contains("\"outcome\":\"invalid\"");
        world.wm.verify(0, postRequestedFor(WireMock.urlPathMatching("/repos/.*/rerun")));
    }

    // ---- locks -----------------------------------------------------------------------------

    @Test
    void aLockedEnvironmentRefusesDeploysAndSaysWhoHoldsTheLock() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        stubCreate();

        assertThat(cli("ops", "", "lock", "staging", "load", "test", "in", "progress").out())
                .contains("staging is locked by ops: load test in progress");
        var refused = cli("ops", "", "deploy", SHA, "to", "staging");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("staging is locked by ops since 2026-11-29 02:00:00Z (load test in progress)");
        assertThat(cli("ops", "", "lock", "staging").err()).contains("already locked by you");

        assertThat(cli("ops", "", "unlock", "staging").out()).contains("staging is unlocked");
        assertThat(cli("ops", "", "deploy", SHA, "to", "staging").code()).isZero();
        assertThat(cli("ops", "", "unlock", "staging").err()).contains("staging is not locked");
    }

    @Test
    void aTokenTypedIntoALockReasonIsNotStoredInTheLockFile() throws Exception {
        var r = cli("ops", "", "lock", "staging", "rotating", World.GITHUB_TOKEN);

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("staging is locked by ops: rotating [redacted]");
        String locks = Files.readString(world.dir.resolve("locks.json"));
        assertThat(locks).contains("rotating [redacted]").doesNotContain(World.GITHUB_TOKEN);
        assertThat(cli("ops", "", "deploy", SHA, "to", "staging").err()).contains("(rotating [redacted])");
    }

    @Test
    void onlyTheHolderOrAnAdminMayUnlock() {
        assertThat(cli("dev", "", "--yes", "lock", "production", "freeze").code()).isZero();
        assertThat(cli("ops", "", "--yes", "unlock", "production").code()).isZero();
        assertThat(cli("ops", "", "--yes", "lock", "production", "incident").code()).isZero();
        var r = cli("dev", "", "--yes", "unlock", "production");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("production is locked by ops; only they or an admin can unlock it.");
    }

    // ---- policy ----------------------------------------------------------------------------

    @Test
    void strangersMayReadButNotChangeAnything() {
        world.stubGroup(1, 1, 4, 1);
        world.stubTargets();
        world.stubDeployments(List.of(), List.of());
        assertThat(cli("mallory", "", "status").code()).isZero();
        for (String[] cmd : List.of(new String[] {"deploy", "latest"}, new String[] {"rollback"},
                new String[] {"scale", "2"}, new String[] {"rebuild", "1"}, new String[] {"lock", "production"},
                new String[] {"unlock", "production"})) {
            var r = cli("mallory", "", cmd);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("Denied:").contains("only its configured deployers and admins may run it");
        }
    }

    @Test
    void theTerminalUserIsTheOperatingSystemAccountNotUSER() {
        // USER=ops would be an admin (World's configuration); the account running the tests is not.
        String account = Cli.osUser();
        assertThat(account).isNotEqualTo("ops");
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var env = java.util.Map.of("USER", "ops", "LOGNAME", "ops", "MANDELBOT_CONFIG", world.configFile().toString());
        var cli = new Cli(env, java.io.InputStream.nullInputStream(), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), world::services, world.clock, world.clock);
        int code = cli.run("--yes", "lock", "production", "spoofed");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Denied:");
        assertThat(world.config.lockFile()).doesNotExist();
        assertThat(world.audit()).contains("\"user\":\"local:" + account + "\"").doesNotContain("local:ops");
    }

    @Test
    void unicodeSpacesSeparateWordsLikeASpace() {
        var r = cli("ops", "", "lock\u00a0staging\u2007release\u202f\u00a0freeze\u3000");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("staging is locked by ops: release freeze");
    }

    @Test
    void badInputGivesAShortMessageAndExitCodeTwoForOptions() {
        var unknown = cli("dev", "", "frobnicate");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'; try help");
        assertThat(cli("dev", "", "--bogus").code()).isEqualTo(2);
        assertThat(cli("dev", "", "status", "in", "moon").err()).contains("unknown environment 'moon'");
        assertThat(cli("dev", "", "--config", world.dir.resolve("missing.yml").toString(), "status").err())
                .contains("configuration file not found");
    }

    @Test
    void anUnknownOptionIsEchoedWithTokensRedacted() {
        var r = cli("dev", "", "--" + World.GITHUB_TOKEN);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option --[redacted]"); // and tokensNeverLeak checks the rest
    }

    // ---- options before the command --------------------------------------------------------

    @Test
    void envMayComeBeforeTheCommand() {
        world.stubGroup(1, 2, 4, 2);
        world.stubTargets();
        world.stubDeployments(List.of(), List.of());

        var r = cli("dev", "", "--env", "staging", "status");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Status of staging:");
    }

    @Test
    void forceMayComeBeforeTheCommand() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/failure");
        stubCreate();

        var r = cli("ops", "", "--force", "deploy", SHA, "--env", "staging");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("to staging, forced without the CI check");
        world.wm.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.deploymentGroupName", equalTo("mandelbrot-staging"))));
    }
}
