package dev.mandelbrot.bot.policy;

/** The policy's answer. */
public sealed interface Decision {

    record Allow() implements Decision {}

    /** {@code reason} is shown to the user as is. */
    record Deny(String reason) implements Decision {}
}
