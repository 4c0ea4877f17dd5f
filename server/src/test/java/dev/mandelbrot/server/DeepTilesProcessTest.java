package dev.mandelbrot.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.cli.Main;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as the launcher runs it (its {@code serve} heap and GC options, read from the
 * script), in a process of its own, asked for the tiles the explorer asks for at
 * {@code /?re=-0.6&im=0&zoom=4000}: the map's deepest level, where every reference orbit and BLA
 * table the deep engine keeps is ~10 MB. They once filled the old generation within 20 tiles and
 * the JVM exited on OutOfMemoryError. About 40 s.
 */
class DeepTilesProcessTest {

    private static final Path SCRIPT = Path.of("..", "mandelbrot").toAbsolutePath().normalize();
    private static final int Z = 4000;
    /** What the explorer asks for at z >= 263: the most a 256x256 tile may use under the default work limit. */
    private static final int ITERATIONS = 61_035;

    @TempDir
    Path dir;

    @Test
    void sequentialTilesAtTheDeepestZoomLeaveTheServerUp() throws Exception {
        List<String> options = serveOptions();
        assertThat(options).contains("-Xmx112m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--bind=127.0.0.1", "--port=" + port));
        Path log = dir.resolve("log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Http http = new Http(port);
            awaitHealthy(http, server, log);
            List<String> tiles = tilesAroundMinusZeroPointSix(30);
            for (int i = 0; i < tiles.size(); i++) {
                HttpResponse<byte[]> tile = null;
                try {
                    tile = http.get(tiles.get(i));
                } catch (RuntimeException e) {
                    // the server's exit resets the connection: its log says why
                }
                server.waitFor(200, TimeUnit.MILLISECONDS);
                assertThat(server.isAlive()).as("server alive after tile %d; log:%n%s", i + 1, tail(log)).isTrue();
                assertThat(tile).as("tile %d answered", i + 1).isNotNull();
                assertThat(tile.statusCode()).as("tile %d", i + 1).isEqualTo(200);
            }
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The tiles nearest re = -0.6, im = 0 at z = 4000, nearest first, as the explorer's map loads them. */
    private static List<String> tilesAroundMinusZeroPointSix(int count) {
        // tile x covers re from -2 + x 4 / 2^z; im = 0 is the top edge of row 2^(z-1)
        BigInteger x0 = BigInteger.valueOf(14).shiftLeft(Z).divide(BigInteger.valueOf(40));
        BigInteger y0 = BigInteger.ONE.shiftLeft(Z - 1);
        List<int[]> cells = new ArrayList<>();
        for (int dx = -4; dx <= 4; dx++) {
            for (int dy = -4; dy <= 3; dy++) {
                cells.add(new int[] {dx, dy});
            }
        }
        cells.sort(Comparator.<int[]>comparingDouble(c -> c[0] * c[0] + (c[1] + 0.5) * (c[1] + 0.5))
                .thenComparingInt(c -> c[0]).thenComparingInt(c -> c[1]));
        return cells.stream().limit(count).map(c -> "/tiles/" + Z + "/" + x0.add(BigInteger.valueOf(c[0])) + "/"
                + y0.add(BigInteger.valueOf(c[1])) + ".png?iterations=" + ITERATIONS).toList();
    }

    /** The JVM options the launcher adds for {@code serve}: those of its {@code jvm_opts+=( ... )} block for serve. */
    private static List<String> serveOptions() throws IOException {
        List<String> lines = Files.readAllLines(SCRIPT);
        int at = lines.indexOf("if [[ \"${1:-}\" == serve ]]; then");
        assertThat(at).as("the launcher's serve block").isPositive();
        assertThat(lines.get(at + 1).strip()).isEqualTo("jvm_opts+=(");
        List<String> options = new ArrayList<>();
        for (int i = at + 2; !lines.get(i).strip().equals(")"); i++) {
            options.addAll(Arrays.asList(lines.get(i).strip().split("\\s+")));
        }
        return options;
    }

    private static void awaitHealthy(Http http, Process server, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            assertThat(server.isAlive()).as("server started; log:%n%s", tail(log)).isTrue();
            try {
                if (http.get("/health").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server not healthy within 30 s; log:\n" + tail(log));
    }

    /** The log's last lines, each cut to 200 characters (a tile's path alone is 2,400). */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log).stream()
                .map(line -> line.length() > 200 ? line.substring(0, 200) + "..." : line).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }
}
