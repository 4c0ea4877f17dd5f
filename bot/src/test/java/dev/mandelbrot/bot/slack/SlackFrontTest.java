package dev.mandelbrot.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.mandelbrot.bot.World;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Slack front through Bolt's {@code app.run(...)}: the same handlers Socket Mode drives,
 * fed signed HTTP-mode requests; the Web API and response URLs answered by WireMock.
 */
class SlackFrontTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();
    private World world;
    private App app;
    private SlackRequestParser parser;
    private ListAppender<ILoggingEvent> logs;
    private final List<Duration> slept = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        world = new World();
        World.emptyBucket();
        world.wm.stubFor(post("/api/auth.test").willReturn(okJson(
                "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"acme\",\"user\":\"mandelbot\","
                        + "\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"bot_id\":\"B1\"}")));
        world.wm.stubFor(post("/api/chat.postMessage").willReturn(okJson(
                "{\"ok\":true,\"channel\":\"CPROD\",\"ts\":\"1700000000.000100\"}")));
        world.wm.stubFor(post(urlPathMatching("/respond/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
        stubUser("UADMIN", "alice");
        stubUser("UDEPLOYER", "bob");
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(world.wm.baseUrl() + "/api/");
        AppConfig config = AppConfig.builder()
                .slack(Slack.getInstance(slackConfig))
                .singleTeamBotToken(World.SLACK_BOT_TOKEN)
                .signingSecret(World.SIGNING_SECRET)
                .build();
        // Runnable::run: the "later" work happens before app.run returns, so tests need no waiting.
        app = SlackFront.app(config, world.bot(), Runnable::run, slept::add);
        parser = new SlackRequestParser(config);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void noTokenLeftTheBot() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(World.GITHUB_TOKEN, World.SLACK_BOT_TOKEN, World.SIGNING_SECRET);
        }
        for (var event : world.wm.getAllServeEvents()) {
            assertThat(event.getRequest().getBodyAsString())
                    .doesNotContain(World.GITHUB_TOKEN, World.SLACK_BOT_TOKEN, World.SIGNING_SECRET);
        }
        assertThat(world.audit()).doesNotContain(World.GITHUB_TOKEN, World.SLACK_BOT_TOKEN, World.SIGNING_SECRET);
    }

    // ---- request helpers -------------------------------------------------------------------

    private Response send(String body, long timestamp, String signedBody) throws Exception {
        String ts = Long.toString(timestamp);
        var headers = new RequestHeaders(Map.of(
                "X-Slack-Request-Timestamp", List.of(ts),
                "X-Slack-Signature", List.of(sign(ts, signedBody)),
                "Content-Type", List.of(body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded")));
        var request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").requestBody(body).headers(headers).remoteAddress("127.0.0.1").build());
        return app.run(request);
    }

    private Response send(String body) throws Exception {
        return send(body, Instant.now().getEpochSecond(), body);
    }

    /** Slack's v0 signature: HMAC-SHA256 of "v0:timestamp:body" with the signing secret. */
    private static String sign(String ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(World.SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }

    private String slash(String user, String userName, String channel, String text) {
        return form("token", "legacy", "team_id", "T1", "team_domain", "acme", "channel_id", channel,
                "channel_name", "ops", "user_id", user, "user_name", userName, "command", "/mandelbot", "text", text,
                "api_app_id", "A1", "response_url", world.wm.baseUrl() + "/respond/command", "trigger_id", "t1");
    }

    private String button(String actionId, String user, String userName, String value) throws Exception {
        String payload = JSON.writeValueAsString(Map.of(
                "type", "block_actions",
                "team", Map.of("id", "T1", "domain", "acme"),
                "user", Map.of("id", user, "username", userName, "name", userName, "team_id", "T1"),
                "api_app_id", "A1", "token", "legacy", "trigger_id", "t2",
                "container", Map.of("type", "message", "message_ts", "1700000000.000050", "channel_id", "CPROD", "is_ephemeral", true),
                "channel", Map.of("id", "CPROD", "name", "ops"),
                "response_url", world.wm.baseUrl() + "/respond/button",
                "actions", List.of(Map.of("action_id", actionId, "block_id", "b1", "type", "button", "value", value,
                        "action_ts", "1700000001.000000", "text", Map.of("type", "plain_text", "text", "x")))));
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** A form body from alternating names and values. */
    private static String form(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            sb.append(sb.isEmpty() ? "" : "&").append(fields[i]).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private List<String> responses(String path) {
        return world.wm.findAll(postRequestedFor(urlEqualTo(path))).stream().map(r -> r.getBodyAsString()).toList();
    }

    private void stubStatus() {
        world.stubGroup(1, 2, 4, 2);
        world.stubTargets();
        world.stubDeployments(List.of(), List.of());
    }

    private void stubDeployable() {
        World.putBundle(World.PREFIX + SHA + ".zip");
        world.stubCi(SHA, "completed/success");
        world.stubCodeDeploy("CreateDeployment", "{\"deploymentId\":\"d-SLACK0001\"}");
    }

    private String confirmationId(Response ack) throws Exception {
        JsonNode body = JSON.readTree(ack.getBody());
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        JsonNode buttons = body.path("blocks").get(1).path("elements");
        assertThat(buttons.get(0).path("action_id").asText()).isEqualTo(SlackFront.CONFIRM);
        assertThat(buttons.get(1).path("action_id").asText()).isEqualTo(SlackFront.CANCEL);
        return buttons.get(0).path("value").asText();
    }

    private void stubUser(String id, String name) {
        world.wm.stubFor(post("/api/users.info").withRequestBody(containing("user=" + id))
                .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}}")));
    }

    private String logged() {
        return String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    private String mention(String user, String channel, String text) throws Exception {
        return """
                {"token":"legacy","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev1",
                 "event_time":1700000000,"event":{"type":"app_mention","user":"%s","text":%s,
                 "ts":"1700000000.000200","channel":"%s","event_ts":"1700000000.000200"}}"""
                .formatted(user, JSON.writeValueAsString(text), channel);
    }

    private int createDeploymentCalls() {
        return world.wm.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.CreateDeployment"))).size();
    }

    // ---- signatures ------------------------------------------------------------------------

    @Test
    void theAppBuildsWithoutASigningSecretForSocketMode() {
        AppConfig socketMode = AppConfig.builder().singleTeamBotToken(World.SLACK_BOT_TOKEN).build();
        assertThat(SlackFront.app(socketMode, world.bot(), Runnable::run)).isNotNull();
    }

    @Test
    void aSignedSlashCommandRunsAndAnswersThroughTheResponseUrl() throws Exception {
        stubStatus();
        Response ack = send(slash("UDEPLOYER", "bob", "CPROD", "status"));
        assertThat(ack.getStatusCode()).isEqualTo(200);
        assertThat(ack.getBody()).contains("Running `status`");
        assertThat(responses("/respond/command")).singleElement().asString()
                .contains("desired 2, min 1, max 4, in service 2").contains("in_channel");
    }

    @Test
    void aTamperedBodyIsRejectedBeforeAnyHandlerRuns() throws Exception {
        String signed = slash("UADMIN", "alice", "CPROD", "status");
        String tampered = slash("UADMIN", "alice", "CPROD", "scale 9");
        Response r = send(tampered, Instant.now().getEpochSecond(), signed);
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(world.audit()).isEmpty();
        assertThat(responses("/respond/command")).isEmpty();
    }

    @Test
    void anOldTimestampIsRejected() throws Exception {
        String body = slash("UADMIN", "alice", "CPROD", "status");
        Response r = send(body, Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond(), body);
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(world.audit()).isEmpty();
    }

    // ---- policy ----------------------------------------------------------------------------

    @Test
    void commandsOutsideTheAllowedChannelsAreDenied() throws Exception {
        Response ack = send(slash("UADMIN", "alice", "CRANDOM", "status"));
        assertThat(ack.getStatusCode()).isEqualTo(200);
        assertThat(ack.getBody()).contains("Denied: commands for production are not accepted in this channel")
                .contains("ephemeral");
        assertThat(world.audit()).contains("\"outcome\":\"denied\"").contains("\"channel\":\"CRANDOM\"");
    }

    @Test
    void usersWithoutARoleCannotDeploy() throws Exception {
        Response ack = send(slash("UNOBODY", "eve", "CPROD", "deploy latest"));
        assertThat(ack.getBody()).contains("Denied: deploy changes production: only its configured deployers and admins may run it");
    }

    // ---- confirmation ----------------------------------------------------------------------

    @Test
    void productionDeploysRunOnlyAfterTheConfirmButton() throws Exception {
        stubDeployable();
        Response ack = send(slash("UADMIN", "alice", "CPROD", "deploy " + SHA));
        String id = confirmationId(ack);
        assertThat(createDeploymentCalls()).isZero();

        Response click = send(button(SlackFront.CONFIRM, "UADMIN", "alice", id));

        assertThat(click.getStatusCode()).isEqualTo(200);
        assertThat(createDeploymentCalls()).isEqualTo(1);
        world.wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(
                matchingJsonPath("$.description", containing("by Slack user alice (UADMIN)"))));
        assertThat(responses("/respond/button")).anySatisfy(b -> assertThat(b).contains("Confirmed by \\u003c@UADMIN"))
                .anySatisfy(b -> assertThat(b).contains("Deployment d-SLACK0001 started"));
        assertThat(world.audit()).contains("awaiting-confirmation", "\"outcome\":\"confirmed\"", "\"outcome\":\"succeeded\"");

        send(button(SlackFront.CONFIRM, "UADMIN", "alice", id));
        assertThat(createDeploymentCalls()).as("a confirmation runs once").isEqualTo(1);
    }

    @Test
    void theCancelButtonRunsNothing() throws Exception {
        stubDeployable();
        String id = confirmationId(send(slash("UADMIN", "alice", "CPROD", "deploy " + SHA)));
        send(button(SlackFront.CANCEL, "UADMIN", "alice", id));
        assertThat(createDeploymentCalls()).isZero();
        assertThat(responses("/respond/button")).singleElement().asString().contains("Cancelled");
    }

    @Test
    void anExpiredConfirmationRunsNothing() throws Exception {
        stubDeployable();
        String id = confirmationId(send(slash("UADMIN", "alice", "CPROD", "deploy " + SHA)));
        world.clock.advance(Duration.ofSeconds(61));
        send(button(SlackFront.CONFIRM, "UADMIN", "alice", id));
        assertThat(createDeploymentCalls()).isZero();
        assertThat(responses("/respond/button")).singleElement().asString().contains("Expired");
        assertThat(world.audit()).contains("\"outcome\":\"expired\"");
    }

    @Test
    void onlyTheRequesterCanConfirm() throws Exception {
        stubDeployable();
        String id = confirmationId(send(slash("UADMIN", "alice", "CPROD", "deploy " + SHA)));
        send(button(SlackFront.CONFIRM, "UDEPLOYER", "bob", id));
        assertThat(createDeploymentCalls()).isZero();
        assertThat(responses("/respond/button")).singleElement().asString().contains("Only alice can confirm");
        send(button(SlackFront.CONFIRM, "UADMIN", "alice", id));
        assertThat(createDeploymentCalls()).isEqualTo(1);
    }

    // ---- when Slack refuses a post ----------------------------------------------------------

    @Test
    void aRateLimitedPostIsTriedAgainAfterItsRetryAfter() throws Exception {
        stubStatus();
        world.wm.stubFor(post("/api/chat.postMessage").atPriority(1).inScenario("429").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("waited"));
        send(mention("UDEPLOYER", "CPROD", "<@UBOT> status"));
        var posts = world.wm.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")));
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).getBodyAsString()).contains("desired%202%2C%20min%201");
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aPostRateLimitedEveryTimeIsGivenUpAndLoggedWithWhatItConcerned() throws Exception {
        stubDeployable();
        world.wm.stubFor(post("/api/chat.postMessage").atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        send(mention("UADMIN", "CSTAGE", "<@UBOT> deploy " + SHA + " to staging"));
        assertThat(createDeploymentCalls()).isEqualTo(1);
        assertThat(slept).hasSizeGreaterThanOrEqualTo(SlackFront.RATE_LIMIT_RETRIES)
                .allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(2)));
        assertThat(logged()).contains("chat.postMessage failed in channel CSTAGE for `deploy " + SHA
                + " to staging` by UADMIN (deployment d-SLACK0001): ratelimited");
    }

    @Test
    void aRefusedPostIsLoggedWithSlacksErrorCode() throws Exception {
        stubStatus();
        world.wm.stubFor(post("/api/chat.postMessage").atPriority(1).willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        send(mention("UDEPLOYER", "CPROD", "<@UBOT> status"));
        assertThat(slept).isEmpty();
        assertThat(logged()).contains("chat.postMessage failed in channel CPROD for `status` by UDEPLOYER: invalid_auth");
    }

    @Test
    void aSlashWatchInAChannelWithoutTheBotAnswersThroughTheResponseUrl() throws Exception {
        String key = World.PREFIX + SHA + ".zip";
        world.stubCodeDeploy("GetDeployment", "{\"deploymentInfo\":" + World.deployment("d-SLACK0002", "Succeeded", key, 1L, "") + "}");
        world.wm.stubFor(post("/api/chat.postMessage").atPriority(1).willReturn(okJson("{\"ok\":false,\"error\":\"not_in_channel\"}")));

        send(slash("UDEPLOYER", "bob", "CPROD", "watch d-SLACK0002"));

        assertThat(responses("/respond/command")).hasSize(2);
        assertThat(responses("/respond/command").getFirst()).contains("ephemeral").contains("invite me")
                .contains("/invite @Mandelbot");
        assertThat(responses("/respond/command").getLast()).contains("Succeeded").contains("in_channel");
        assertThat(logged()).contains("chat.postMessage failed in channel CPROD for `watch d-SLACK0002` by UDEPLOYER"
                + " (deployment d-SLACK0002): not_in_channel");
    }

    @Test
    void aLockFileBrokenWhileTheBotRunsRefusesDeploysSayingWhatIsWrong() throws Exception {
        stubDeployable();
        Files.writeString(world.config.lockFile(), "");
        send(slash("UADMIN", "alice", "CSTAGE", "deploy " + SHA + " to staging"));
        assertThat(createDeploymentCalls()).isZero();
        assertThat(responses("/respond/command")).singleElement().asString()
                .contains("Refused: the lock file " + world.config.lockFile() + " is not valid JSON (the file is empty); nothing was done.")
                .doesNotContain("Internal error");
    }

    // ---- names and mentions ----------------------------------------------------------------

    @Test
    void aMentionNamesTheUserAsASlashCommandDoes() throws Exception {
        stubDeployable();
        send(mention("UADMIN", "CSTAGE", "<@UBOT> deploy " + SHA + " to staging"));
        world.wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(
                matchingJsonPath("$.description", containing("by Slack user alice (UADMIN)"))));

        send(mention("UDEPLOYER", "CSTAGE", "<@UBOT> lock staging db migration &amp; reindex, ask <@UADMIN> first"));
        String locks = Files.readString(world.config.lockFile());
        assertThat(locks).contains("\"userName\" : \"bob\"").contains("db migration & reindex, ask @alice first");
        world.wm.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(containing("locked%20by%20bob")));
        world.wm.verify(1, postRequestedFor(urlEqualTo("/api/users.info")).withRequestBody(containing("user=UADMIN")));
    }

    @Test
    void aUserSlackCannotNameIsNamedByTheirId() throws Exception {
        world.wm.stubFor(post("/api/users.info").atPriority(1)
                .willReturn(okJson("{\"ok\":false,\"error\":\"missing_scope\"}")));
        send(mention("UDEPLOYER", "CSTAGE", "<@UBOT> lock staging <@UADMIN|alice> &lt;3 &gt; <#C9|ops> <https://x.test/y|doc>"));
        String locks = Files.readString(world.config.lockFile());
        assertThat(locks).contains("\"userName\" : \"UDEPLOYER\"").contains("@alice <3 > #ops https://x.test/y");
        assertThat(logged()).contains("users.info for UDEPLOYER failed: missing_scope");
    }

    @Test
    void aStrangersClickOnAMentionsConfirmationIsAnsweredToThemAlone() throws Exception {
        stubDeployable();
        send(mention("UADMIN", "CPROD", "<@UBOT> deploy " + SHA));
        String prompt = java.net.URLDecoder.decode(world.wm.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))
                .getFirst().getBodyAsString(), StandardCharsets.UTF_8);
        var m = java.util.regex.Pattern.compile("\"value\":\"([0-9a-f]{32})\"").matcher(prompt);
        assertThat(m.find()).isTrue();

        send(button(SlackFront.CONFIRM, "UDEPLOYER", "bob", m.group(1)));

        assertThat(createDeploymentCalls()).isZero();
        JsonNode answer = JSON.readTree(responses("/respond/button").getFirst());
        assertThat(answer.path("text").asText()).startsWith("Only alice can confirm");
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("replace_original").asBoolean()).isFalse();
    }

    // ---- tokens ---------------------------------------------------------------------------------

    @Test
    void aTokenTypedIntoTheCommandIsNotEchoedByTheAck() throws Exception {
        world.wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/repos/.*"))
                .willReturn(okJson("{\"workflow_runs\":[]}")));
        Response ack = send(slash("UDEPLOYER", "bob", "CPROD", "builds " + World.GITHUB_TOKEN));
        assertThat(ack.getBody()).doesNotContain(World.GITHUB_TOKEN).contains("Running `builds [redacted]`");
    }

    @Test
    void aTokenTypedIntoAConfirmedCommandIsNotEchoedByConfirmedBy() throws Exception {
        Response ack = send(slash("UADMIN", "alice", "CPROD", "lock production " + World.GITHUB_TOKEN));
        assertThat(ack.getBody()).doesNotContain(World.GITHUB_TOKEN);
        send(button(SlackFront.CONFIRM, "UADMIN", "alice", confirmationId(ack)));
        assertThat(responses("/respond/button")).anySatisfy(b -> assertThat(b)
                .contains("running `lock production [redacted]`")).allSatisfy(b -> assertThat(b).doesNotContain(World.GITHUB_TOKEN));
    }

    // ---- audit --------------------------------------------------------------------------------

    @Test
    void aRunIdTooLargeIsAnInvalidCommandInSlackToo() throws Exception {
        Response ack = send(slash("UADMIN", "alice", "CPROD", "rebuild 9999999999999999999"));
        assertThat(ack.getStatusCode()).isEqualTo(200);
        assertThat(ack.getBody()).contains("run id too large").contains("ephemeral");
        assertThat(world.audit()).contains("\"outcome\":\"invalid\"").contains("rebuild 9999999999999999999");
    }

    @Test
    void whileTheAuditLogCannotBeWrittenChangesAreRefusedAndReadsCarryAWarning() throws Exception {
        stubStatus();
        Files.createDirectory(world.auditFile()); // the bot started fine; then the audit file became unwritable
        try {
            Response scale = send(slash("UADMIN", "alice", "CSTAGE", "scale 3 in staging"));
            assertThat(scale.getStatusCode()).isEqualTo(200);
            assertThat(scale.getBody()).contains("Refused: cannot write the audit log").contains("nothing was done");
            world.wm.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup")));

            send(slash("UDEPLOYER", "bob", "CPROD", "status"));
            assertThat(responses("/respond/command")).singleElement().asString()
                    .contains("desired 2, min 1, max 4").contains(":warning: cannot write the audit log")
                    .contains("missing from the audit trail");
        } finally {
            Files.delete(world.auditFile());
        }
    }

    // ---- mentions and threads --------------------------------------------------------------

    @Test
    void anAppMentionIsAnsweredInItsThread() throws Exception {
        stubStatus();
        String event = """
                {"token":"legacy","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev1",
                 "event_time":1700000000,"event":{"type":"app_mention","user":"UDEPLOYER","text":"<@UBOT> status",
                 "ts":"1700000000.000200","channel":"CPROD","event_ts":"1700000000.000200"}}""";
        Response r = send(event);
        assertThat(r.getStatusCode()).isEqualTo(200);
        world.wm.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(containing("thread_ts=1700000000.000200"))
                .withRequestBody(containing("channel=CPROD"))
                .withRequestBody(containing("desired%202%2C%20min%201")));
    }

    @Test
    void watchPostsItsProgressInAThread() throws Exception {
        String key = World.PREFIX + SHA + ".zip";
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("w").whenScenarioStateIs("Started")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-SLACK0002", "InProgress", key, 1L, "") + "}"))
                .willSetStateTo("done"));
        world.wm.stubFor(World.codeDeploy("GetDeployment").inScenario("w").whenScenarioStateIs("done")
                .willReturn(okJson("{\"deploymentInfo\":" + World.deployment("d-SLACK0002", "Succeeded", key, 1L, "") + "}")));

        send(slash("UDEPLOYER", "bob", "CPROD", "watch d-SLACK0002"));

        var posts = world.wm.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")));
        assertThat(posts).hasSize(4);
        assertThat(posts.getFirst().getBodyAsString()).contains("Watching%20d-SLACK0002").doesNotContain("thread_ts");
        assertThat(posts.subList(1, 4)).allSatisfy(p -> assertThat(p.getBodyAsString()).contains("thread_ts=1700000000.000100"));
        assertThat(posts.get(1).getBodyAsString()).contains("InProgress");
        assertThat(posts.get(3).getBodyAsString()).contains("Succeeded").contains("watched%2010s");
        assertThat(posts).allSatisfy(p -> assertThat(p.getHeader("Authorization")).isEqualTo("Bearer " + World.SLACK_BOT_TOKEN));
    }

    @Test
    void lockAndUnlockFromSlackAreAuditedWithTheUser() throws Exception {
        send(slash("UDEPLOYER", "bob", "CSTAGE", "lock staging release freeze"));
        assertThat(responses("/respond/command")).singleElement().asString().contains("staging is locked by bob: release freeze");
        stubDeployable();
        send(slash("UADMIN", "alice", "CSTAGE", "deploy " + SHA + " to staging"));
        assertThat(responses("/respond/command")).last().asString().contains("staging is locked by bob");
        assertThat(createDeploymentCalls()).isZero();
        send(slash("UADMIN", "alice", "CSTAGE", "unlock staging"));
        assertThat(responses("/respond/command")).last().asString().contains("staging is unlocked (was locked by bob");
        assertThat(world.audit().lines().filter(l -> l.contains("\"user\":\"UDEPLOYER\"") && l.contains("lock staging")))
                .isNotEmpty();
    }
}
