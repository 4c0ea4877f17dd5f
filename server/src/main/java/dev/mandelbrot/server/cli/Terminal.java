package dev.mandelbrot.server.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal, which decides if a progress bar is drawn by default. */
final class Terminal {

    private Terminal() {}

    /**
     * True if file descriptor 2 is a terminal. {@link System#console()} cannot tell: it is about
     * standard input and output ({@code render -o - > x.png} has no console, {@code 2>log} still
     * has one). On Linux, {@code /proc/self/fd/2} names what fd 2 is open on, and terminals are
     * {@code /dev/pts/N}, {@code /dev/ttyN} or {@code /dev/console}; where /proc is missing, the
     * console is the best guess left.
     */
    static boolean standardError() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
