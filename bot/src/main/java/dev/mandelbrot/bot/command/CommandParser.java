package dev.mandelbrot.bot.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one line of text into a {@link Command}. The grammar is the one {@code help} prints:
 * words separated by blanks, an optional environment as {@code to <env>} (deploy),
 * {@code in <env>} (the others) or {@code --env <env>}, and {@code --force} for deploy. The two
 * options may come before the command word as well as anywhere after it; {@code lock} and
 * {@code unlock} name their environment themselves and take no options.
 */
public final class CommandParser {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{6,12}");
    private static final Pattern RUN_ID = Pattern.compile("[1-9][0-9]*");
    private static final Pattern NAME = Pattern.compile("[\\w.-]{1,100}");

    private final Set<String> environments;
    private final String defaultEnvironment;

    /** A parser that knows the configured environment names and which one is the default. */
    public CommandParser(Set<String> environments, String defaultEnvironment) {
        this.environments = Set.copyOf(environments);
        this.defaultEnvironment = defaultEnvironment;
    }

    /** Parses {@code text}; never returns null. */
    public Command parse(String text) throws ParseException {
        List<String> words = new ArrayList<>(List.of(text == null ? new String[0] : text.strip().split("\\s+")));
        words.removeIf(String::isEmpty);
        if (words.isEmpty()) {
            return new Command.Help(defaultEnvironment);
        }
        List<String> leading = leadingOptions(words);
        String verb = words.isEmpty() ? "help" : words.removeFirst().toLowerCase(Locale.ROOT);
        // lock and unlock name their environment first; the reason is free text that may say "in".
        if (!leading.isEmpty() && (verb.equals("lock") || verb.equals("unlock"))) {
            throw noOptions(verb);
        }
        // Options typed before the command mean what they mean after it.
        words.addAll(leading);
        if (verb.equals("lock")) {
            return lock(words);
        }
        if (verb.equals("unlock")) {
            return new Command.Unlock(known(one(words, "unlock <env>")));
        }
        boolean force = words.remove("--force");
        String env = takeEnvironment(words, verb.equals("deploy") ? "to" : "in");
        if (force && !verb.equals("deploy")) {
            throw new ParseException("--force only applies to deploy");
        }
        return switch (verb) {
            case "help" -> noArgs(new Command.Help(env), words, "help");
            case "builds" -> builds(env, words);
            case "rebuild" -> new Command.Rebuild(env, runId(one(words, "rebuild <run id>")));
            case "deploy" -> new Command.Deploy(env, target(one(words, "deploy <sha|revision|latest> [to <env>]")), force);
            case "deployments" -> noArgs(new Command.Deployments(env), words, "deployments [in <env>]");
            case "watch" -> new Command.Watch(env, deploymentId(one(words, "watch <deployment>")));
            case "status" -> noArgs(new Command.Status(env), words, "status [in <env>]");
            case "rollback" -> noArgs(new Command.Rollback(env), words, "rollback [in <env>]");
            case "scale" -> scale(env, words);
            case "revisions" -> noArgs(new Command.Revisions(env), words, "revisions [in <env>]");
            default -> throw new ParseException("unknown command '" + clip(verb) + "'; try help");
        };
    }

    /** Removes the {@code --env <env>} and {@code --force} that precede the command word, and returns them. */
    private static List<String> leadingOptions(List<String> words) {
        List<String> leading = new ArrayList<>();
        while (!words.isEmpty() && (words.getFirst().equals("--force") || words.getFirst().equals("--env"))) {
            String option = words.removeFirst();
            leading.add(option);
            if (option.equals("--env") && !words.isEmpty()) {
                leading.add(words.removeFirst());
            }
        }
        return leading;
    }

    private String takeEnvironment(List<String> words, String keyword) throws ParseException {
        String env = null;
        for (String flag : List.of("--env", keyword)) {
            int i = words.indexOf(flag);
            if (i >= 0) {
                if (i + 1 >= words.size()) {
                    throw new ParseException(flag + " needs an environment name");
                }
                if (env != null) {
                    throw new ParseException("name the environment once");
                }
                env = known(words.get(i + 1));
                words.remove(i + 1);
                words.remove(i);
            }
        }
        return env == null ? defaultEnvironment : env;
    }

    private String known(String env) throws ParseException {
        if (!environments.contains(env)) {
            throw new ParseException("unknown environment '" + clip(env) + "'; known: "
                    + String.join(", ", environments.stream().sorted().toList()));
        }
        return env;
    }

