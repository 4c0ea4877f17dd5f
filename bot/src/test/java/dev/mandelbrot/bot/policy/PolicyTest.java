package dev.mandelbrot.bot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.command.DeployTarget;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.config.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static final Environment PROD = new Environment("app", "group", "asg", "arn", "bucket", "r/", "", List.of(), "a/b",
            "ci.yml", 4, true, List.of("CPROD"), Map.of("UADMIN", Role.ADMIN, "UDEP", Role.DEPLOYER));
    private final Policy policy = new Policy(new BotConfig(null, "production", null, null, null, null, false, null, null,
            null, null, Map.of("production", PROD)));

    private static Caller slack(String user, String channel) {
        return new Caller(Caller.Front.SLACK, user, user, channel);
    }

    private static final Command STATUS = new Command.Status("production");
    private static final Command SCALE = new Command.Scale("production", Optional.empty(), 2, Optional.empty());
    private static final Command FORCE = new Command.Deploy("production", new DeployTarget.Latest(), true);

    @Test
    void readOnlyCommandsAreForEveryoneInAnAllowedChannel() {
        assertThat(policy.decide(slack("UANYONE", "CPROD"), STATUS)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void everythingIsDeniedOutsideTheAllowedChannels() {
        assertThat(policy.decide(slack("UADMIN", "COTHER"), STATUS)).isEqualTo(
                new Decision.Deny("commands for production are not accepted in this channel"));
        assertThat(policy.decide(slack("UADMIN", "COTHER"), SCALE)).isInstanceOf(Decision.Deny.class);
    }

    @Test
    void mutatingCommandsNeedAConfiguredRole() {
        assertThat(policy.decide(slack("UANYONE", "CPROD"), SCALE)).isInstanceOf(Decision.Deny.class);
        assertThat(policy.decide(slack("UDEP", "CPROD"), SCALE)).isInstanceOf(Decision.Allow.class);
        assertThat(policy.decide(slack("UADMIN", "CPROD"), SCALE)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void forcingADeployNeedsAdmin() {
        assertThat(policy.decide(slack("UDEP", "CPROD"), FORCE))
                .isEqualTo(new Decision.Deny("deploy --force skips the CI check: admins only"));
        assertThat(policy.decide(slack("UADMIN", "CPROD"), FORCE)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void theTerminalIsAChannelButNotARole() {
        Caller local = new Caller(Caller.Front.CLI, "local:someone", "someone", Policy.TERMINAL);
        assertThat(policy.decide(local, STATUS)).isInstanceOf(Decision.Allow.class);
        assertThat(policy.decide(local, SCALE)).isInstanceOf(Decision.Deny.class);
        // A Slack channel that happens to be called "terminal" gets no such pass.
        assertThat(policy.decide(slack("UADMIN", Policy.TERMINAL), STATUS)).isInstanceOf(Decision.Deny.class);
    }
}
