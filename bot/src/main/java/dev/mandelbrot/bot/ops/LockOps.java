package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.BotError.Kind;
import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.config.Role;
import dev.mandelbrot.bot.lock.EnvLock;
import dev.mandelbrot.bot.lock.LockStore;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** {@code lock} and {@code unlock}. Only the holder or an admin may unlock. */
final class LockOps {

    private final LockStore locks;
    private final Clock clock;
    private final UnaryOperator<String> redact;

    /** {@code redact} scrubs the reason before it is stored: the lock file outlives any reply. */
    LockOps(LockStore locks, Clock clock, UnaryOperator<String> redact) {
        this.locks = locks;
        this.clock = clock;
        this.redact = redact;
    }

    String lock(Caller caller, Command.Lock c) {
        EnvLock mine = new EnvLock(caller.userId(), caller.userName(), redact.apply(c.reason()), clock.instant());
        EnvLock held = locks.lock(c.environment(), mine);
        if (held != mine) {
            String who = held.userId().equals(caller.userId()) ? "you" : held.userName();
            throw new BotError(Kind.REFUSED, c.environment() + " is already locked by " + who + " since "
                    + Text.time(held.since()) + " (" + held.reason() + ").");
        }
        return c.environment() + " is locked by " + caller.userName() + ": " + mine.reason() + ". Deploys are refused until unlock "
                + c.environment() + ".";
    }

    String unlock(Caller caller, Environment env, Command.Unlock c) {
        EnvLock held = locks.holder(c.environment()).orElseThrow(
                () -> new BotError(Kind.REFUSED, c.environment() + " is not locked."));
        boolean admin = env.roleOf(caller.userId()).map(r -> r.includes(Role.ADMIN)).orElse(false);
        if (!held.userId().equals(caller.userId()) && !admin) {
            throw new BotError(Kind.REFUSED, c.environment() + " is locked by " + held.userName()
                    + "; only they or an admin can unlock it.");
        }
        locks.unlock(c.environment());
        return c.environment() + " is unlocked (was locked by " + held.userName() + ": " + held.reason() + ").";
    }
}
