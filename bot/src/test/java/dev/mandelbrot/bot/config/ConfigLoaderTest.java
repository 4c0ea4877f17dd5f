package dev.mandelbrot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void secretsComeFromTheEnvironmentAndNeverPrint() {
        Secrets s = Secrets.from(Map.of("GITHUB_TOKEN", "ghp_abcdefghijkl", "SLACK_BOT_TOKEN", "xoxb-123456789", "HOME", "/root"));
        assertThat(s.githubToken()).contains("ghp_abcdefghijkl");
        assertThat(s.slackAppToken()).isEmpty();
        assertThat(s.toString()).doesNotContain("ghp_").doesNotContain("xoxb");
        assertThat(s.redact("token ghp_abcdefghijkl and xoxb-123456789")).isEqualTo("token [redacted] and [redacted]");
    }
}
