package dev.mandelbrot.bot.command;

import java.util.Optional;

/**
 * A parsed command. Every command targets one environment (the default one unless it names
 * another), so that policy, locks and confirmation are decided per environment.
 */
public sealed interface Command {

    /** The environment this command acts on. */
    String environment();

    /** True when the command changes something (AWS, GitHub or a lock). Policy keys on this. */
    default boolean mutating() {
        return false;
    }

    /** The command's first word, as typed. */
    String verb();

    /** {@code help}. */
    record Help(String environment) implements Command {
        public String verb() {
            return "help";
        }
    }

    /** {@code builds [workflow] [branch]}: recent workflow runs. */
    record Builds(String environment, Optional<String> workflow, Optional<String> branch) implements Command {
        public String verb() {
            return "builds";
        }
    }

    /** {@code rebuild <run id>}: re-runs a workflow run, named by its ID (not its per-workflow number). */
    record Rebuild(String environment, long runId) implements Command {
        public String verb() {
            return "rebuild";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }

    /** {@code deploy <sha|revision|latest> [to <env>] [--force]}. */
    record Deploy(String environment, DeployTarget target, boolean force) implements Command {
        public String verb() {
            return "deploy";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }

    /** {@code deployments}: recent deployments with status and who started them. */
    record Deployments(String environment) implements Command {
        public String verb() {
            return "deployments";
        }
    }

    /** {@code watch <deployment>}: progress in a thread until it ends. */
    record Watch(String environment, String deploymentId) implements Command {
        public String verb() {
            return "watch";
        }
    }

    /** {@code status}: capacity, target health, last deployment, alarms. */
    record Status(String environment) implements Command {
        public String verb() {
            return "status";
        }
    }

    /** {@code rollback}: stop a running deployment with rollback, or redeploy the last good revision. */
    record Rollback(String environment) implements Command {
        public String verb() {
            return "rollback";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }

    /** {@code scale <desired>} (min and max kept) or {@code scale <min> <desired> <max>}. */
    record Scale(String environment, Optional<Integer> min, int desired, Optional<Integer> max) implements Command {
        public String verb() {
            return "scale";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }

    /** {@code revisions}: recent bundles in the bucket. */
    record Revisions(String environment) implements Command {
        public String verb() {
            return "revisions";
        }
    }

    /** {@code lock <env> [reason]}. */
    record Lock(String environment, String reason) implements Command {
        public String verb() {
            return "lock";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }

    /** {@code unlock <env>}. */
    record Unlock(String environment) implements Command {
        public String verb() {
            return "unlock";
        }

        @Override
        public boolean mutating() {
            return true;
        }
    }
}
