package dev.mandelbrot.render;

import dev.mandelbrot.render.deep.NucleusFinder;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A minibrot (a small copy of the Mandelbrot set) found near a point: its period p, its nucleus
 * (the centre c with z(p) = 0, to the digits its size calls for) and its approximate size
 * (the radius of its main cardioid's scale; a view with span about 10 * size frames it).
 *
 * @param period the period of the nucleus' orbit (>= 1)
 * @param re real part of the nucleus
 * @param im imaginary part of the nucleus
 * @param size approximate size, a few significant digits
 */
public record Minibrot(int period, BigDecimal re, BigDecimal im, BigDecimal size) {

    public Minibrot {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, got " + period);
        }
        Objects.requireNonNull(re, "re");
        Objects.requireNonNull(im, "im");
        Objects.requireNonNull(size, "size");
    }

    /**
     * Finds the minibrot of lowest period whose nucleus lies (to first order) within {@code radius}
     * of (re, im): the period by the ball method (the first n at which the disc of the orbit
     * points of the search disc contains 0), the nucleus by Newton's method in arbitrary precision.
     * Empty when no period up to {@code maxPeriod} is found or Newton does not converge.
     *
     * <p>Cost grows with the period and the digits: about 4 s for period 1,331 at radius 1e-500
     * (3,450-bit arithmetic) on one core here.
     *
     * @throws IllegalArgumentException if radius <= 0 or below about 1e-5000, or maxPeriod < 1
     */
    public static Optional<Minibrot> find(BigDecimal re, BigDecimal im, BigDecimal radius, int maxPeriod) {
        return find(re, im, radius, maxPeriod, Cancellation.never());
    }

    /**
     * {@link #find(BigDecimal, BigDecimal, BigDecimal, int)} that stops when {@code cancel} says so:
     * it is polled at every step of the orbit loops (each a few multiplications of hundreds to
     * thousands of bits), so a cancelled search ends within milliseconds.
     *
     * @throws java.util.concurrent.CancellationException once {@code cancel} is cancelled
     */
    public static Optional<Minibrot> find(BigDecimal re, BigDecimal im, BigDecimal radius, int maxPeriod,
            Cancellation cancel) {
        return NucleusFinder.find(re, im, radius, maxPeriod, cancel);
    }
}
