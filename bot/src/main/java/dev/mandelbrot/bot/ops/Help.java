package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.config.BotConfig;
import java.util.List;
import java.util.Map;

/** The text of {@code help}: the grammar {@link dev.mandelbrot.bot.command.CommandParser} accepts. */
final class Help {

    private Help() {}

    static String text(BotConfig config) {
        return """
                Mandelbot commands (environment: %s unless you add `in <env>`; known: %s)
                Read-only, for everyone in an allowed channel:
                  help                                  this text
                  builds [workflow] [branch]            recent GitHub Actions runs (default: the CI workflow)
                  deployments                           recent CodeDeploy deployments, status and who started them
                  watch <deployment>                    post progress until the deployment ends
                  status                                capacity, target health, last deployment, alarms
                  revisions                             recent bundles in the revisions bucket
                Changes, for configured deployers and admins (%s):
                  deploy <sha|revision|latest> [to <env>] [--force]   only commits whose CI passed; --force: admins
                  rebuild <run id>                      re-run a GitHub Actions run (its id, as builds lists it)
                  rollback                              stop a running deployment with rollback, or redeploy the last good revision
                  scale <desired> | scale <min> <desired> <max>
                  lock <env> [reason] | unlock <env>    a locked environment refuses deploys"""
                .formatted(config.defaultEnvironment(), String.join(", ", config.environments().keySet()),
                        confirming(config));
    }

    /** Which environments ask to confirm a change, as the configuration says. */
    private static String confirming(BotConfig config) {
        List<String> asking = config.environments().entrySet().stream()
                .filter(e -> e.getValue().confirm()).map(Map.Entry::getKey).toList();
        return switch (asking.size()) {
            case 0 -> "no environment asks to confirm";
            case 1 -> asking.getFirst() + " asks to confirm";
            default -> String.join(", ", asking) + " ask to confirm";
        };
    }
}
