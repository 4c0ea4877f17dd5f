/**
 * Internal, <strong>not API</strong>: the escape-time kernels and the tile scheduler behind
 * {@link dev.mandelbrot.render.Renderer}.
 *
 * <p>The types here are {@code public} only because the facade in {@code dev.mandelbrot.render}
 * and the JMH benchmarks in {@code bench/} must reach them across a package boundary (the module has
 * no {@code module-info}, so Java cannot export them to just those two). Nothing outside the render
 * module and the benchmarks may use them; they change without notice.
 *
 * <p>Shape (after Lucene's {@code VectorUtilSupport}): one interface ({@link Kernel}), a plain scalar
 * reference ({@link ScalarKernel}), and SIMD implementations that are the only classes importing
 * {@code jdk.incubator.vector}. {@link Kernels#best()} picks one once, logs the choice, and falls back
 * to the scalar kernel when the Vector API is missing or unusable. Exact interior shortcuts beyond
 * the closed forms live in {@link InteriorProof} (ball arithmetic, used per pixel by the kernels and
 * per block by {@link ProvenRegions}, which {@code best()} wraps around the SIMD kernels).
 */
package dev.mandelbrot.render.kernel;