    private static Command noArgs(Command c, List<String> words, String usage) throws ParseException {
        if (!words.isEmpty()) {
            throw new ParseException("usage: " + usage);
        }
        return c;
    }

    private static String one(List<String> words, String usage) throws ParseException {
        if (words.size() != 1) {
            throw new ParseException("usage: " + usage);
        }
        return words.getFirst();
    }

    private static Command builds(String env, List<String> words) throws ParseException {
        if (words.size() > 2) {
            throw new ParseException("usage: builds [workflow] [branch]");
        }
        for (String w : words) {
            if (!NAME.matcher(w).matches() && !w.matches("[\\w./-]{1,200}")) {
                throw new ParseException("not a workflow or branch name: '" + clip(w) + "'");
            }
        }
        Optional<String> workflow = words.isEmpty() ? Optional.empty() : Optional.of(words.get(0));
        Optional<String> branch = words.size() < 2 ? Optional.empty() : Optional.of(words.get(1));
        return new Command.Builds(env, workflow, branch);
    }

    /**
     * A run's ID, the number GitHub's re-run API needs and {@code builds} lists as {@code id}. A
     * {@code #42} is a run number (what GitHub's pages show), which names no run without its
     * workflow: it is refused with a pointer to the ID rather than re-running whatever run has
     * that ID.
     */
    private static long runId(String s) throws ParseException {
        if (s.startsWith("#")) {
            throw new ParseException("rebuild takes the run's id as builds lists it (id 123456789), not its #number: '"
                    + clip(s) + "'");
        }
        if (!RUN_ID.matcher(s).matches()) {
            throw new ParseException("a run id is a number, as listed by builds: '" + clip(s) + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ParseException("run id too large: '" + clip(s) + "'");
        }
    }

    private static DeployTarget target(String s) throws ParseException {
        if (s.equalsIgnoreCase("latest")) {
            return new DeployTarget.Latest();
        }
        // Git prints SHAs in lower case, and the bundles are named so; some tools print upper case.
        if (SHA.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
            return new DeployTarget.Commit(s.toLowerCase(Locale.ROOT));
        }
        if ((s.contains("/") || s.endsWith(".zip")) && s.matches("[\\w./=+-]{1,1024}") && !s.contains("..")) {
            return new DeployTarget.Key(s);
        }
        throw new ParseException("deploy takes a commit SHA (7 to 40 hex digits), a bundle key or latest: '" + clip(s) + "'");
    }

    private static String deploymentId(String s) throws ParseException {
        if (!DEPLOYMENT_ID.matcher(s).matches()) {
            throw new ParseException("a deployment ID looks like d-ABCDEF123: '" + clip(s) + "'");
        }
        return s;
    }

    private static Command scale(String env, List<String> words) throws ParseException {
        String usage = "usage: scale <desired> or scale <min> <desired> <max>";
        if (words.size() != 1 && words.size() != 3) {
            throw new ParseException(usage);
        }
        int[] n = new int[words.size()];
        for (int i = 0; i < n.length; i++) {
            if (!words.get(i).matches("\\d{1,4}")) {
                throw new ParseException("sizes are whole numbers from 0 to 9999: '" + clip(words.get(i)) + "'");
            }
            n[i] = Integer.parseInt(words.get(i));
        }
        if (n.length == 1) {
            return new Command.Scale(env, Optional.empty(), n[0], Optional.empty());
        }
        if (!(n[0] <= n[1] && n[1] <= n[2])) {
            throw new ParseException("sizes must satisfy min <= desired <= max, got " + n[0] + " " + n[1] + " " + n[2]);
        }
        return new Command.Scale(env, Optional.of(n[0]), n[1], Optional.of(n[2]));
    }

    private Command lock(List<String> words) throws ParseException {
        if (words.isEmpty()) {
            throw new ParseException("usage: lock <env> [reason]");
        }
        // An option after the environment would otherwise become the reason, silently.
        if (words.contains("--env") || words.contains("--force")) {
            throw noOptions("lock");
        }
        String env = known(words.removeFirst());
        String reason = String.join(" ", words);
        return new Command.Lock(env, clip(reason.isEmpty() ? "no reason given" : reason, 200));
    }

    private static ParseException noOptions(String verb) {
        return new ParseException(verb + " names its environment and takes no options: usage: "
                + (verb.equals("lock") ? "lock <env> [reason]" : "unlock <env>"));
    }

    /** Echoed user input is cut short so that a reply never grows with what was typed. */
    static String clip(String s) {
        return clip(s, 60);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
