package dev.mandelbrot.render.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test-side reader for the .npy files we write, checking the format rules on the way. */
record NpyReader(int rows, int columns, float[] values) {
    private static final Pattern HEADER = Pattern.compile(
        "\\{'descr': '([^']+)', 'fortran_order': (True|False), 'shape': \\((\\d+), (\\d+)\\), } *\n");

    static NpyReader read(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.get() & 0xFF).as("magic").isEqualTo(0x93);
        byte[] magic = new byte[5];
        in.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(in.get()).as("major version").isEqualTo((byte) 1);
        assertThat(in.get()).as("minor version").isEqualTo((byte) 0);
        int headerLength = in.getShort() & 0xFFFF;
        assertThat((10 + headerLength) % 64).as("data offset aligned to 64").isZero();
        String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        assertThat(m.matches()).as("header %s", header).isTrue();
        assertThat(m.group(1)).isEqualTo("<f4");
        assertThat(m.group(2)).isEqualTo("False");
        int rows = Integer.parseInt(m.group(3));
        int columns = Integer.parseInt(m.group(4));
        in.position(10 + headerLength);
        assertThat(in.remaining()).as("data bytes").isEqualTo(4L * rows * columns);
        float[] values = new float[rows * columns];
        in.asFloatBuffer().get(values);
        return new NpyReader(rows, columns, values);
    }
}
