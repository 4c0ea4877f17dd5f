package dev.mandelbrot.bot;

import dev.mandelbrot.bot.audit.AuditUnavailable;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.ConfigException;
import dev.mandelbrot.bot.config.ConfigLoader;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.ops.Services;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * What both fronts do before they take a command: load the configuration, build the clients,
 * and make sure the audit log and the lock file can be written. Each way this can fail is one line for the
 * operator, and nothing has been attempted yet (the CLI's exit code 2).
 */
public final class Startup {

    private Startup() {}

    /** A reason the bot cannot start, fit to print as is (after redaction). */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    /** The core for the configuration in {@code file}, with the clients {@code services} builds for it. */
    public static Mandelbot bot(Path file, Secrets secrets, BiFunction<BotConfig, Secrets, Services> services,
            Clock clock, Sleeper sleeper) throws Failed {
        BotConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new Failed(e.getMessage());
        }
        Services built;
        try {
            built = services.apply(config, secrets);
        } catch (RuntimeException e) {
            // The loader rejects what is known to break the SDK's builders; this keeps anything
            // it misses a one-line error too, rather than a stack trace.
            throw new Failed("cannot set up the AWS and GitHub clients for " + file + ": " + e.getMessage());
        }
        Mandelbot bot = new Mandelbot(config, built, secrets, clock, sleeper);
        try {
            bot.requireAudit();
        } catch (AuditUnavailable e) {
            throw new Failed(e.getMessage() + "; nothing was done");
        }
        try {
            bot.requireLocks();
        } catch (BotError e) {
            throw new Failed(e.getMessage() + "; nothing was done");
        }
        return bot;
    }
}
