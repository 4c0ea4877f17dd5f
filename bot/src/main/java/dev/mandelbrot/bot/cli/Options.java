package dev.mandelbrot.bot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of both modes, {@code mandelbot [--config FILE] [--yes] <command...>} and
 * {@code mandelbot slack [--config FILE]}: the options may come anywhere, before or after the
 * words. {@code --env} and {@code --force} are the command's own and stay among its words.
 *
 * @param config the configuration file: {@code --config}, else {@code $MANDELBOT_CONFIG}, else ./mandelbot.yml
 * @param yes {@code --yes}: answer confirmations with yes
 * @param usage {@code --help}, or nothing to run
 * @param words the command, e.g. {@code [deploy, latest, to, staging]}, or {@code [slack]}
 */
public record Options(Path config, boolean yes, boolean usage, List<String> words) {

    /** Reads {@code args}; {@code env} supplies MANDELBOT_CONFIG. */
    public static Options parse(String[] args, Map<String, String> env) {
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

    /** True when the words ask for the Slack bot rather than one command. */
    public boolean slack() {
        return !words.isEmpty() && words.getFirst().equals("slack");
    }
}
