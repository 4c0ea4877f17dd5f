package dev.mandelbrot.bot;

/** Where a long-running command (watch) posts its intermediate lines: a Slack thread, a terminal. */
@FunctionalInterface
public interface Progress {

    void post(String line);

    /** Discards everything; for commands that have nothing to stream. */
    Progress NONE = line -> {};
}
