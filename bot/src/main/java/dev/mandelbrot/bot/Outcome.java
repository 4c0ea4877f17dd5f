package dev.mandelbrot.bot;

import dev.mandelbrot.bot.command.Command;
import java.time.Instant;
import java.util.Optional;

/** What the core says after reading a command or a confirmation answer. */
public sealed interface Outcome {

    /**
     * Finished: show {@code text}; {@code ok} is false for denials, bad input and failures.
     * {@code warning}, when present, is something the operator must hear about that does not
     * change the result: the audit log could not record it.
     */
    record Reply(String text, boolean ok, Optional<String> warning) implements Outcome {

        public Reply(String text, boolean ok) {
            this(text, ok, Optional.empty());
        }
    }

    /** Ask the user to confirm; answer later with {@link Mandelbot#answer}. */
    record Confirm(String id, String prompt, Instant expiresAt) implements Outcome {}

    /**
     * Allowed: the front runs it with {@link Mandelbot#execute}, possibly on another thread.
     * {@code text} is the command line as typed, with any token in it redacted: fronts echo it.
     */
    record Run(Command command, String text) implements Outcome {}
}
