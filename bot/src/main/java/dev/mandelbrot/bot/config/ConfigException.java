package dev.mandelbrot.bot.config;

/** A configuration problem, with a message fit to show the operator as is. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
