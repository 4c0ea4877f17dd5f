package dev.mandelbrot.render.image;

import dev.mandelbrot.render.EscapeField;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes escape counts as a NumPy {@code .npy} file, format version 1.0 (numpy's
 * {@code format.py}): the magic {@code \x93NUMPY}, version bytes 1 and 0, a little-endian
 * uint16 header length, then an ASCII Python dict literal padded with spaces and ended by a
 * newline so that the data starts at a multiple of 64 bytes, then the data. Here the data is
 * {@code <f4} in C order, shape {@code (height, width)}: {@code np.load(path)[j, i]} is pixel
 * (i, j), with row 0 at the top as in the images.
 */
final class NpyEncoder {
    private static final int ALIGN = 64;
    private static final int ROWS_PER_WRITE = 64;

    private NpyEncoder() {}

    static void write(EscapeField field, OutputStream out) throws IOException {
        out.write(header(field.height(), field.width()));
        int[] counts = field.counts();
        int width = field.width();
        ByteBuffer buffer = ByteBuffer.allocate(4 * width * Math.min(ROWS_PER_WRITE, field.height()))
            .order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < counts.length; ) {
            buffer.clear();
            while (buffer.remaining() >= 4 && p < counts.length) {
                int n = counts[p++];
                buffer.putFloat(n < 0 ? -1f : n);
            }
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    static byte[] header(int rows, int columns) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int unpadded = 10 + dict.length() + 1; // magic 6, version 2, length 2, dict, newline
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] header = new byte[10 + text.length()];
        header[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, header, 1, 5);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte) text.length();
        header[9] = (byte) (text.length() >>> 8);
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, header, 10, text.length());
        return header;
    }
}
