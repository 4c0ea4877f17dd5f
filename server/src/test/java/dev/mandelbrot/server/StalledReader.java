package dev.mandelbrot.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A GET on a plain socket whose answer is read only when the test says so: a client that
 * stalls mid-download, as a slow mobile link or a client that never reads does. Its receive
 * buffer is small, so a large answer is left waiting in the server, not in the kernel.
 */
public final class StalledReader implements AutoCloseable {

    /** The status and Content-Length of an answer. */
    public record Head(int status, OptionalLong contentLength) {}

    private final Socket socket;
    private final InputStream in;

    private StalledReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Sends {@code GET pathAndQuery} to 127.0.0.1:{@code port} and reads nothing yet. */
    public static StalledReader get(int port, String pathAndQuery) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096); // before connecting: it sets the TCP window
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new StalledReader(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the status line and headers, and no byte of the body: they arrive once the server has
     * started writing the answer.
     */
    public Head head() {
        try {
            var header = new ByteArrayOutputStream();
            while (!header.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed in the header: " + header);
                }
                header.write(b);
            }
            String[] lines = header.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            OptionalLong length = OptionalLong.empty();
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = OptionalLong.of(Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
            return new Head(status, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the rest of the answer up to the end of the connection; the number of bytes read. */
    public long readToEnd() {
        try {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the connection with the answer unread: the client is gone. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
