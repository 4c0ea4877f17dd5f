package dev.mandelbrot.render.deep;

/**
 * What one deep render cost. {@code referenceNanos} is 0 when a cached reference orbit was
 * reused; {@code blaSkipped} counts iterations covered by BLA jumps rather than single steps.
 *
 * @param precisionBits fraction bits of the reference orbit's fixed-point arithmetic
 * @param referenceLength stored reference points (at most maxIterations + 1)
 * @param referenceReused whether the orbit came from the cache
 * @param referenceNanos time spent computing the reference orbit (0 if reused)
 * @param blaNanos time spent building the BLA table (0 if reused or BLA off)
 * @param totalNanos wall time of the whole render
 * @param steps single perturbation steps in plain doubles
 * @param extendedSteps single perturbation steps in the extended-range loop
 * @param blaJumps BLA applications
 * @param blaSkipped iterations covered by BLA applications
 * @param rebases times a pixel restarted at the reference's beginning
 * @param periodicInterior pixels found interior early because their state repeated exactly
 * @param interiorProofs attempts at a rigorous interior proof over one period (see {@code PeriodBall}),
 *     for one pixel or for a block of pixels at once
 * @param provenInterior pixels found interior early by such a proof
 * @param blockProven of those, pixels never iterated: a proof for their whole block covered them
 */
public record DeepStats(int precisionBits, int referenceLength, boolean referenceReused, long referenceNanos,
        long blaNanos, long totalNanos, long steps, long extendedSteps, long blaJumps, long blaSkipped, long rebases,
        long periodicInterior, long interiorProofs, long provenInterior, long blockProven) {
}
