package dev.mandelbrot.bot;

import java.time.Duration;

/** Waits between polls; tests pass one that advances a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
