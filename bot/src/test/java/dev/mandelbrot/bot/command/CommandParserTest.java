package dev.mandelbrot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    private final CommandParser parser = new CommandParser(Set.of("production", "staging"), "production");

    private Command parse(String s) throws ParseException {
        return parser.parse(s);
    }

    @Test
    void everyCommandParsesIntoItsTypedRecord() throws ParseException {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        assertThat(parse("")).isEqualTo(new Command.Help("production"));
        assertThat(parse("HELP")).isEqualTo(new Command.Help("production"));
        assertThat(parse("builds")).isEqualTo(new Command.Builds("production", Optional.empty(), Optional.empty()));
        assertThat(parse("builds deploy.yml feature/x in staging"))
                .isEqualTo(new Command.Builds("staging", Optional.of("deploy.yml"), Optional.of("feature/x")));
        assertThat(parse("rebuild 9000000042")).isEqualTo(new Command.Rebuild("production", 9000000042L));
        assertThat(parse("deploy " + sha)).isEqualTo(new Command.Deploy("production", new DeployTarget.Commit(sha), false));
        assertThat(parse("deploy " + sha.toUpperCase(Locale.ROOT)))
                .isEqualTo(new Command.Deploy("production", new DeployTarget.Commit(sha), false));
        assertThat(parse("deploy ABCDEF1 to staging"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Commit("abcdef1"), false));
        assertThat(parse("deploy latest to staging --force"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Latest(), true));
        assertThat(parse("deploy revisions/x.zip --env staging"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Key("revisions/x.zip"), false));
        assertThat(parse("deployments in staging")).isEqualTo(new Command.Deployments("staging"));
        assertThat(parse("watch d-ABCDEF123")).isEqualTo(new Command.Watch("production", "d-ABCDEF123"));
        assertThat(parse("status")).isEqualTo(new Command.Status("production"));
        assertThat(parse("rollback in staging")).isEqualTo(new Command.Rollback("staging"));
        assertThat(parse("scale 3")).isEqualTo(new Command.Scale("production", Optional.empty(), 3, Optional.empty()));
        assertThat(parse("scale 1 2 4 in staging"))
                .isEqualTo(new Command.Scale("staging", Optional.of(1), 2, Optional.of(4)));
        assertThat(parse("revisions")).isEqualTo(new Command.Revisions("production"));
        assertThat(parse("lock staging deploying in a minute")).isEqualTo(new Command.Lock("staging", "deploying in a minute"));
        assertThat(parse("lock production")).isEqualTo(new Command.Lock("production", "no reason given"));
        assertThat(parse("unlock staging")).isEqualTo(new Command.Unlock("staging"));
    }

    @Test
    void envAndForceMayComeBeforeTheCommandAsWellAsAfterIt() throws ParseException {
        assertThat(parse("--env staging status")).isEqualTo(new Command.Status("staging"));
        assertThat(parse("--env staging")).isEqualTo(new Command.Help("staging"));
        assertThat(parse("--force deploy latest --env staging"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Latest(), true));
        assertThat(parse("--env staging --force deploy latest"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Latest(), true));
        assertThat(parse("--force --env staging deploy latest"))
                .isEqualTo(new Command.Deploy("staging", new DeployTarget.Latest(), true));
        assertThat(parse("--env staging scale 1 2 3"))
                .isEqualTo(new Command.Scale("staging", Optional.of(1), 2, Optional.of(3)));
        assertThat(parse("status --env staging")).isEqualTo(new Command.Status("staging"));
    }

    @Test
    void onlyChangingCommandsAreMutating() throws ParseException {
        for (String s : new String[] {"help", "builds", "deployments", "watch d-ABCDEF123", "status", "revisions"}) {
            assertThat(parse(s).mutating()).as(s).isFalse();
        }
        for (String s : new String[] {"rebuild 1", "deploy latest", "rollback", "scale 2", "lock staging", "unlock staging"}) {
            assertThat(parse(s).mutating()).as(s).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "frobnicate                 | unknown command 'frobnicate'; try help",
        "deploy                     | usage: deploy <sha|revision|latest> [to <env>]",
        "deploy xyz                 | deploy takes a commit SHA",
        "deploy ../../etc/passwd    | deploy takes a commit SHA",
        "deploy latest to moon      | unknown environment 'moon'; known: production, staging",
        "deploy latest to           | to needs an environment name",
        "status --force             | --force only applies to deploy",
        "status now                 | usage: status [in <env>]",
        "rebuild abc                | a run id is a number",
        "rebuild 9999999999999999999 | run id too large: '9999999999999999999'",
        "rebuild 99999999999999999999999 | run id too large",
        "rebuild #42                | rebuild takes the run's id as builds lists it",
        "--env staging lock staging | lock names its environment and takes no options",
        "--force unlock staging     | unlock names its environment and takes no options",
        "lock production --env staging | lock names its environment and takes no options",
        "lock staging --force       | lock names its environment and takes no options",
        "unlock staging --env staging | usage: unlock <env>",
        "--env staging status in production | name the environment once",
        "--env                      | --env needs an environment name",
        "--force status             | --force only applies to deploy",
        "watch 123                  | a deployment ID looks like d-ABCDEF123",
        "scale                      | usage: scale <desired> or scale <min> <desired> <max>",
        "scale 1 2                  | usage: scale <desired>",
        "scale 4 2 1                | sizes must satisfy min <= desired <= max, got 4 2 1",
        "scale -1                   | sizes are whole numbers from 0 to 9999",
        "scale 99999                | sizes are whole numbers",
        "lock                       | usage: lock <env> [reason]",
        "unlock                     | usage: unlock <env>",
        "builds a b c               | usage: builds [workflow] [branch]",
    })
    void badInputIsRejectedWithAMessageThatSaysWhy(String input, String message) {
        assertThatThrownBy(() -> parse(input)).isInstanceOf(ParseException.class).hasMessageContaining(message);
    }

    @Test
    void echoedInputIsClipped() {
        String longWord = "x".repeat(500);
        assertThatThrownBy(() -> parse(longWord)).hasMessageContaining("...").message().hasSizeLessThan(120);
    }
}
