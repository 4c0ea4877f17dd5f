package dev.mandelbrot.bot.command;

/** Input that is not a valid command; the message says what is wrong and how to write it. */
public final class ParseException extends Exception {
    public ParseException(String message) {
        super(message);
    }
}
