package dev.mandelbrot.bot;

import dev.mandelbrot.bot.cli.Cli;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.ConfigException;
import dev.mandelbrot.bot.config.ConfigLoader;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.slack.SlackMain;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/** Entry point: {@code mandelbot slack} runs the bot, anything else is one CLI command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(start(args, System.getenv()));
    }

    /** Runs {@code args} with {@code env} as the environment; returns the exit code. */
    static int start(String[] args, Map<String, String> env) {
        if (args.length > 0 && args[0].equals("slack")) {
            Path file = args.length == 3 && args[1].equals("--config") ? Path.of(args[2])
                    : Path.of(env.getOrDefault("MANDELBOT_CONFIG", "mandelbot.yml"));
            if (args.length != 1 && args.length != 3) {
                System.err.println("usage: mandelbot slack [--config FILE]; got " + Arrays.toString(args));
                return 2;
            }
            BotConfig config;
            try {
                config = ConfigLoader.load(file);
            } catch (ConfigException e) {
                System.err.println("mandelbot: " + e.getMessage());
                return 2;
            }
            Secrets secrets = Secrets.from(env);
            var bot = new Mandelbot(config, Wiring.services(config, secrets), secrets, Clock.systemUTC(), Sleeper.REAL);
            return SlackMain.run(bot, secrets, System.err);
        }
        return new Cli(env, System.in, System.out, System.err, Wiring::services, Clock.systemUTC(),
                Sleeper.REAL).run(args);
    }
}
