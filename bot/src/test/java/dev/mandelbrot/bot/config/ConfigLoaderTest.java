package dev.mandelbrot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    /** The example shipped in the docs must load: it is what a newcomer copies. */
    @Test
    void theDocumentedExampleLoads() throws Exception {
        Path docs = Path.of("../docs/CHATOPS.md");
        String md = Files.readString(docs);
        int start = md.indexOf("```yaml\n# mandelbot.yml");
        assertThat(start).as("docs/CHATOPS.md has the example configuration").isNotNegative();
        String yaml = md.substring(md.indexOf('\n', start) + 1, md.indexOf("```", start + 7));

        BotConfig c = ConfigLoader.parse(yaml);

        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.environments()).containsKey(c.defaultEnvironment());
        Environment prod = c.environment("production").orElseThrow();
        assertThat(prod.confirm()).isTrue();
        assertThat(prod.users()).containsValue(Role.ADMIN);
    }

    /**
     * Terraform's {@code mandelbot_environment} output is documented as an environment to paste
     * into this file ({@code terraform output -json} prints JSON, which is YAML): its keys, read
     * from {@code infra/terraform/outputs.tf}, must each be a field the loader knows, and
     * together hold every field it requires.
     */
    @Test
    void theTerraformOutputLoadsAsAnEnvironment() throws Exception {
        String tf = Files.readString(Path.of("../infra/terraform/outputs.tf"));
        int start = tf.indexOf("output \"mandelbot_environment\"");
        assertThat(start).as("infra/terraform/outputs.tf has the mandelbot_environment output").isNotNegative();
        String block = tf.substring(tf.indexOf("value = {", start), tf.indexOf("\n  }", start));
        Matcher keys = Pattern.compile("(?m)^\\s+\"?([A-Za-z0-9_-]+)\"?\\s+=").matcher(block);
        Map<String, Object> printed = new LinkedHashMap<>();
        while (keys.find()) {
            String key = keys.group(1);
            printed.put(key, switch (key) {
                case "max-capacity" -> 4;
                case "alarm-names" -> List.of("tf-alarm-name");
                case "github-repository" -> "octo-org/aws-mandelbrot";
                default -> "tf-" + key;
            });
        }
        assertThat(printed).hasSizeGreaterThanOrEqualTo(8);
        String json = new ObjectMapper().writeValueAsString(printed);

        BotConfig c = ConfigLoader.parse("default-environment: production\nenvironments:\n  production: " + json + "\n");

        Environment e = c.environment("production").orElseThrow();
        assertThat(e.application()).isEqualTo("tf-application");
        assertThat(e.deploymentGroup()).isEqualTo("tf-deployment-group");
        assertThat(e.autoScalingGroup()).isEqualTo("tf-auto-scaling-group");
        assertThat(e.targetGroupArn()).isEqualTo("tf-target-group-arn");
        assertThat(e.revisionsBucket()).isEqualTo("tf-revisions-bucket");
        assertThat(e.revisionsPrefix()).isEqualTo("tf-revisions-prefix");
        assertThat(e.alarmNames()).containsExactly("tf-alarm-name");
        assertThat(e.githubRepository()).isEqualTo("octo-org/aws-mandelbrot");
        assertThat(e.maxCapacity()).isEqualTo(4);
    }

    @Test
    void defaultsFillWhatIsLeftOut() {
        BotConfig c = ConfigLoader.parse("""
                default-environment: prod
                environments:
                  prod: {application: a, deployment-group: g, auto-scaling-group: s, target-group-arn: t,
                         revisions-bucket: b, github-repository: o/r}
                """);
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.githubApiUrl()).isEqualTo("https://api.github.com");
        Environment e = c.environment("prod").orElseThrow();
        assertThat(e.ciWorkflow()).isEqualTo("ci.yml");
        assertThat(e.allowedChannels()).isEmpty();
        assertThat(e.users()).isEmpty();
        assertThat(e.confirm()).as("confirmation is on unless turned off").isTrue();
    }

    @Test
    void problemsAreListedTogetherInOneMessage() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                default-environment: nowhere
                environments:
                  Prod: {application: a, github-repository: not-a-repo}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("default-environment 'nowhere' is not among the environments")
                .hasMessageContaining("environments.Prod: name must be lower-case")
                .hasMessageContaining("environments.Prod: deployment-group is missing")
                .hasMessageContaining("github-repository must be owner/name");
    }

    @Test
    void valuesTheClientsCannotUseAndEmptyEnvironmentsAreProblemsToo() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                region: ""
                github-api-url: ftp://x
                default-environment: a
                environments: {a: }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("region must be an AWS region name such as eu-west-1")
                .hasMessageContaining("github-api-url must be an http or https URL")
                .hasMessageContaining("environments.a: is empty");
        assertThatThrownBy(() -> ConfigLoader.parse("github-api-url: not a url\n"))
                .hasMessageContaining("github-api-url must be an http or https URL");
        assertThatThrownBy(() -> ConfigLoader.parse("")).hasMessage("invalid configuration: the file is empty");
    }

    @Test
    void aUserWithoutARoleOrAnEmptyChannelIsNamedNotANullPointer() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                default-environment: p
                environments:
                  p: {application: a, deployment-group: g, auto-scaling-group: s, target-group-arn: t,
                      revisions-bucket: b, github-repository: o/r, users: {"local:deploy": }, allowed-channels: [C1, ""]}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environments.p: users.local:deploy has no role (admin or deployer)")
                .hasMessageContaining("environments.p: allowed-channels has an empty entry")
                .hasMessageNotContaining("NullPointerException");
    }

    @Test
    void unknownKeysAndBadRolesAreRejected() {
        assertThatThrownBy(() -> ConfigLoader.parse("default-environment: p\nslack-token: xoxb-1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("slack-token");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                default-environment: p
                environments:
                  p: {users: {U1: root}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("root");
    }

    @Test
    void valuesOfTheWrongTypeAreReportedTogetherWithEveryOtherProblem() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                default-environment: nowhere
                confirmation-seconds: soon
                slack-token: xoxb-1
                environments:
                  p: {application: [a, b], deployment-group: g, auto-scaling-group: s, target-group-arn: t,
                      revisions-bucket: b, github-repository: o/r, max-capacity: lots, confirm: maybe, users: {U1: root}}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid configuration: ")
                .hasMessageContaining("confirmation-seconds: 'soon' is not a whole number")
                .hasMessageContaining("slack-token: unknown key")
                .hasMessageContaining("environments.p.application: expected a single value, found a list")
                .hasMessageContaining("environments.p.max-capacity: 'lots' is not a whole number")
                .hasMessageContaining("environments.p.confirm: 'maybe' is not true or false")
                .hasMessageContaining("environments.p.users.U1: 'root' is not admin or deployer")
                .hasMessageContaining("default-environment 'nowhere' is not among the environments")
                .hasMessageContaining("environments.p: application is missing")
                .hasMessageNotContaining("has no role").hasMessageNotContaining("java.").hasMessageNotContaining("`");
    }

    @Test
    void secretsComeFromTheEnvironmentAndNeverPrint() {
        Secrets s = Secrets.from(Map.of("GITHUB_TOKEN", "ghp_abcdefghijkl", "SLACK_BOT_TOKEN", "xoxb-123456789", "HOME", "/root"));
        assertThat(s.githubToken()).contains("ghp_abcdefghijkl");
        assertThat(s.slackAppToken()).isEmpty();
        assertThat(s.toString()).doesNotContain("ghp_").doesNotContain("xoxb");
        assertThat(s.redact("token ghp_abcdefghijkl and xoxb-123456789")).isEqualTo("token [redacted] and [redacted]");
    }
}
