package dev.mandelbrot.bot.confirm;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.command.Command;
import java.time.Instant;

/** A command waiting for its requester to confirm it. */
public record Pending(String id, Caller requester, Command command, String text, Instant expiresAt) {}
