package dev.mandelbrot.bot.aws;

/** One registered target of the load balancer's target group and its health. */
public record TargetHealth(String id, Integer port, String state, String reason) {}
