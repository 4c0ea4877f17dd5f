package dev.mandelbrot.bot.cli;

/** The CLI's exit codes. */
public enum ExitCode {
    /** The command ran and succeeded. */
    OK(0),
    /** The command was refused, denied, cancelled, or failed. */
    FAILED(1),
    /** Bad options or a bad configuration file: nothing was attempted. */
    USAGE(2);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
