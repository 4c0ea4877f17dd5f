package dev.mandelbrot.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.render.EscapeField;
import dev.mandelbrot.render.RenderRequest;
import dev.mandelbrot.render.Renderer;
import dev.mandelbrot.render.Viewport;
import dev.mandelbrot.render.color.Palettes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RenderCommandTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new RenderCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aGoodRunWritesADecodablePngOfTheRequestedSizeAndSaysSo() throws IOException {
        Result r = run("--width", "64", "--height", "48", "--iterations", "200", "-o", file("set.png"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        BufferedImage image = ImageIO.read(dir.resolve("set.png").toFile());
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
        assertThat(image.getRGB(40, 24) & 0xFFFFFF).as("the centre of the cardioid is interior: black").isZero();
        assertThat(r.out()).contains("wrote", "64x48 PNG");
        assertThat(r.err()).as("no progress bar for a small image").isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"view.jpg, jpeg", "view.gif, gif"})
    void theFormatComesFromTheFileExtension(String name, String imageIoFormat) throws IOException {
        assertThat(run("-W", "40", "-H", "30", "-n", "100", "-o", file(name)).exitCode()).isZero();
        try (var in = ImageIO.createImageInputStream(dir.resolve(name).toFile())) {
            var reader = ImageIO.getImageReaders(in).next();
            assertThat(reader.getFormatName()).isEqualToIgnoringCase(imageIoFormat);
            reader.setInput(in);
            assertThat(reader.getWidth(0)).isEqualTo(40);
            assertThat(reader.getHeight(0)).isEqualTo(30);
        }
    }

    @Test
    void npyOutputHoldsOneFloatPerPixelAfterTheHeader() throws IOException {
        assertThat(run("-W", "40", "-H", "30", "-n", "100", "-q", "-o", file("counts.npy")).exitCode()).isZero();
        byte[] npy = Files.readAllBytes(dir.resolve("counts.npy"));
        assertThat(npy[0] & 0xFF).isEqualTo(0x93);
        assertThat(new String(npy, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        assertThat(new String(npy, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII)).contains("'shape': (30, 40)");
        assertThat(npy.length - 10 - headerLength).isEqualTo(4 * 40 * 30);
    }

    @Test
    void formatOverridesTheExtension() throws IOException {
        assertThat(run("-W", "20", "-H", "10", "-n", "50", "--format", "gif", "-o", file("picture.img")).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(dir.resolve("picture.img"));
        assertThat(new String(bytes, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("GIF8");
    }

    @Test
    void aRectangleGetsSquarePixelsUnlessTheHeightIsGiven() throws IOException {
        assertThat(run("--rect", "-2.5,1,-1,1", "-W", "70", "-n", "50", "-o", file("r.png")).exitCode()).isZero();
        assertThat(ImageIO.read(dir.resolve("r.png").toFile()).getHeight()).isEqualTo(40);
        assertThat(run("--rect", "-2.5,1,-1,1", "-W", "70", "-H", "70", "-n", "50", "-o", file("s.png")).exitCode()).isZero();
        assertThat(ImageIO.read(dir.resolve("s.png").toFile()).getHeight()).isEqualTo(70);
    }

    @Test
    void juliaDrawsAnotherSet() throws IOException {
        assertThat(run("-W", "48", "-H", "32", "-n", "100", "-o", file("m.png")).exitCode()).isZero();
        assertThat(run("-W", "48", "-H", "32", "-n", "100", "--julia", "-0.8,0.156", "-o", file("j.png")).exitCode()).isZero();
        BufferedImage m = ImageIO.read(dir.resolve("m.png").toFile());
        BufferedImage j = ImageIO.read(dir.resolve("j.png").toFile());
        assertThat(j.getRGB(0, 0, 48, 32, null, 0, 48)).isNotEqualTo(m.getRGB(0, 0, 48, 32, null, 0, 48));
    }

    @Test
    void paletteAndColouringOptionsChangeThePixels() throws IOException {
        assertThat(run("-W", "48", "-H", "32", "-n", "100", "-o", file("a.png")).exitCode()).isZero();
        assertThat(run("-W", "48", "-H", "32", "-n", "100", "-p", "fire", "--offset", "0.3", "--density", "2",
                "--interior", "#ff0000", "-o", file("b.png")).exitCode()).isZero();
        BufferedImage b = ImageIO.read(dir.resolve("b.png").toFile());
        assertThat(b.getRGB(30, 16) & 0xFFFFFF).as("interior colour").isEqualTo(0xFF0000);
        BufferedImage a = ImageIO.read(dir.resolve("a.png").toFile());
        assertThat(b.getRGB(0, 0) & 0xFFFFFF).isNotEqualTo(a.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void theProgressBarGoesToStandardErrorAndTheImageIsTheSame() throws IOException {
        Result r = run("-W", "160", "-H", "120", "-n", "100", "--progress", "-o", file("banded.png"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("rendering [", "  0%", "100%");
        assertThat(run("-W", "160", "-H", "120", "-n", "100", "-q", "-o", file("whole.png")).err()).isEmpty();
        BufferedImage banded = ImageIO.read(dir.resolve("banded.png").toFile());
        BufferedImage whole = ImageIO.read(dir.resolve("whole.png").toFile());
        assertThat(banded.getRGB(0, 0, 160, 120, null, 0, 160)).isEqualTo(whole.getRGB(0, 0, 160, 120, null, 0, 160));
    }

    @Test
    void bandsSampleTheSamePixelsAsOneRender() {
        try (Renderer renderer = Renderer.create(1)) {
            for (Viewport v : List.of(
                    Viewport.centred(-0.7436, 0.1318, 0.01, 97, 83),
                    new Viewport.Rectangle(-2.5, 1, -1, 1, 97, 83))) {
                RenderRequest request = RenderRequest.of(v, 300);
                List<Integer> progress = new ArrayList<>();
                EscapeField banded = RenderCommand.Bands.render(renderer, request, progress::add);
                EscapeField whole = renderer.render(request);
                int differ = 0;
                for (int p = 0; p < whole.counts().length; p++) {
                    if (whole.counts()[p] != banded.counts()[p]) differ++;
                }
                // Decimal centres are exact; only the last bit of a double pixel coordinate may
                // differ, which can move a pixel on a band edge: allow one in a thousand.
                assertThat(differ).as("pixels that differ in %s", v).isLessThanOrEqualTo(whole.counts().length / 1000);
                assertThat(progress).startsWith(0).endsWith(100).isSorted();
            }
        }
    }

    @Test
    void listPalettesNamesEveryPalette() {
        Result r = run("--list-palettes");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(Palettes.names());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "-W 10 -H 10                              ; missing the output file",
        "-p nope -o x.png                         ; unknown palette 'nope'",
        "-f tiff -o x.png                         ; unknown format 'tiff'",
        "-o x.tiff                                ; cannot tell the format",
        "--rect -2,1,-1,1 --re 0 -o x.png         ; not both",
        "--rect -2,1,-1 -o x.png                  ; four numbers",
        "--rect 1,-2,-1,1 -o x.png                ; reMin < reMax",
        "--span 0 -o x.png                        ; span must be positive",
        "--span -1e-3 -o x.png                    ; span must be positive",
        "--re abc -o x.png                        ; --re",
        "--width 0 -o x.png                       ; at least 1",
        "--width 100000 --height 100000 -o x.png  ; too large",
        "--iterations 0 -o x.png                  ; at least 1",
        "--julia 3,3 -o x.png                     ; |c| <= 2",
        "--julia 0.1 -o x.png                     ; two numbers",
        "--interior red -o x.png                  ; #RRGGBB",
        "--density 0 -o x.png                     ; density",
        "--levels 1 -o x.png                      ; levels",
        "--bogus -o x.png                         ; --bogus",
    })
    void badArgumentsExitWithTwoAndAReason(String args, String reason) {
        Result r = run(args.trim().split("\\s+"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(reason).doesNotContain("\tat ");
    }

    @Test
    void anUnwritableOutputExitsWithOneAndAReason() {
        Result r = run("-W", "8", "-H", "8", "-n", "10", "-o", file("missing/dir/x.png"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write", "no such directory").doesNotContain("\tat ");
    }
}
