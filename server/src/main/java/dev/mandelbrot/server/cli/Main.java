package dev.mandelbrot.server.cli;

import dev.mandelbrot.server.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mandelbrot}: the command line. {@link #main} is the only place that exits the JVM;
 * {@link #run} returns the exit code so tests can call it.
 */
@Command(name = "mandelbrot",
        description = "A fast Mandelbrot renderer: serve it over HTTP or render images to files.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        subcommands = {ServeCommand.class, RenderCommand.class})
public final class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("render") && System.getProperty(SLOTS) == null) {
            // One image, then exit: the renderer's six vector slots (AMD with AVX-512) are
            // interpreted until C2 compiles them, about 0.4 s of a cold JVM, more than they save
            // on one image; four are compiled by C1 at once (see VectorKernel.SLOTS).
            System.setProperty(SLOTS, "4");
        }
        System.exit(run(args));
    }

    private static final String SLOTS = "mandelbrot.vector.slots";

    /** Runs the command line and returns its exit code (0 success, 2 usage error, 1 failure). */
    public static int run(String... args) {
        return configure(new CommandLine(new Main())).execute(args);
    }

    /**
     * The settings every command line of this program runs with, for {@link #run} and for tests
     * that run a command on its own: short usage errors ({@link UsageErrors}), enum values in any case.
     */
    static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setParameterExceptionHandler(new UsageErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mandelbrot " + Version.get()};
        }
    }
}
