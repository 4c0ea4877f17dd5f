package dev.mandelbrot.bot.policy;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.config.Role;

/**
 * Who may run what, where. Deny by default:
 * <ul>
 *   <li>every command is refused outside the environment's allowed channels (the terminal is
 *       always a channel: whoever runs the CLI already holds the AWS credentials it uses);
 *   <li>read-only commands are allowed for everyone in an allowed channel;
 *   <li>mutating commands need the caller's user ID listed for that environment as deployer or admin;
 *   <li>{@code deploy --force} (deploy without green CI) needs admin.
 * </ul>
 */
public final class Policy {

    /** The terminal's pseudo channel. */
    public static final String TERMINAL = "terminal";
    private final BotConfig config;

    public Policy(BotConfig config) {
        this.config = config;
    }

    public Decision decide(Caller caller, Command command) {
        Environment env = config.environment(command.environment()).orElse(null);
        if (env == null) {
            return new Decision.Deny("unknown environment " + command.environment());
        }
        boolean terminal = caller.front() == Caller.Front.CLI && TERMINAL.equals(caller.channel());
        if (!terminal && !env.allowedChannels().contains(caller.channel())) {
            return new Decision.Deny("commands for " + command.environment() + " are not accepted in this channel");
        }
        if (!command.mutating()) {
            return new Decision.Allow();
        }
        Role role = env.roleOf(caller.userId()).orElse(null);
        if (role == null) {
            return new Decision.Deny(command.verb() + " changes " + command.environment()
                    + ": only its configured deployers and admins may run it");
        }
        if (command instanceof Command.Deploy d && d.force() && !role.includes(Role.ADMIN)) {
            return new Decision.Deny("deploy --force skips the CI check: admins only");
        }
        return new Decision.Allow();
    }
}
