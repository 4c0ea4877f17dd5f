package dev.mandelbrot.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.adobe.testing.s3mock.S3MockApplication;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.mandelbrot.bot.aws.AwsClients;
import dev.mandelbrot.bot.cli.Cli;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.ConfigLoader;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.github.GitHubClient;
import dev.mandelbrot.bot.ops.Services;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything the bot talks to, on loopback: one WireMock for CodeDeploy, Auto Scaling, ELBv2,
 * GitHub and the Slack Web API; one in-process S3Mock for the revisions bucket; a fake
 * CloudWatch; a configuration in a temporary folder. The servers start once per test JVM
 * (S3Mock takes seconds); each test gets a fresh {@code World} with its own files and the
 * WireMock stubs reset.
 */
public final class World {

    public static final String BUCKET = "mandelbrot-revisions";
    public static final String PREFIX = "revisions/";
    public static final String REPO = "acme/aws-mandelbrot";
    public static final String ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mandelbrot/0123456789abcdef";
    public static final String GITHUB_TOKEN = "ghp_secretTokenValue1234567890";
    public static final String SLACK_BOT_TOKEN = "xoxb-0000-secret-bot-token";
    public static final String SIGNING_SECRET = "signing-secret-0123456789abcdef";

    private static WireMockServer wireMock;
    private static S3MockApplication s3Mock;

    public final WireMockServer wm;
    public final Path dir;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T02:00:00Z"));
    public final FakeAlarms alarms = new FakeAlarms();
    public final BotConfig config;
    public final Secrets secrets = Secrets.from(Map.of("GITHUB_TOKEN", GITHUB_TOKEN,
            "SLACK_BOT_TOKEN", SLACK_BOT_TOKEN, "SLACK_SIGNING_SECRET", SIGNING_SECRET));
    private final Path configFile;

    public World() {
        this(15);
    }

