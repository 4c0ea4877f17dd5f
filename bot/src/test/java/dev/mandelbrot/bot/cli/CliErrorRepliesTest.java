package dev.mandelbrot.bot.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.World;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS and GitHub failures become one short line, never a stack trace, never a token. */
class CliErrorRepliesTest {

    private final World world = new World();

    private String failing(String... args) {
        var r = world.cli("ops", "", args);
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).doesNotContain("Exception:").doesNotContain("\tat ").doesNotContain(World.GITHUB_TOKEN);
        return r.err();
    }

    @Test
    void codeDeployAccessDeniedIsReportedAsSuch() {
        world.stubCodeDeployError("ListDeployments", 400, "AccessDeniedException");
        assertThat(failing("deployments")).contains("CodeDeploy ListDeployments: access denied (AccessDeniedException)");
    }

    @Test
    void expiredOrUnknownCredentialsAreNotReportedAsMissingPermissions() {
        world.stubQueryError("DescribeAutoScalingGroups", 403, "ExpiredToken");
        world.stubQueryError("DescribeTargetHealth", 403, "InvalidClientTokenId");
        world.stubCodeDeployError("ListDeployments", 400, "ExpiredTokenException");

        String status = failing("status");

        assertThat(status).contains("Auto Scaling DescribeAutoScalingGroups: the bot's AWS credentials are expired or invalid"
                        + " (ExpiredToken)")
                .contains("ELB DescribeTargetHealth: the bot's AWS credentials are expired or invalid (InvalidClientTokenId)")
                .contains("CodeDeploy ListDeployments: the bot's AWS credentials are expired or invalid (ExpiredTokenException)")
                .doesNotContain("IAM").doesNotContain("AWS error");

        world.stubCodeDeployError("ListDeployments", 400, "UnrecognizedClientException");
        assertThat(failing("deployments"))
                .contains("CodeDeploy ListDeployments: the bot's AWS credentials are expired or invalid (UnrecognizedClientException)");
    }

    @Test
    void codeDeployThrottlingSaysToTryAgain() {
        world.stubCodeDeployError("ListDeployments", 400, "ThrottlingException");
        assertThat(failing("deployments")).contains("AWS is throttling requests (ThrottlingException), try again in a minute");
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        world.stubCodeDeployError("GetDeployment", 400, "DeploymentDoesNotExistException");
        assertThat(failing("watch", "d-NOPE00001")).contains("CodeDeploy GetDeployment d-NOPE00001: not found");
    }

    @Test
    void statusShowsWhatItCanWhenOnePartIsDenied() {
        world.stubQueryError("DescribeAutoScalingGroups", 403, "AccessDenied");
        world.stubQueryError("DescribeTargetHealth", 400, "Throttling");
        world.stubDeployments(List.of(), List.of());
        world.alarms.failure = new BotError(BotError.Kind.ACCESS_DENIED, "CloudWatch DescribeAlarms: access denied");

        String err = failing("status");

        assertThat(err).contains("Auto Scaling mandelbrot-asg: unavailable, Auto Scaling DescribeAutoScalingGroups: access denied (AccessDenied)")
                .contains("Targets: unavailable, ELB DescribeTargetHealth: AWS is throttling requests (Throttling)")
                .contains("Last deployment: none")
                .contains("Alarms: unavailable, CloudWatch DescribeAlarms: access denied");
        assertThat(err).doesNotContain("Targets: \n").doesNotContain("Alarms: \n");
    }

    @Test
    void aTargetGroupThatIsGoneIsNotFound() {
        world.stubGroup(1, 1, 1, 1);
        world.stubQueryError("DescribeTargetHealth", 400, "TargetGroupNotFound");
        world.stubDeployments(List.of(), List.of());
        assertThat(failing("status")).contains("ELB DescribeTargetHealth: not found (TargetGroupNotFound)");
    }

    @Test
    void aSlowAwsCallTimesOut() {
        World slow = new World(1);
        slow.wm.stubFor(World.query("DescribeAutoScalingGroups").willReturn(aResponse().withFixedDelay(2500).withBody("<x/>")));
        var r = slow.cli("ops", "", "scale", "2", "in", "staging");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Auto Scaling DescribeAutoScalingGroups: timed out");
    }

    @Test
    void gitHubErrorsAreShortAndDistinct() {
        String path = "/repos/" + World.REPO + "/actions/workflows/.*";
        world.wm.stubFor(get(urlPathMatching(path)).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "0").withBody("{\"message\":\"API rate limit exceeded\"}")));
        assertThat(failing("builds")).contains("GitHub: rate limited, try again in a minute");

        world.wm.stubFor(get(urlPathMatching(path)).willReturn(aResponse().withStatus(429)));
        assertThat(failing("builds")).contains("GitHub: rate limited");

        world.wm.stubFor(get(urlPathMatching(path)).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\":\"Resource not accessible by integration\"}")));
        assertThat(failing("builds")).contains("GitHub: access denied (403) to workflow ci.yml in acme/aws-mandelbrot");

        world.wm.stubFor(get(urlPathMatching(path)).willReturn(aResponse().withStatus(404)));
        assertThat(failing("builds", "nope.yml")).contains("GitHub: workflow nope.yml in acme/aws-mandelbrot not found (404)");

        world.wm.stubFor(get(urlPathMatching(path)).willReturn(aResponse().withStatus(401)));
        assertThat(failing("builds")).contains("GitHub: the token was rejected (401); check GITHUB_TOKEN");
    }

    @Test
    void aSlowGitHubTimesOut() {
        World slow = new World(1);
        slow.wm.stubFor(get(urlPathMatching("/repos/.*")).willReturn(aResponse().withFixedDelay(2500).withBody("{}")));
        var r = slow.cli("ops", "", "builds");
        assertThat(r.err()).contains("GitHub: timed out");
    }

    @Test
    void aTokenTypedIntoACommandIsRedactedFromTheReplyAndTheAuditLog() {
        world.wm.stubFor(get(urlPathMatching("/repos/.*")).willReturn(aResponse().withStatus(200)
                .withBody("{\"workflow_runs\":[]}")));
        var r = world.cli("ops", "", "builds", "ci.yml", World.GITHUB_TOKEN);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No runs of ci.yml on [redacted]").doesNotContain(World.GITHUB_TOKEN);
        assertThat(world.audit()).contains("[redacted]").doesNotContain(World.GITHUB_TOKEN);
    }
}
