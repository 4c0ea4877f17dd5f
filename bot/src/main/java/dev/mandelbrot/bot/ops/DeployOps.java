package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.BotError.Kind;
import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.aws.AlarmPolling;
import dev.mandelbrot.bot.aws.CodeDeployGateway;
import dev.mandelbrot.bot.aws.Deployment;
import dev.mandelbrot.bot.aws.Revision;
import dev.mandelbrot.bot.aws.RevisionsGateway;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.command.DeployTarget;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.github.GitHubClient;
import dev.mandelbrot.bot.github.WorkflowRun;
import dev.mandelbrot.bot.lock.LockStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code deploy}, {@code deployments} and {@code rollback}. */
final class DeployOps {

    private static final String[] RUNNING = {"Created", "Queued", "InProgress", "Ready"};
    /** How a redeploy started by {@code rollback} describes itself, and is recognised. */
    private static final String ROLLBACK_DESCRIPTION = "Mandelbot rollback to ";
    private final CodeDeployGateway codeDeploy;
    private final RevisionsGateway revisions;
    private final GitHubClient github;
    private final LockStore locks;

    DeployOps(CodeDeployGateway codeDeploy, RevisionsGateway revisions, GitHubClient github, LockStore locks) {
        this.codeDeploy = codeDeploy;
        this.revisions = revisions;
        this.github = github;
        this.locks = locks;
    }

    /** A bundle to deploy and the commit it was built from, when known. */
    private record Bundle(String key, Optional<String> sha) {
        String label() {
            return sha.map(Text::shortSha).orElse(key);
        }
    }

    String deploy(Caller caller, Environment env, Command.Deploy c) {
        refuseIfLocked(c.environment());
        refuseIfRunning(env, c.environment());
        Bundle bundle = resolve(env, c.target());
        if (!c.force()) {
            requireGreenCi(env, bundle);
        }
        String description = "Mandelbot deploy of " + bundle.label() + " by " + caller.label()
                + (c.force() ? ", forced without the CI check" : "");
        // Before the first success nothing answers the health check, so the unhealthy-hosts
        // alarm is in ALARM and would stop the deployment at once, with nothing to roll back to.
        boolean first = !codeDeploy.hasSucceeded(env.application(), env.deploymentGroup());
        String id = create(env, c.environment(), env.revisionsBucket(), bundle.key(), description,
                first ? AlarmPolling.OFF : AlarmPolling.ON);
        return "Deployment " + id + " started: " + bundle.label() + " (s3://" + env.revisionsBucket() + "/" + bundle.key()
                + ") to " + c.environment() + (c.force() ? ", forced without the CI check" : "")
                + (first ? "; the group's first deployment, so with alarm polling off (its alarms cannot be OK yet)" : "")
                + ". Follow it with: watch " + id;
    }

    String deployments(Command.Deployments c, Environment env) {
        List<Deployment> recent = codeDeploy.recent(env.application(), env.deploymentGroup(), 10);
        if (recent.isEmpty()) {
            return "No deployments yet in " + c.environment() + ".";
        }
        StringBuilder sb = new StringBuilder("Recent deployments in " + c.environment() + ":");
        for (Deployment d : recent) {
            sb.append("\n").append(d.id()).append("  ").append(d.status()).append("  ").append(Text.time(d.created()))
                    .append("  by ").append(Text.startedBy(d.description(), d.creator()))
                    .append("  ").append(d.key().map(k -> Text.shaOf(k, env.revisionsPrefix()).map(Text::shortSha).orElse(k))
                            .orElse("(no S3 revision)"))
                    .append(d.rolledBackBy().map(r -> "  rolled back by " + r + ": watch " + r).orElse(""));
        }
        return sb.toString();
    }