    /** {@code awsTimeoutSeconds} bounds every AWS and GitHub call (timeout tests use 1). */
    public World(int awsTimeoutSeconds) {
        wm = wireMock();
        wm.resetAll();
        try {
            dir = Files.createTempDirectory("mandelbot-test");
            configFile = dir.resolve("mandelbot.yml");
            Files.writeString(configFile, yaml(awsTimeoutSeconds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config = ConfigLoader.load(configFile);
        stubSettledGroup();
    }

    /**
     * The default state of every deployment group, below any stub a test sets itself: it has
     * had a successful deployment and runs none now (deploy asks both before it creates one).
     */
    private void stubSettledGroup() {
        wm.stubFor(codeDeploy("ListDeployments").atPriority(10)
                .withRequestBody(containing("includeOnlyStatuses"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"deployments\":[]}")));
        wm.stubFor(codeDeploy("GetDeploymentGroup").atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(deploymentGroup(true))));
    }

    /** A GetDeploymentGroup answer; {@code succeededBefore} decides whether it names a last successful deployment. */
    public static String deploymentGroup(boolean succeededBefore) {
        return "{\"deploymentGroupInfo\":{\"applicationName\":\"mandelbrot\",\"deploymentGroupName\":\"mandelbrot-staging\""
                + (succeededBefore ? ",\"lastSuccessfulDeployment\":{\"deploymentId\":\"d-GOOD00001\",\"status\":\"Succeeded\"}" : "")
                + "}}";
    }

    private String yaml(int timeout) {
        return """
                region: eu-west-1
                default-environment: production
                audit-log: audit.jsonl
                lock-file: locks.json
                confirmation-seconds: 60
                github-api-url: %s
                s3-path-style: true
                aws-max-attempts: 1
                aws-timeout-seconds: %d
                watch-interval-seconds: 10
                watch-timeout-seconds: 60
                environments:
                  production:
                    application: mandelbrot
                    deployment-group: mandelbrot-production
                    auto-scaling-group: mandelbrot-asg
                    target-group-arn: %s
                    revisions-bucket: %s
                    revisions-prefix: %s
                    alarm-prefix: mandelbrot-
                    github-repository: %s
                    ci-workflow: ci.yml
                    max-capacity: 6
                    confirm: true
                    allowed-channels: [CPROD]
                    users:
                      UADMIN: admin
                      UDEPLOYER: deployer
                      local:ops: admin
                      local:dev: deployer
                  staging:
                    application: mandelbrot
                    deployment-group: mandelbrot-staging
                    auto-scaling-group: mandelbrot-staging-asg
                    target-group-arn: %s
                    revisions-bucket: %s
                    revisions-prefix: %s
                    github-repository: %s
                    confirm: false
                    allowed-channels: [CSTAGE, CPROD]
                    users:
                      UADMIN: admin
                      UDEPLOYER: deployer
                      local:ops: admin
                """.formatted(wm.baseUrl(), timeout, ARN, BUCKET, PREFIX, REPO, ARN, BUCKET, PREFIX, REPO);
    }

    public Path configFile() {
        return configFile;
    }

    public Path auditFile() {
        return config.auditLog();
    }

    public String audit() {
        try {
            return Files.exists(auditFile()) ? Files.readString(auditFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Services against the stand-ins; {@code config} is the one the front loaded (same as {@link #config}). */
    public Services services(BotConfig c, Secrets s) {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        var aws = new AwsClients(c.region(), creds, Optional.of(URI.create(wm.baseUrl())), c.awsTimeout(), c.awsMaxAttempts(), false);
        var s3 = new AwsClients(c.region(), creds, Optional.of(URI.create(s3Url())), c.awsTimeout(), c.awsMaxAttempts(), true);
        return new Services(aws.codeDeploy(), aws.scaling(), aws.targets(), alarms, s3.revisions(),
                new GitHubClient(c.githubApiUrl(), s.githubToken(), c.awsTimeout()));
    }

    public Mandelbot bot() {
        return new Mandelbot(config, services(config, secrets), secrets, clock, clock);
    }

    // ---- CLI -------------------------------------------------------------------------------

    /** What one CLI run printed, and its exit code. */
    public record CliRun(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** Runs the CLI in-process as local user {@code user}, with {@code stdin} as input. */
    public CliRun cli(String user, String stdin, String... args) {
        return cli(this::services, user, stdin, args);
    }

    /** Runs the CLI as {@link #cli(String, String, String...)} does, with the clients {@code services} builds. */
    public CliRun cli(BiFunction<BotConfig, Secrets, Services> services, String user, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_TOKEN", GITHUB_TOKEN);
        env.put("SLACK_BOT_TOKEN", SLACK_BOT_TOKEN);
        env.put("MANDELBOT_CONFIG", configFile.toString());
        var cli = new Cli(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                services, clock, clock, user);
        int code = cli.run(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // ---- AWS stubs ---------------------------------------------------------------------------

    /** A CodeDeploy (JSON 1.1) operation. */
    public static MappingBuilder codeDeploy(String operation) {
        return post("/").withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006." + operation));
    }

    /** An XML query-protocol (Auto Scaling, ELBv2) action. */
    public static MappingBuilder query(String action) {
        return post("/").withRequestBody(containing("Action=" + action));
    }

    public void stubCodeDeploy(String operation, String json) {
        wm.stubFor(codeDeploy(operation).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(json)));
    }

    public void stubCodeDeployError(String operation, int status, String type) {
        wm.stubFor(codeDeploy(operation).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"stub says no\"}")));
    }

    public void stubQuery(String action, String xml) {
        wm.stubFor(query(action).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(xml)));
    }

    public void stubQueryError(String action, int status, String code) {
        wm.stubFor(query(action).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>stub says no</Message>"
                        + "</Error><RequestId>r-1</RequestId></ErrorResponse>")));
    }

    /** A CodeDeploy DeploymentInfo JSON object. */
    public static String deployment(String id, String status, String key, long createdEpoch, String description) {
        return """
                {"deploymentId":"%s","applicationName":"mandelbrot","deploymentGroupName":"mandelbrot-production",
                 "status":"%s","creator":"user","description":"%s","createTime":%d,
                 "revision":{"revisionType":"S3","s3Location":{"bucket":"%s","key":"%s","bundleType":"zip"}},
                 "deploymentOverview":{"Pending":0,"InProgress":%d,"Succeeded":%d,"Failed":%d,"Skipped":0,"Ready":0}}"""
                .formatted(id, status, description, createdEpoch, BUCKET, key,
                        status.equals("InProgress") ? 1 : 0, status.equals("Succeeded") ? 2 : 1,
                        status.equals("Failed") ? 1 : 0);
    }

    /** Stubs ListDeployments + BatchGetDeployments with {@code infos} (DeploymentInfo JSON objects). */
    public void stubDeployments(List<String> ids, List<String> infos) {
        stubCodeDeploy("ListDeployments", "{\"deployments\":[" + String.join(",", ids.stream().map(i -> "\"" + i + "\"").toList()) + "]}");
        stubCodeDeploy("BatchGetDeployments", "{\"deploymentsInfo\":[" + String.join(",", infos) + "]}");
    }

    public void stubGroup(int min, int desired, int max, int inService) {
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i < desired; i++) {
            instances.append("<member><InstanceId>i-0").append(i).append("</InstanceId><AvailabilityZone>eu-west-1a</AvailabilityZone>")
                    .append("<LifecycleState>").append(i < inService ? "InService" : "Pending").append("</LifecycleState>")
                    .append("<HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        }
        stubQuery("DescribeAutoScalingGroups", """
                <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <DescribeAutoScalingGroupsResult><AutoScalingGroups><member>
                    <AutoScalingGroupName>mandelbrot-asg</AutoScalingGroupName>
                    <MinSize>%d</MinSize><MaxSize>%d</MaxSize><DesiredCapacity>%d</DesiredCapacity>
                    <DefaultCooldown>300</DefaultCooldown><HealthCheckType>ELB</HealthCheckType>
                    <CreatedTime>2026-11-01T00:00:00Z</CreatedTime>
                    <Instances>%s</Instances>
                  </member></AutoScalingGroups></DescribeAutoScalingGroupsResult>
                  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                </DescribeAutoScalingGroupsResponse>""".formatted(min, max, desired, instances));
    }

    public void stubTargets() {
        stubQuery("DescribeTargetHealth", """
                <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
                  <DescribeTargetHealthResult><TargetHealthDescriptions>
                    <member><Target><Id>i-00</Id><Port>8080</Port></Target><HealthCheckPort>8080</HealthCheckPort>
                      <TargetHealth><State>healthy</State></TargetHealth></member>
                    <member><Target><Id>i-01</Id><Port>8080</Port></Target><HealthCheckPort>8080</HealthCheckPort>
                      <TargetHealth><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason>
                      <Description>Health checks failed</Description></TargetHealth></member>
                  </TargetHealthDescriptions></DescribeTargetHealthResult>
                  <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>
                </DescribeTargetHealthResponse>""");
    }

    /** Stubs the CI runs GitHub lists for {@code sha}: each entry is "status/conclusion". */
    public void stubCi(String sha, String... runs) {
        StringBuilder sb = new StringBuilder();
        long id = 9000;
        for (String r : runs) {
            String[] sc = r.split("/");
            if (!sb.isEmpty()) {
                sb.append(",");
            }
            sb.append(run(id++, "main", sha, sc[0], sc.length > 1 ? sc[1] : null));
        }
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/repos/" + REPO + "/actions/workflows/ci.yml/runs"))
                .withQueryParam("head_sha", equalTo(sha))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"total_count\":" + runs.length + ",\"workflow_runs\":[" + sb + "]}")));
    }

    public static String run(long id, String branch, String sha, String status, String conclusion) {
        return run(id, id % 1000, branch, sha, status, conclusion);
    }

    /** A workflow run as GitHub lists it: {@code id} is global, {@code number} counts the workflow's runs. */
    public static String run(long id, long number, String branch, String sha, String status, String conclusion) {
        return """
                {"id":%d,"run_number":%d,"name":"CI","head_branch":"%s","head_sha":"%s","status":"%s","conclusion":%s,
                 "created_at":"2026-11-28T10:00:00Z","html_url":"https://github.com/%s/actions/runs/%d"}"""
                .formatted(id, number, branch, sha, status, conclusion == null ? "null" : "\"" + conclusion + "\"", REPO, id);
    }

    // ---- S3 ---------------------------------------------------------------------------------

    public static synchronized String s3Url() {
        if (s3Mock == null) {
            s3Mock = S3MockApplication.start(new HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                    S3MockApplication.PROP_SILENT, true,
                    "spring.main.banner-mode", "off")));
        }
        return "http://127.0.0.1:" + s3Mock.getHttpPort();
    }

    /** Uploads a fake bundle; returns its key. */
    public static String putBundle(String key) {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(s3Url())).forcePathStyle(true)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("PK fake zip " + key));
        }
        return key;
    }

    /** Removes every object from the bucket. */
    public static void emptyBucket() {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(s3Url())).forcePathStyle(true)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            s3.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents()
                    .forEach(o -> s3.deleteObject(r -> r.bucket(BUCKET).key(o.key())));
        }
    }

    private static synchronized WireMockServer wireMock() {
        if (wireMock == null) {
            wireMock = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            wireMock.start();
        }
        return wireMock;
    }

    public static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
