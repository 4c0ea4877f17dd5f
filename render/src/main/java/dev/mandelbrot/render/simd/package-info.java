/**
 * Internal, <strong>not API</strong>: vector arithmetic that the SIMD kernels and the vector
 * colouring share. Public only because those live in other packages of this module (which has no
 * {@code module-info} to restrict it); it changes without notice.
 */
package dev.mandelbrot.render.simd;
