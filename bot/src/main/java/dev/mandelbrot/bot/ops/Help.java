package dev.mandelbrot.bot.ops;

/** The text of {@code help}: the grammar {@link dev.mandelbrot.bot.command.CommandParser} accepts. */
final class Help {

    private Help() {}

    static String text(String defaultEnvironment, java.util.Collection<String> environments) {
        return """
                Mandelbot commands (environment: %s unless you add `in <env>`; known: %s)
                Read-only, for everyone in an allowed channel:
                  help                                  this text
                  builds [workflow] [branch]            recent GitHub Actions runs (default: the CI workflow)
                  deployments                           recent CodeDeploy deployments, status and who started them
                  watch <deployment>                    post progress until the deployment ends
                  status                                capacity, target health, last deployment, alarms
                  revisions                             recent bundles in the revisions bucket
                Changes, for configured deployers and admins (production asks to confirm):
                  deploy <sha|revision|latest> [to <env>] [--force]   only commits whose CI passed; --force: admins
                  rebuild <run>                         re-run a GitHub Actions run
                  rollback                              stop a running deployment with rollback, or redeploy the last good revision
                  scale <desired> | scale <min> <desired> <max>
                  lock <env> [reason] | unlock <env>    a locked environment refuses deploys"""
                .formatted(defaultEnvironment, String.join(", ", environments));
    }
}
