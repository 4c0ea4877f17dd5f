package dev.mandelbrot.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mandelbrot.render.color.Palettes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        int code = Main.configure(new CommandLine(new RenderCommand()))
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
        assertThat(r.err()).contains("rendering [", "  0%")
                .as("the encoding said on the bar's line, which then ends").endsWith("100%, encoding PNG...\n");
        assertThat(run("-W", "160", "-H", "120", "-n", "100", "-q", "-o", file("whole.png")).err()).isEmpty();
        BufferedImage banded = ImageIO.read(dir.resolve("banded.png").toFile());
        BufferedImage whole = ImageIO.read(dir.resolve("whole.png").toFile());
        assertThat(banded.getRGB(0, 0, 160, 120, null, 0, 160)).isEqualTo(whole.getRGB(0, 0, 160, 120, null, 0, 160));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "seahorse valley, doubles ; --re -0.743643887 --im 0.131825904 --span 1e-7 -n 5000 -W 240 -H 180",
        "across the real axis     ; --re -0.75 --span 3 -n 300 -W 203 -H 151",
        "a rectangle              ; --rect -2.5,1,-1,1 -n 300 -W 197 -H 153",
        "deep zoom                ; --re -1.7497219223274 --im 0 --span 1e-18 -n 3000 -W 96 -H 72",
    })
    void theProgressBarNeverChangesAPixel(String view, String args) throws IOException {
        List<String> common = new ArrayList<>(List.of(args.trim().split("\\s+")));
        List<String> shown = new ArrayList<>(common);
        shown.addAll(List.of("--progress", "-o", file("shown.npy")));
        List<String> quiet = new ArrayList<>(common);
        quiet.addAll(List.of("-q", "-o", file("quiet.npy")));

        Result withBar = run(shown.toArray(String[]::new));
        assertThat(withBar.exitCode()).as(withBar.err()).isZero();
        assertThat(withBar.err()).contains("rendering [", "  0%", "100%, encoding ");
        assertThat(run(quiet.toArray(String[]::new)).exitCode()).isZero();
        // the same escape counts bit for bit: the bar watches the one render of the whole image
        assertThat(Files.readAllBytes(dir.resolve("shown.npy"))).isEqualTo(Files.readAllBytes(dir.resolve("quiet.npy")));
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
        "--span 0 -o x.png                        ; --span must be > 0, got 0",
        "--span -1e-3 -o x.png                    ; --span must be > 0",
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
        "--re 1e400 -o x.png                      ; --re must be within [-10, 10]",
        "--im 1e309 -o x.png                      ; --im must be within [-10, 10]",
        "--span 1e400 -o x.png                    ; --span must be <= 100",
        "--span 1e-20000 -o x.png                 ; --span must have a decimal exponent within +-10000",
        "--julia 0,0 --span 1e400 -o x.png        ; --span must be <= 100",
        "--julia -0.8,0.156 --re 0.1 --span 1e-20 -o x.png ; view too deep for double precision",
        "--rect -1e308,1e308,-1,1 -o x.png        ; --rect must be at most 100 wide",
        "--rect 1e300,1e301,0,1 -o x.png          ; --rect must have its centre within",
        "--rect 0.1,0.100000000000001,0,1 -W 64 -H 48 -o x.png ; view too deep for double precision",
        "-W 1000 --rect -1e-9,1e-9,-1,1 -o x.png  ; image too large: square pixels make the rectangle 1000x1000000000000",
        "-W 1000 --rect 0,0.000001,0,4.294967796 -o x.png ; image too large",
        "-W 70000 -H 2 -n 50 -o x.gif             ; GIF images are at most 65,535 pixels a side, not 70000x2",
        "-W 2 -H 65501 -n 50 -o x.jpg             ; JPEG images are at most 65,500 pixels a side, not 2x65501",
        "--rect 0.1,0.100000000000001,0,1 -W 64 -H 48 -o x.png ; --re/--im/--span zooms deeper",
        "--re NaN -o x.png                        ; is not a decimal number (such as",
        "--span 0x1p3 -o x.png                    ; is not a decimal number (such as",
        "--offset NaN -o x.png                    ; is not a decimal number (such as",
        "--offset Infinity -o x.png               ; is not a decimal number (such as",
        "--julia 1e999,0 -o x.png                 ; is too large",
        "--rect -2.5,1d,-1,1 -o x.png             ; is not a decimal number (such as",
        "--density 0 -o x.png                     ; --density must be > 0, got 0.0",
        "--levels 1 -o x.png                      ; --levels must be in [2, 4096], got 1",
        "--julia 3,3 -o x.png                     ; --julia: Julia parameter c must satisfy |c| <= 2",
    })
    void badArgumentsExitWithTwoAndAReason(String args, String reason) {
        Result r = run(args.trim().split("\\s+"));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(reason).doesNotContain("\tat ").doesNotContain("java.");
        // the reason, then where the help is: not the whole usage text after it
        assertThat(r.err()).startsWith("render: ").endsWith("Try 'render --help' for the options." + System.lineSeparator())
                .doesNotContain("Usage:");
    }

    @Test
    void anUnwritableOutputExitsWithOneAndAReasonBeforeRendering() {
        Result r = run("-W", "1500", "-H", "1500", "-n", "3000", "--progress", "-o", file("missing/dir/x.png"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write", "no such directory").doesNotContain("\tat ")
                .as("refused before the render started").doesNotContain("rendering [");
        Result directory = run("-W", "8", "-H", "8", "-n", "10", "-f", "png", "-o", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(1);
        assertThat(directory.err()).contains("cannot write", "is a directory");
    }

    @Test
    void aFileNameTooLongIsRefusedBeforeRendering() {
        Result r = run("-W", "1500", "-H", "1500", "-n", "3000", "--progress", "-o", file("x".repeat(300) + ".png"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write", "file name too long").as("refused before the render started")
                .doesNotContain("rendering [");
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamedAsSuch() throws IOException {
        Files.writeString(dir.resolve("a.png"), "not a folder");
        Result r = run("-W", "8", "-H", "8", "-n", "10", "-o", file("a.png/b.png"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write", "not a directory: " + dir.resolve("a.png"))
                .doesNotContain("no such directory");
    }

    @Test
    void aFolderThatTakesNoNewFilesIsNotCalledMissing() {
        Result r = run("-W", "8", "-H", "8", "-n", "10", "-o", "/proc/mandelbrot-test.png");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot write").doesNotContain("no such directory");
    }

    @Test
    void aSymbolicLinkIsWrittenThroughNotReplaced() throws IOException {
        Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), Path.of("real", "set.png"));
        assertThat(run("-W", "20", "-H", "10", "-n", "50", "-o", link.toString()).exitCode()).isZero();
        assertThat(Files.isSymbolicLink(link)).as("still a link").isTrue();
        assertThat(ImageIO.read(dir.resolve("real/set.png").toFile()).getWidth()).isEqualTo(20);
        try (var files = Files.list(dir.resolve("real"))) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void anExistingFileKeepsItsPermissions() throws IOException {
        Path image = dir.resolve("private.png");
        Files.writeString(image, "old");
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("-W", "20", "-H", "10", "-n", "50", "-q", "-o", image.toString()).exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image))).isEqualTo("rw-------");
        assertThat(ImageIO.read(image.toFile()).getWidth()).isEqualTo(20);
    }

    @Test
    void aFileNameNearTheSystemsLimitIsWritten() throws IOException {
        String name = "m".repeat(245) + ".png"; // 249 bytes: NAME_MAX is 255
        Result r = run("-W", "20", "-H", "10", "-n", "50", "-q", "-o", file(name));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ImageIO.read(dir.resolve(name).toFile()).getWidth()).isEqualTo(20);
    }

    @Test
    void aNamedPipeIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Result r = run("-W", "20", "-H", "10", "-n", "50", "-q", "-o", fifo.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        byte[] png = read.get(30, TimeUnit.SECONDS);
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(20);
        assertThat(Files.isRegularFile(fifo)).as("still a named pipe").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    @Test
    void aCharacterDeviceIsWrittenIntoNotReplaced() throws Exception {
        // our own null device inside the test directory, never the system's /dev/null
        Path nul = dir.resolve("null");
        assumeTrue(new ProcessBuilder("mknod", nul.toString(), "c", "1", "3").start().waitFor() == 0,
                "mknod needs root");
        Result r = run("-W", "20", "-H", "10", "-n", "50", "-o", nul.toString(), "-f", "png");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.isRegularFile(nul)).as("still a device").isFalse();
        assertThat(Files.getAttribute(nul, "unix:mode")).satisfies(mode -> assertThat(((int) mode) & 0170000).isEqualTo(0020000));
    }

    @Test
    void aWritableFileInAReadOnlyDirectoryIsOverwrittenInPlace() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path image = Files.writeString(locked.resolve("x.png"), "old");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "permissions are not enforced for this user (root)");
            Result r = run("-W", "20", "-H", "10", "-n", "50", "-q", "-o", image.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(ImageIO.read(image.toFile()).getWidth()).isEqualTo(20);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
