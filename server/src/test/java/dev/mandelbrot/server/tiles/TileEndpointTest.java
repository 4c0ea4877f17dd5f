package dev.mandelbrot.server.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.server.Http;
import dev.mandelbrot.server.LocalServer;
import dev.mandelbrot.server.limits.Limits;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TileEndpointTest {

    @RegisterExtension
    static final LocalServer server = new LocalServer();

    @Test
    void tilesArePngOrJpegOf256By256Pixels() {
        for (String path : new String[] {"/tiles/0/0/0.png", "/tiles/2/1/2.jpg", "/tiles/5/10/12.jpeg"}) {
            var response = server.http().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            BufferedImage image = Http.image(response.body());
            assertThat(image.getWidth()).isEqualTo(256);
            assertThat(image.getHeight()).isEqualTo(256);
        }
        assertThat(server.http().get("/tiles/2/1/2.jpg").headers().firstValue("Content-Type")).hasValue("image/jpeg");
    }

    @Test
    void theTopLeftTileOfLevelOneShowsTheSetsUpperLeftQuarter() {
        // Tile 1/0/0 covers re in [-2, 0], im in [0, 2]; its lower-right corner (near -0.1 + 0.1i)
        // lies inside the main cardioid, its upper-left corner (-2 + 2i) far outside.
        BufferedImage tile = Http.image(server.http().get("/tiles/1/0/0.png").body());
        BufferedImage below = Http.image(server.http().get("/tiles/1/0/1.png").body());

        assertThat(tile.getRGB(250, 250) & 0xFFFFFF).isEqualTo(0);
        assertThat(tile.getRGB(3, 3) & 0xFFFFFF).isNotEqualTo(0);
        // y grows downward: tile 1/0/1 is the mirror image (im -> -im) of tile 1/0/0.
        assertThat(below.getRGB(250, 5)).isEqualTo(tile.getRGB(250, 250));
    }

    @Test
    void tileCoordinatesAreArbitraryPrecisionIntegers() {
        // 2^70 tiles per side: far deeper than double resolves, so the deep-zoom engine draws it.
        var deep = server.http().get("/tiles/70/1180591620717411303423/590295810358705651711.png?iterations=300");
        var outOfRange = server.http().get("/tiles/70/1180591620717411303424/0.png");

        assertThat(deep.statusCode()).isEqualTo(200);
        assertThat(Http.image(deep.body()).getWidth()).isEqualTo(256);
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(new String(outOfRange.body())).contains("\"parameter\":\"x\"");
    }

    @Test
    void theDefaultIterationCountGrowsWithZoomWithinTheLimits() {
        var tiles = new TileEndpoint(new Limits(1L << 24, 5_000, 1L << 40), null);

        assertThat(tiles.defaultIterations(0)).isLessThan(tiles.defaultIterations(10));
        assertThat(tiles.defaultIterations(10)).isLessThan(tiles.defaultIterations(20));
        assertThat(tiles.defaultIterations(1_000)).isEqualTo(5_000);
    }

    @Test
    void tilesMayBeCachedForever() {
        var response = server.http().get("/tiles/3/3/3.png");

        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }
}
