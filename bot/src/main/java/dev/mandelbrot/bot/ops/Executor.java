package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.Outcome.Reply;
import dev.mandelbrot.bot.Progress;
import dev.mandelbrot.bot.Sleeper;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.lock.LockStore;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Runs an allowed (and, where needed, confirmed) command against the outside world. Failures
 * the adapters report as {@link BotError} become unsuccessful replies; anything else propagates.
 */
public final class Executor {

    private final BotConfig config;
    private final BuildOps builds;
    private final DeployOps deploys;
    private final CapacityOps capacity;
    private final LockOps locks;
    private final Watcher watcher;

    /** {@code redact} scrubs tokens out of what is kept beyond the reply (a lock's reason). */
    public Executor(BotConfig config, Services services, LockStore lockStore, Clock clock, Sleeper sleeper,
            UnaryOperator<String> redact) {
        this.config = config;
        this.builds = new BuildOps(services.github());
        this.deploys = new DeployOps(services.codeDeploy(), services.revisions(), services.github(), lockStore);
        this.capacity = new CapacityOps(services);
        this.locks = new LockOps(lockStore, clock, redact);
        this.watcher = new Watcher(services.codeDeploy(), clock, sleeper, config.watchInterval(), config.watchTimeout());
    }

    /** Executes {@code command} for {@code caller}; {@code progress} receives intermediate lines (watch). */
    public Reply execute(Caller caller, Command command, Progress progress) {
        Environment env = config.environment(command.environment()).orElseThrow();
        try {
            return switch (command) {
                case Command.Help h -> ok(Help.text(config));
                case Command.Builds c -> ok(builds.builds(env, c));
                case Command.Rebuild c -> ok(builds.rebuild(env, c));
                case Command.Deploy c -> ok(deploys.deploy(caller, env, c));
                case Command.Deployments c -> ok(deploys.deployments(c, env));
                case Command.Rollback c -> ok(deploys.rollback(caller, env, c));
                case Command.Watch c -> {
                    Watcher.Result r = watcher.watch(c.deploymentId(), progress);
                    yield new Reply(r.text(), r.succeeded());
                }
                case Command.Status c -> {
                    CapacityOps.Report r = capacity.status(env, c);
                    yield new Reply(r.text(), r.complete());
                }
                case Command.Scale c -> ok(capacity.scale(env, c));
                case Command.Revisions c -> ok(capacity.revisions(env, c));
                case Command.Lock c -> ok(locks.lock(caller, c));
                case Command.Unlock c -> ok(locks.unlock(caller, env, c));
            };
        } catch (BotError e) {
            return new Reply(e.getMessage(), false);
        }
    }

    private static Reply ok(String text) {
        return new Reply(text, true);
    }
}