    /**
     * Stops a running deployment with automatic rollback if there is one (always allowed: it is
     * the emergency brake), unless that deployment is itself a rollback. Otherwise redeploys the
     * newest successful revision that differs from the latest deployment's (refused while the
     * environment is locked, like any deploy); refused when the latest deployment is a rollback
     * that succeeded, since the fleet is already back on a good revision.
     */
    String rollback(Caller caller, Environment env, Command.Rollback c) {
        List<Deployment> running = codeDeploy.recent(env.application(), env.deploymentGroup(), 1, RUNNING);
        if (!running.isEmpty()) {
            Deployment d = running.getFirst();
            if (isRollback(d)) {
                // Stopping a rollback hands CodeDeploy's own rollback the last *successful*
                // revision, which may be the bad one the running rollback is taking away.
                throw new BotError(Kind.REFUSED, "Refused: " + d.id() + " (" + d.status() + ") is already a rollback: "
                        + rollbackLabel(d) + ". Stopping it could bring back the revision it is replacing; let it finish."
                        + " Follow it with: watch " + d.id());
            }
            String status = codeDeploy.stopWithRollback(d.id());
            return "Stopped " + d.id() + " with automatic rollback (" + status + "). " + followRollbackOf(d.id());
        }
        refuseIfLocked(c.environment());
        List<Deployment> recent = codeDeploy.recent(env.application(), env.deploymentGroup(), 25);
        if (recent.isEmpty()) {
            throw new BotError(Kind.REFUSED, "Nothing to roll back: " + c.environment() + " has no deployments.");
        }
        Deployment newest = recent.getFirst();
        if (newest.status().equals("Succeeded") && isRollback(newest)) {
            // The bad revision is already gone: a second rollback would take away the good one.
            String on = newest.key().map(k -> label(k, env)).orElse("the revision it restored");
            throw new BotError(Kind.REFUSED, "Nothing to roll back: " + c.environment() + " is already back on " + on
                    + ", restored by " + newest.id() + " (" + rollbackLabel(newest) + ", " + Text.time(newest.created())
                    + "). To go back further, deploy the earlier revision by name"
                    + revisionBefore(recent, newest.key()).map(d -> ": deploy " + label(d.key().orElseThrow(), env)
                            + " to " + c.environment()).orElse("") + ".");
        }
        // The revision to get away from: the newest deployment's, unless that is a rollback that
        // did not succeed, whose revision is the good one it was restoring.
        Optional<String> badKey = recent.stream().filter(d -> !isRollback(d)).findFirst().flatMap(Deployment::key);
        Deployment target = rollbackTarget(recent, badKey)
                .orElseThrow(() -> new BotError(Kind.REFUSED,
                        "No earlier successful revision to roll back to in " + c.environment() + "."));
        String key = target.key().orElseThrow();
        String label = label(key, env);
        // A known-good revision: the alarm the bad deployment raised must not stop the way back.
        String id = create(env, c.environment(), target.bucket().orElseThrow(), key,
                ROLLBACK_DESCRIPTION + label + " by " + caller.label(), AlarmPolling.OFF);
        return "Rolling back " + c.environment() + " to " + label + " (last succeeded in " + target.id() + "): deployment "
                + id + " started, with alarm polling off. Follow it with: watch " + id;
    }

    /**
     * CodeDeploy rolls a stopped deployment back with a deployment of its own, which exists only
     * once the stop has gone through: name it when it already does, else say where it will show.
     */
    private String followRollbackOf(String stopped) {
        Optional<String> rollback;
        try {
            rollback = codeDeploy.get(stopped).rolledBackBy();
        } catch (BotError e) {
            rollback = Optional.empty(); // the stop went through; only the name of its rollback is unknown
        }
        return rollback.map(r -> "CodeDeploy's rollback is " + r + ". Follow it with: watch " + r)
                .orElse("CodeDeploy starts its rollback deployment once " + stopped + " has stopped; watch " + stopped
                        + " names it at the end. Follow it with: watch " + stopped);
    }

    /** The newest successful deployment of a revision other than {@code away}. */
    private static Optional<Deployment> rollbackTarget(List<Deployment> recent, Optional<String> away) {
        return recent.stream()
                .filter(d -> d.status().equals("Succeeded") && d.key().isPresent() && d.bucket().isPresent())
                .filter(d -> !Objects.equals(d.key(), away))
                .findFirst();
    }

    /**
     * The revision that ran before {@code current} was first deployed: the newest successful
     * deployment of another revision older than the last ordinary (not rollback) deployment of
     * {@code current}. Not simply the newest other one: that may be the bad revision a rollback
     * replaced.
     */
    private static Optional<Deployment> revisionBefore(List<Deployment> recent, Optional<String> current) {
        return rollbackTarget(recent.stream()
                .dropWhile(d -> !(d.status().equals("Succeeded") && !isRollback(d) && d.key().equals(current)))
                .skip(1).toList(), current);
    }

    /** A bundle key as the short SHA it names, or the key itself. */
    private static String label(String key, Environment env) {
        return Text.shaOf(key, env.revisionsPrefix()).map(Text::shortSha).orElse(key);
    }

    /**
     * Creates the deployment; when another one started since {@link #refuseIfRunning} looked (a
     * second user's deploy, an Auto Scaling launch), CodeDeploy refuses it, and the reply names
     * the one that won if it can still be seen.
     */
    private String create(Environment env, String envName, String bucket, String key, String description,
            AlarmPolling alarms) {
        try {
            return codeDeploy.create(env.application(), env.deploymentGroup(), bucket, key, description, alarms);
        } catch (BotError e) {
            if (e.kind() != Kind.REFUSED) {
                throw e;
            }
            Optional<Deployment> winner;
            try {
                winner = codeDeploy.recent(env.application(), env.deploymentGroup(), 1, RUNNING).stream().findFirst();
            } catch (BotError unknown) {
                winner = Optional.empty();
            }
            throw new BotError(Kind.REFUSED, "Refused: " + envName + " is busy: " + winner
                    .map(d -> "deployment " + d.id() + " (" + d.status() + ", started by "
                            + Text.startedBy(d.description(), d.creator()) + ") started just before this one")
                    .orElse("another deployment started just before this one")
                    + "; CodeDeploy runs one at a time." + winner.map(d -> " Follow it with: watch " + d.id() + ", then")
                            .orElse(" Check deployments, then") + " try again.");
        }
    }

