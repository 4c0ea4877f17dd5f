package dev.mandelbrot.bot.cli;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.Outcome;
import dev.mandelbrot.bot.Sleeper;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.ConfigException;
import dev.mandelbrot.bot.config.ConfigLoader;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.ops.Services;
import dev.mandelbrot.bot.policy.Policy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The terminal twin: {@code mandelbot [--config FILE] [--yes] <command...>} runs one command
 * through the same core as Slack, as the local user {@code local:$USER} in the pseudo channel
 * {@code terminal}. Mutating commands in environments that require confirmation ask
 * {@code [y/N]} on standard input (no input means no) unless {@code --yes} is given.
 */
public final class Cli {

    private static final String USAGE = """
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

    /** {@code services} builds the adapters for a loaded configuration (production: {@code Wiring::services}). */
    public Cli(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
            BiFunction<BotConfig, Secrets, Services> services, Clock clock, Sleeper sleeper) {
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
        Options o;
        try {
            o = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("mandelbot: " + e.getMessage());
            err.println(USAGE);
            return ExitCode.USAGE.code();
        }
        if (o.usage()) {
            out.println(USAGE);
            return ExitCode.OK.code();
        }
        BotConfig config;
        try {
            config = ConfigLoader.load(o.config());
        } catch (ConfigException e) {
            err.println("mandelbot: " + e.getMessage());
            return ExitCode.USAGE.code();
        }
        Secrets secrets = Secrets.from(env);
        Mandelbot bot = new Mandelbot(config, services.apply(config, secrets), secrets, clock, sleeper);
        String user = env.getOrDefault("USER", "unknown");
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

    private int print(Outcome.Reply r) {
        (r.ok() ? out : err).println(r.text());
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

    /** Parsed command-line options. */
    record Options(Path config, boolean yes, boolean usage, List<String> words) {

        static Options parse(String[] args, Map<String, String> env) {
            Path config = null;
            boolean yes = false;
            boolean usage = false;
            List<String> words = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--config", "-c" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a file");
                        }
                        config = Path.of(args[++i]);
                    }
                    case "--yes", "-y" -> yes = true;
                    case "--help", "-h" -> usage = true;
                    default -> {
                        if (a.startsWith("-") && !a.equals("--force") && !a.equals("--env")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        words.add(a);
                    }
                }
            }
            if (config == null) {
                String fromEnv = env.get("MANDELBOT_CONFIG");
                config = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("mandelbot.yml");
            }
            if (words.isEmpty() && !usage) {
                usage = true;
            }
            return new Options(config, yes, usage, List.copyOf(words));
        }
    }
}
