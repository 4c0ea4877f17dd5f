package dev.mandelbrot.server.image;

/**
 * An encoded image and what it cost to make.
 *
 * @param bytes        the encoded file; never modified after construction
 * @param mediaType    its Content-Type
 * @param renderNanos  escape-time computation
 * @param encodeNanos  colouring and encoding
 * @param iterations   total iterations the renderer performed
 */
public record EncodedImage(byte[] bytes, String mediaType, long renderNanos, long encodeNanos, long iterations) {}
