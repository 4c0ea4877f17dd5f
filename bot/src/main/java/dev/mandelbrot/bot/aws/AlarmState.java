package dev.mandelbrot.bot.aws;

/** A CloudWatch alarm and its state: OK, ALARM or INSUFFICIENT_DATA. */
public record AlarmState(String name, String state) {}
