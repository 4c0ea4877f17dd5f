package dev.mandelbrot.bot;

import dev.mandelbrot.bot.cli.Cli;
import dev.mandelbrot.bot.cli.Options;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.slack.SlackMain;
import java.time.Clock;
import java.util.Map;

/** Entry point: {@code mandelbot slack} runs the bot, anything else is one CLI command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(start(args, System.getenv()));
    }

    /**
     * Runs {@code args} with {@code env} as the environment; returns the exit code. Both modes read
     * the same options ({@code --config FILE}, {@code -c FILE}, {@code --help}) in any order.
     */
    static int start(String[] args, Map<String, String> env) {
        Cli cli = new Cli(env, System.in, System.out, System.err, Wiring::services, Clock.systemUTC(), Sleeper.REAL);
        Options o;
        try {
            o = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            return cli.run(args); // the terminal front reports bad options, with the usage
        }
        return o.slack() ? slack(o, env) : cli.run(args);
    }

    private static int slack(Options o, Map<String, String> env) {
        if (o.usage()) {
            System.out.println(Cli.USAGE);
            return 0;
        }
        if (o.words().size() > 1 || o.yes()) {
            // The bot asks with buttons; --yes and trailing words are mistakes worth stopping for.
            System.err.println("mandelbot: usage: mandelbot slack [--config FILE]");
            return 2;
        }
        Secrets secrets = Secrets.from(env);
        Mandelbot bot;
        try {
            bot = Startup.bot(o.config(), secrets, Wiring::services, Clock.systemUTC(), Sleeper.REAL);
        } catch (Startup.Failed e) {
            System.err.println("mandelbot: " + secrets.redact(e.getMessage()));
            return 2;
        }
        return SlackMain.run(bot, secrets, System.err);
    }
}