    private void refuseIfLocked(String envName) {
        locks.holder(envName).ifPresent(l -> {
            throw new BotError(Kind.REFUSED, envName + " is locked by " + l.userName() + " since " + Text.time(l.since())
                    + " (" + l.reason() + "); deploys are refused until they unlock it.");
        });
    }

    /**
     * CodeDeploy runs one deployment per group and refuses a second with
     * DeploymentLimitExceededException; the one running may be no one's deploy but CodeDeploy's
     * automatic rollback or an Auto Scaling launch. Saying which, and what to do, beats that.
     */
    private void refuseIfRunning(Environment env, String envName) {
        List<Deployment> running = codeDeploy.recent(env.application(), env.deploymentGroup(), 1, RUNNING);
        if (!running.isEmpty()) {
            Deployment d = running.getFirst();
            throw new BotError(Kind.REFUSED, "Refused: deployment " + d.id() + " (" + d.status() + ", started by "
                    + Text.startedBy(d.description(), d.creator()) + ") is still running in " + envName
                    + "; CodeDeploy runs one at a time. Follow it with: watch " + d.id()
                    + (isRollback(d) ? ", then deploy again; it is a rollback (" + rollbackLabel(d) + "), so let it finish."
                            : ", then deploy again; or stop it with: rollback."));
        }
    }

    /** CodeDeploy's automatic rollback, or a redeploy that Mandelbot's {@code rollback} started. */
    static boolean isRollback(Deployment d) {
        return d.creator().equals("codeDeployRollback") || d.description().startsWith(ROLLBACK_DESCRIPTION);
    }

    private static String rollbackLabel(Deployment d) {
        return d.creator().equals("codeDeployRollback")
                ? "CodeDeploy's automatic rollback" + d.rollbackOf().map(t -> " of " + t).orElse("") : d.description();
    }

    private Bundle resolve(Environment env, DeployTarget target) {
        String bucket = env.revisionsBucket();
        String prefix = env.revisionsPrefix();
        return switch (target) {
            case DeployTarget.Latest l -> {
                List<Revision> newest = revisions.recent(bucket, prefix, 1);
                if (newest.isEmpty()) {
                    throw new BotError(Kind.NOT_FOUND, "No bundles under s3://" + bucket + "/" + prefix);
                }
                String key = newest.getFirst().key();
                yield new Bundle(key, Text.shaOf(key, prefix));
            }
            case DeployTarget.Commit(String sha) when sha.length() == 40 -> {
                if (!revisions.exists(bucket, env.keyFor(sha))) {
                    throw new BotError(Kind.NOT_FOUND, "No bundle for commit " + Text.shortSha(sha) + " (expected s3://"
                            + bucket + "/" + env.keyFor(sha) + "); has the deploy workflow uploaded it?");
                }
                yield new Bundle(env.keyFor(sha), Optional.of(sha));
            }
            case DeployTarget.Commit(String shortSha) -> {
                List<Revision> matches = revisions.recent(bucket, prefix + shortSha, 3).stream()
                        .filter(r -> Text.shaOf(r.key(), prefix).isPresent()).toList();
                if (matches.isEmpty()) {
                    throw new BotError(Kind.NOT_FOUND, "No bundle for commit " + shortSha + " under s3://" + bucket + "/" + prefix);
                }
                if (matches.size() > 1) {
                    throw new BotError(Kind.REFUSED, "Commit " + shortSha + " is ambiguous; give more digits.");
                }
                String key = matches.getFirst().key();
                yield new Bundle(key, Text.shaOf(key, prefix));
            }
            case DeployTarget.Key(String key) -> {
                if (!revisions.exists(bucket, key)) {
                    throw new BotError(Kind.NOT_FOUND, "No bundle s3://" + bucket + "/" + key);
                }
                yield new Bundle(key, Text.shaOf(key, prefix));
            }
        };
    }

    private void requireGreenCi(Environment env, Bundle bundle) {
        String sha = bundle.sha().orElseThrow(() -> new BotError(Kind.REFUSED, "Cannot tell which commit " + bundle.key()
                + " was built from, so CI cannot be checked; deploy it by commit SHA, or an admin may use --force."));
        List<WorkflowRun> runs = github.runs(env.githubRepository(), env.ciWorkflow(), Optional.empty(), Optional.of(sha), 5);
        if (runs.isEmpty()) {
            throw new BotError(Kind.REFUSED, "Refused: no " + env.ciWorkflow() + " run for commit " + Text.shortSha(sha)
                    + "; only commits whose CI passed are deployed (an admin may use --force).");
        }
        WorkflowRun newest = runs.getFirst(); // GitHub lists newest first; a re-run supersedes older results
        if (!newest.green()) {
            throw new BotError(Kind.REFUSED, "Refused: CI (" + env.ciWorkflow() + ") for " + Text.shortSha(sha) + " is "
                    + newest.outcome() + ", not success: " + newest.url());
        }
    }
}
