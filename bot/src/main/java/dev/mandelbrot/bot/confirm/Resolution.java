package dev.mandelbrot.bot.confirm;

/** What became of a confirmation answer. */
public sealed interface Resolution {

    /** The requester said yes in time: run it. */
    record Confirmed(Pending pending) implements Resolution {}

    /** The requester said no. */
    record Cancelled(Pending pending) implements Resolution {}

    /** Too late: the command will not run. */
    record Expired(Pending pending) implements Resolution {}

    /** No such confirmation (already answered, or never asked). */
    record Unknown() implements Resolution {}

    /** Someone else pressed the button; the confirmation stays open for its requester. */
    record NotYours(Pending pending) implements Resolution {}
}
