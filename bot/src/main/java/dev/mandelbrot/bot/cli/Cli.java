package dev.mandelbrot.bot.cli;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.Outcome;
import dev.mandelbrot.bot.Sleeper;
import dev.mandelbrot.bot.Startup;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.ops.Services;
import dev.mandelbrot.bot.policy.Policy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The terminal twin: {@code mandelbot [--config FILE] [--yes] <command...>} runs one command
 * through the same core as Slack, as the local user {@code local:NAME} in the pseudo channel
 * {@code terminal}, NAME being the operating-system account that runs it (never {@code $USER},
 * which anyone can set). Mutating commands in environments that require confirmation ask
 * {@code [y/N]} on standard input (no input means no) unless {@code --yes} is given.
 */
public final class Cli {

    /** What {@code --help} prints, for both modes. */
    public static final String USAGE = """
            usage: mandelbot [--config FILE] [--yes] <command...>
                   mandelbot slack [--config FILE]      run the Slack bot (Socket Mode)
            FILE defaults to $MANDELBOT_CONFIG, else ./mandelbot.yml. Try: mandelbot help""";

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final BiFunction<BotConfig, Secrets, Services> services;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String user;

    /** {@code services} builds the adapters for a loaded configuration (production: {@code Wiring::services}). */
    public Cli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
            BiFunction<BotConfig, Secrets, Services> services, Clock clock, Sleeper sleeper) {
        this(env, in, out, err, services, clock, sleeper, osUser());
    }

    /** As the other constructor, for the terminal user {@code local:user} (tests). */
    public Cli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
            BiFunction<BotConfig, Secrets, Services> services, Clock clock, Sleeper sleeper, String user) {
        this.user = user;
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.services = services;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs one command line; returns the process exit code. Never calls {@code System.exit}. */
    public int run(String... args) {
        // Even these early messages echo what was typed or read, so they are redacted too.
        Secrets secrets = Secrets.from(env);
        Options o;
        try {
            o = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("mandelbot: " + secrets.redact(e.getMessage()));
            err.println(USAGE);
            return ExitCode.USAGE.code();
        }
        if (o.usage()) {
            out.println(USAGE);
            return ExitCode.OK.code();
        }
        Mandelbot bot;
        try {
            bot = Startup.bot(o.config(), secrets, services, clock, sleeper);
        } catch (Startup.Failed e) {
            err.println("mandelbot: " + secrets.redact(e.getMessage()));
            return ExitCode.USAGE.code();
        }
        Caller caller = new Caller(Caller.Front.CLI, "local:" + user, user, Policy.TERMINAL);
        String text = String.join(" ", o.words());

        Outcome outcome = bot.submit(caller, text);
        if (outcome instanceof Outcome.Confirm c) {
            outcome = bot.answer(c.id(), caller, o.yes() || ask(c.prompt()));
        }
        return switch (outcome) {
            case Outcome.Reply r -> print(r);
            case Outcome.Run run -> print(bot.execute(caller, run.command(), run.text(), out::println));
            case Outcome.Confirm c -> throw new IllegalStateException("confirmation answered above");
        };
    }

    /**
     * The operating-system account this process runs as, as the OS reports it: not {@code $USER}
     * (an environment variable anyone sets), nor the {@code user.name} property (which
     * {@code -Duser.name} or {@code JDK_JAVA_OPTIONS} override); that property only if the OS says nothing.
     */
    public static String osUser() {
        return ProcessHandle.current().info().user()
                .filter(u -> !u.isBlank())
                .orElseGet(() -> System.getProperty("user.name", "unknown"));
    }

    /**
     * Prints the reply; a warning (the audit log could not record it) goes to standard error and
     * leaves the exit code alone: the command did what it did, and a script that took a 1 for
     * "failed" might run a deploy twice.
     */
    private int print(Outcome.Reply r) {
        (r.ok() ? out : err).println(r.text());
        r.warning().ifPresent(w -> err.println("mandelbot: warning: " + w));
        return (r.ok() ? ExitCode.OK : ExitCode.FAILED).code();
    }

    private boolean ask(String prompt) {
        out.print(prompt.replace("`", "") + " [y/N] ");
        out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            boolean yes = line != null && List.of("y", "yes").contains(line.strip().toLowerCase(Locale.ROOT));
            if (line == null) {
                out.println();
            }
            return yes;
        } catch (IOException e) {
            return false;
        }
    }
}
