package dev.mandelbrot.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ViewportSize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer in a real Chromium against the real service on a free port. Every state the
 * tests reach is saved as a screenshot under {@code target/explorer-screenshots/} so that a
 * person can look at what users see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

    /** True once every tile img of the map has decoded a 256x256 image, faded in, and none is on its way. */
    static final String TILES_LOADED = """
            () => {
              const tiles = [...document.querySelectorAll('.fractal-tiles img.leaflet-tile')];
              return document.body.dataset.tilesPending === '0' && tiles.length > 0
                  && tiles.every(t => t.complete && t.naturalWidth === 256 && t.naturalHeight === 256
                                      && getComputedStyle(t).opacity === '1');
            }""";

    ExplorerFixture fixture;
    Browser browser;
    BrowserContext context;
    Page page;
    PageWatch watch;
    String base;

    @BeforeAll
    void start() throws IOException {
        fixture = ExplorerFixture.start();
        browser = fixture.browser();
        base = fixture.base();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    @BeforeEach
    void openTab() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1152, 720).setAcceptDownloads(true));
        page = context.newPage();
        // Generous: the machine may be busy with other builds; a healthy run takes a few seconds per step.
        page.setDefaultTimeout(60_000);
        watch = PageWatch.on(page);
    }

    @AfterEach
    void closeTab() {
        context.close();
    }

    @Test
    void theHomePageLoadsWithoutErrorsAndShowsTiles() {
        page.navigate(base);
        awaitTiles();
        screenshot("01-home");

        assertThat(page.locator(".fractal-tiles img.leaflet-tile").count()).isGreaterThanOrEqualTo(12);
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.pageErrors).isEmpty();
        assertThat(watch.failedRequests).isEmpty();
        assertThat(watch.errorResponses).isEmpty();
        assertThat(page.title()).isEqualTo("Mandelbrot Explorer");
        assertThat(page.url()).contains("re=").contains("im=").contains("zoom=").contains("palette=classic");
        assertThat(page.locator("#palette option").count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void zoomingAndPanningChangeTheUrlAndReloadingItRestoresTheView() {
        page.navigate(base);
        awaitTiles();
        String home = page.url();

        page.click(".leaflet-control-zoom-in");
        page.waitForURL(url -> !url.equals(home));
        awaitTiles();
        assertThat(zoomIn(page.url())).isGreaterThan(zoomIn(home));

        drag(700, 400, 580, 330);
        String zoomed = page.url();
        assertThat(param(zoomed, "re")).isNotEqualTo(param(home, "re"));
        awaitTiles();
        screenshot("02-zoomed-and-panned");
        var before = readout();

        page.reload();
        awaitTiles();
        screenshot("03-restored-after-reload");
        assertThat(page.url()).isEqualTo(zoomed);
        assertThat(readout()).isEqualTo(before);
        assertThat(watch.failuresOtherThanCancelledTiles()).isEmpty();
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void aSharedDeepLinkKeepsEveryDigitOfItsCentre() {
        String re = "-0.74364388703715870475219150611477";
        String im = "0.13182590420531197049313205638514";
        page.navigate(base + "?re=" + re + "&im=" + im + "&zoom=20&palette=fire&iterations=1500");
        awaitTiles();
        screenshot("04-deep-link");

        assertThat(page.textContent("#centre-re")).isEqualTo(re);
        assertThat(page.textContent("#centre-im")).isEqualTo(im);
        assertThat(page.inputValue("#iterations")).isEqualTo("1500");
        assertThat(page.url()).contains("re=" + re).contains("im=" + im).contains("zoom=20").contains("iterations=1500");
        assertThat(watch.tileRequests()).allMatch(url -> url.contains("palette=fire") && url.contains("iterations=1500"));

        // J with the mouse over the map takes the point under the cursor, not the centre.
        page.mouse().move(900, 200);
        String cursor = page.textContent("#cursor");
        page.keyboard().press("j");
        page.waitForURL(url -> url.contains("julia_re="));
        assertThat(cursor.replace(" ", "")).startsWith(param(page.url(), "julia_re"));
        assertThat(param(page.url(), "julia_re")).isNotEqualTo(re);
        assertThat(page.textContent("#mode-label")).startsWith("Julia set, c = -0.7436");
    }

    static final String DEEP_RE = "-0.00000000000000000000000000000003314273324597130137084706453868142256583498189475397";
    static final String DEEP_IM = "0.99999999999999999999999999999998892258963493959868610844253384784679434331106653188";

    @Test
    void aDeepLinkBeyondZoom200KeepsEveryDigitAndLoadsRealStructure() throws IOException {
        // The period-85 minibrot near c = i (found with /api/v1/minibrot), size 1.8e-63: zoom 208.
        page.navigate(base + "?re=" + DEEP_RE + "&im=" + DEEP_IM + "&zoom=208.5");
        awaitTiles();
        Path shot = screenshot("18-deep-link-zoom-208");

        assertThat(param(page.url(), "re")).isEqualTo(DEEP_RE);
        assertThat(param(page.url(), "im")).isEqualTo(DEEP_IM);
        assertThat(page.textContent("#centre-re")).isEqualTo(DEEP_RE);
        assertThat(page.textContent("#centre-im")).isEqualTo(DEEP_IM);
        assertThat(page.textContent("#span")).isEqualTo("3.09e-62");
        assertThat(Integer.parseInt(page.inputValue("#iterations"))).isGreaterThan(40_000);
        assertThat(watch.tileRequests()).isNotEmpty().allMatch(url -> url.contains("/tiles/209/"));
        assertThat(distinctColours(ImageIO.read(shot.toFile()))).isGreaterThan(100);
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.pageErrors).isEmpty();
        assertThat(watch.errorResponses).isEmpty();
        assertThat(watch.failuresOtherThanCancelledTiles()).isEmpty();
    }

    @Test
    void zoomingInPastTheOldDoubleLimitThroughTheUiKeepsTheCentreDigits() {
        page.navigate(base + "?re=" + DEEP_RE + "&im=" + DEEP_IM + "&zoom=38&iterations=2000");
        awaitTiles();
        String anchorBefore = page.evaluate("document.body.dataset.anchorLevel").toString();
        page.focus("#map");
        // Past the old limit (zoom 42) and through a re-anchoring (30 levels below the anchor, 26).
        while (zoomIn(page.url()) < 58) {
            double before = zoomIn(page.url());
            page.keyboard().press("+");
            page.waitForURL(url -> zoomIn(url) > before);
        }
        awaitTiles();
        screenshot("19-zoomed-past-double-precision");
        assertThat(zoomIn(page.url())).isEqualTo(58.0);
        assertThat(page.evaluate("document.body.dataset.anchorLevel").toString()).isNotEqualTo(anchorBefore);
        // Zooming about the centre does not move it: every digit of the link is still there.
        assertThat(param(page.url(), "re")).isEqualTo(DEEP_RE);
        assertThat(param(page.url(), "im")).isEqualTo(DEEP_IM);

        // The wheel zooms about the pointer: the centre moves, and is written to 1/100 of a pixel.
        page.mouse().move(800, 300);
        page.mouse().wheel(0, -300);
        page.waitForURL(url -> zoomIn(url) > 58);
        double zoom = zoomIn(page.url());
        String re = param(page.url(), "re");
        assertThat(re).isNotEqualTo(DEEP_RE);
        assertThat(new BigDecimal(re).scale()).isGreaterThanOrEqualTo((int) Math.ceil((zoom + 6) * Math.log10(2)));
        awaitTiles();
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.errorResponses).isEmpty();
    }

    @Test
    void panningAtDepthMovesTheCentreByExactlyThePannedPixels() {
        page.navigate(base + "?re=" + DEEP_RE + "&im=" + DEEP_IM + "&zoom=210&iterations=3000");
        awaitTiles();
        page.focus("#map");
        BigDecimal pixel = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(216)); // 4 / 2^(210 + 8)

        page.keyboard().press("ArrowRight");
        page.waitForURL(url -> !param(url, "re").equals(DEEP_RE));
        String re = param(page.url(), "re");
        assertThat(param(page.url(), "im")).isEqualTo(DEEP_IM);
        // Leaflet pans 120 px per key: exactly 120 pixels to the right, rounded to 1/100 of a pixel.
        int places = new BigDecimal(re).scale();
        assertThat(places).isBetween(66, 70);
        BigDecimal error = new BigDecimal(re).subtract(new BigDecimal(DEEP_RE)).subtract(pixel.multiply(BigDecimal.valueOf(120)));
        assertThat(error.abs()).isLessThanOrEqualTo(BigDecimal.ONE.movePointLeft(places).divide(BigDecimal.TWO));
        assertThat(error.abs()).isLessThan(pixel.divide(BigDecimal.valueOf(100)));

        page.keyboard().press("ArrowDown");
        page.waitForURL(url -> !param(url, "im").equals(DEEP_IM));
        assertThat(param(page.url(), "re")).isEqualTo(re);
        BigDecimal down = new BigDecimal(param(page.url(), "im")).subtract(new BigDecimal(DEEP_IM)).add(pixel.multiply(BigDecimal.valueOf(120)));
        assertThat(down.abs()).isLessThan(pixel.divide(BigDecimal.valueOf(100)));
        assertThat(page.textContent("#centre-re")).isEqualTo(re);
        awaitTiles();
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.errorResponses).isEmpty();
    }

    @Test
    void aJuliaSetOpenedFromAnyDepthGetsTheSameFraming() {
        // From a shallow view: the whole Julia set, centred beside the panel.
        String seahorse = "?re=-0.743643887037151&im=0.13182590420533&zoom=";
        page.navigate(base + seahorse + "20");
        awaitTiles();
        page.keyboard().press("j");
        page.waitForURL(url -> url.contains("julia_re="));
        String shallow = page.url();
        assertThat(param(shallow, "im")).isEqualTo("0");
        assertThat(zoomIn(shallow)).isBetween(1.0, 3.0);

        // Deeper than a Julia set goes (zoom 42), and far deeper (zoom 208.5): the same framing,
        // not an off-centre view at the Julia depth limit.
        for (String deep : new String[] {seahorse + "44", "?re=" + DEEP_RE + "&im=" + DEEP_IM + "&zoom=208.5"}) {
            page.navigate(base + deep);
            awaitTiles();
            page.keyboard().press("j");
            page.waitForURL(url -> url.contains("julia_re="));
            awaitTiles();
            assertThat(param(page.url(), "re")).as("re from %s", deep).isEqualTo(param(shallow, "re"));
            assertThat(param(page.url(), "im")).as("im from %s", deep).isEqualTo("0");
            assertThat(zoomIn(page.url())).as("zoom from %s", deep).isEqualTo(zoomIn(shallow));
            assertThat(page.textContent("#toast-text")).doesNotContain("Deepest zoom");
        }
        screenshot("24-julia-from-depth");

        // A Julia place from zoom 50 lands where it does from the home view.
        page.navigate(base);
        awaitTiles();
        page.click("[data-place=rabbit]");
        page.waitForURL(url -> url.contains("julia_re="));
        String fromHome = page.url();
        page.navigate(base + seahorse + "50");
        awaitTiles();
        page.click("[data-place=rabbit]");
        page.waitForURL(url -> url.contains("julia_re="));
        assertThat(page.url()).isEqualTo(fromHome);
        assertThat(watch.errorResponses).isEmpty();
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void theHomeViewShowsTheWholeSetBesideThePanelAndZoomsOutAboutItsCentre() {
        for (int[] size : new int[][] {{1024, 768}, {1280, 800}, {1920, 1080}, {375, 667}}) {
            int w = size[0];
            int h = size[1];
            String at = w + "x" + h;
            openTabAt(w, h, w < 640);
            page.navigate(base);
            awaitTiles();
            screenshot("25-home-" + at);
            String home = page.url();
            // Where the set's extremes fall on the screen: -2 (the tip of the antenna), 0.47 (the
            // east of the cardioid) and ±1.15i (the top and bottom of the bulbs).
            double centre = Double.parseDouble(param(home, "re"));
            double pixel = Math.pow(2, -(6 + zoomIn(home)));
            double west = w / 2.0 + (-2 - centre) / pixel;
            double east = w / 2.0 + (0.47 - centre) / pixel;
            double top = h / 2.0 - 1.15 / pixel;
            var panel = page.locator("#panel").boundingBox();
            if (w < 640) {
                // a bottom sheet: the set shows above it
                assertThat(west).as(at).isGreaterThanOrEqualTo(0);
                assertThat(h - top).as(at).isLessThanOrEqualTo(panel.y);
            } else {
                assertThat(west).as(at).isGreaterThanOrEqualTo(panel.x + panel.width);
                assertThat(top).as(at).isGreaterThanOrEqualTo(0);
            }
            assertThat(east).as(at).isLessThanOrEqualTo(w);
            // The panel-free part of the map is wide enough that the set is not a speck in it.
            assertThat(east - west).as(at).isGreaterThan(0.5 * (w - (w < 640 ? 0 : panel.x + panel.width)));

            // Zooming out about the centre (keyboard, then the button) keeps the centre.
            page.keyboard().press("m");
            page.keyboard().press("-");
            page.waitForURL(url -> zoomIn(url) < zoomIn(home));
            assertThat(param(page.url(), "re")).as(at).isEqualTo(param(home, "re"));
            assertThat(param(page.url(), "im")).as(at).isEqualTo("0");
            if (w >= 640) {
                String once = page.url();
                page.click(".leaflet-control-zoom-out");
                page.waitForURL(url -> zoomIn(url) < zoomIn(once));
                assertThat(param(page.url(), "re")).as(at).isEqualTo(param(home, "re"));
            }
            awaitTiles();

            // Reset comes back to exactly the home view.
            page.keyboard().press("r");
            page.waitForURL(home);
            assertThat(watch.errorResponses).isEmpty();
            assertThat(watch.consoleErrors).isEmpty();
        }
    }

    @Test
    void zoomingOutAllTheWayShowsNoEdgeAndSendsNothingTheServiceRefuses() throws IOException {
        openTabAt(1280, 800, false);
        page.navigate(base);
        awaitTiles();
        page.keyboard().press("m");
        for (int i = 0; i < 8; i++) {
            page.keyboard().press("-");
            page.waitForTimeout(300);
        }
        awaitTiles();
        double least = zoomIn(page.url());
        Path shot = screenshot("26-zoomed-out-all-the-way");
        // No blank strip: the corners show the exterior's colour, not the page's black.
        BufferedImage image = ImageIO.read(shot.toFile());
        for (int[] p : new int[][] {{1270, 10}, {1270, 790}, {400, 10}, {400, 790}}) {
            assertThat(image.getRGB(p[0], p[1]) & 0xffffff).as("pixel %s", Arrays.toString(p)).isNotEqualTo(0);
        }

        // A link asking for less, or for a centre far out, gets the least zoom inside the plane.
        page.navigate(base + "?re=-0.75&im=0.1&zoom=-4");
        awaitTiles();
        assertThat(zoomIn(page.url())).isEqualTo(least);
        assertThat(param(page.url(), "re")).isEqualTo("-0.75");
        page.navigate(base + "?re=7.9&im=-7.9&zoom=" + least);
        awaitTiles();
        page.navigate(base + "?re=9.9&im=0&zoom=40");
        awaitTiles();
        assertThat(param(page.url(), "re")).isEqualTo("-0.6");

        // Julia sets exist for |c| <= 2 only: a link beyond shows the Mandelbrot set, J says why.
        page.navigate(base + "?re=2.5&im=0&zoom=4&julia_re=2.5&julia_im=0");
        awaitTiles();
        assertThat(page.url()).doesNotContain("julia_re");
        page.keyboard().press("j");
        page.locator("#toast").filter(new Locator.FilterOptions().setHasText("|c| ≤ 2")).waitFor();
        assertThat(page.url()).doesNotContain("julia_re");

        assertThat(watch.errorResponses).isEmpty();
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(page.locator(".fractal-tiles img.tile-failed").count()).isZero();
    }

    @Test
    void theCursorReadoutFollowsTheMapUnderAStillMouse() {
        page.navigate(base + "?re=-0.75&im=0.1&zoom=8");
        awaitTiles();
        page.mouse().move(900, 200);
        assertCursorIsUnder(900, 200);

        // The keyboard zooms about the centre: the point under the mouse changes.
        page.focus("#map");
        page.keyboard().press("+");
        page.waitForURL(url -> zoomIn(url) > 8);
        assertCursorIsUnder(900, 200);

        // So does J: the readout is in the Julia set's plane now.
        page.keyboard().press("j");
        page.waitForURL(url -> url.contains("julia_re="));
        awaitTiles();
        assertCursorIsUnder(900, 200);
    }

    /** The cursor readout is the point at (x, y) of the map (which fills the window) in the view the URL holds. */
    void assertCursorIsUnder(int x, int y) {
        String url = page.url();
        double pixel = Math.pow(2, -(6 + zoomIn(url)));
        var size = page.viewportSize();
        double re = Double.parseDouble(param(url, "re")) + (x - size.width / 2.0) * pixel;
        double im = Double.parseDouble(param(url, "im")) - (y - size.height / 2.0) * pixel;
        String[] shown = page.textContent("#cursor").replace("−", "-").replace(" ", "").replace("i", "").split("(?=[+-])(?<!^)");
        assertThat(Double.parseDouble(shown[0])).as("re under the mouse").isCloseTo(re, org.assertj.core.data.Offset.offset(pixel));
        assertThat(Double.parseDouble(shown[1])).as("im under the mouse").isCloseTo(im, org.assertj.core.data.Offset.offset(pixel));
    }

    @Test
    void theJuliaModeLabelIsReadableInFull() {
        for (int width : new int[] {1152, 390}) {
            openTabAt(width, 800, width < 640);
            page.navigate(base + "?re=0&im=0&zoom=2&julia_re=-0.734131&julia_im=0.106843");
            awaitTiles();
            Locator label = page.locator("#mode-label");
            assertThat(label.textContent()).isEqualTo("Julia set, c = -0.734131 + 0.106843i");
            // Nothing is cut off, and the label stays clear of the panel's button.
            assertThat(label.evaluate("e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textOverflow !== 'ellipsis'"))
                    .as("at %d px", width).isEqualTo(true);
            var box = label.boundingBox();
            assertThat(box.x + box.width).as("at %d px", width).isLessThanOrEqualTo(page.locator("#panel-toggle").boundingBox().x);
            assertThat(label.getAttribute("title")).isEqualTo("c = -0.734131 + 0.106843i");
            screenshot("28-julia-label-" + width);
        }
    }

    @Test
    void theMinibrotButtonLandsOnTheNucleusTheServiceFound() throws IOException {
        page.navigate(base + "?re=0&im=1&zoom=48.5");
        awaitTiles();
        Response answer = page.waitForResponse(r -> r.url().contains("/api/v1/minibrot?"), () -> {
            // Read the button in the same task as the click: busy at once, whatever the search takes.
            Object busy = page.evaluate("""
                    () => { const b = document.getElementById('minibrot'); b.click();
                            return [b.getAttribute('aria-busy'), b.getAttribute('aria-disabled'), b.textContent.trim()]; }""");
            assertThat(busy).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactly("true", "true", "Searching for a minibrot…");
        });
        assertThat(answer.status()).isEqualTo(200);
        var found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        String re = found.get("re").asText();
        String im = found.get("im").asText();
        assertThat(found.get("period").asInt()).isGreaterThan(10);

        page.waitForURL(url -> param(url, "re").equals(re) && param(url, "im").equals(im), new Page.WaitForURLOptions().setTimeout(30_000));
        assertThat(zoomIn(page.url())).isGreaterThan(80.0);
        page.locator("#minibrot[aria-busy=false]").waitFor();
        awaitTiles();
        Path shot = screenshot("20-nearest-minibrot");
        assertThat(param(page.url(), "re")).isEqualTo(re);
        assertThat(page.textContent("#centre-re")).isEqualTo(re);
        assertThat(distinctColours(ImageIO.read(shot.toFile()))).isGreaterThan(100);
        // the flight asks for tiles at many levels; under load the service sheds some (503) and
        // the page retries them: that is the documented behaviour, not an error of the page
        assertThat(watch.consoleErrorsOtherThanShedTiles()).isEmpty();
        assertThat(watch.pageErrors).isEmpty();
    }

    @Test
    void minibrotSearchesThatFindNothingOrMeetABusyServiceSaySoKindly() {
        page.navigate(base + "?re=1.5&im=1.5&zoom=30");
        awaitTiles();
        page.keyboard().press("n");
        page.locator("#toast").filter(new Locator.FilterOptions().setHasText("No minibrot")).waitFor();
        assertThat(page.textContent("#toast-text")).doesNotContain("{").doesNotContain("404");
        screenshot("21-no-minibrot");

        page.route("**/api/v1/minibrot?**", route -> route.fulfill(new Route.FulfillOptions().setStatus(503)
                .setHeaders(Map.of("Retry-After", "1", "Content-Type", "application/json"))
                .setBody("{\"status\":503,\"error\":\"every render slot is busy\"}")));
        page.click("#minibrot");
        page.locator("#toast").filter(new Locator.FilterOptions().setHasText("busy")).waitFor();
        assertThat(page.textContent("#toast-text")).contains("try the minibrot search again");
        assertThat(page.getAttribute("#minibrot", "aria-disabled")).isEqualTo("false");
        assertThat(watch.pageErrors).isEmpty();
    }

    @Test
    void theDeepPlacesShowRealStructure() throws IOException {
        page.navigate(base);
        awaitTiles();
        page.click("[data-place=deep-32]");
        page.waitForURL(url -> zoomIn(url) > 100);
        awaitTiles();
        Path shot = screenshot("22-place-deep-1e-32");
        assertThat(distinctColours(ImageIO.read(shot.toFile()))).isGreaterThan(100);
        assertThat(page.textContent("#span")).endsWith("e-32");

        page.click("[data-place=deep-50]");
        page.waitForURL(url -> zoomIn(url) > 160);
        awaitTiles();
        Path deeper = screenshot("23-place-deep-1e-50");
        assertThat(distinctColours(ImageIO.read(deeper.toFile()))).isGreaterThan(100);
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.errorResponses).isEmpty();
    }

    @Test
    void theViewArithmeticRoundTripsThroughTheUrl() {
        page.navigate(base);
        Object checks = page.evaluate("""
                async () => {
                  const g = await import('./js/geometry.js');
                  const s = await import('./js/state.js');
                  const t = await import('./js/tiles.js');
                  const a = await import('./js/anchor.js');
                  const whole = a.makeAnchor('0', '0', 1);
                  const view = s.parseView('?re=-1.5e-3&im=0.25&zoom=7.25&palette=fire&iterations=900&julia_re=-0.8&julia_im=0.156');
                  return [
                    g.toDecimal(-0.1 - 0.2, 5), g.toDecimal(-1e-20, 5), g.toDecimal(123.456, 1),
                    s.formatView(view),
                    s.parseView('?re=abc&im=1&zoom=NaN&palette=<x>&iterations=-4').re,
                    g.maxZoomAt(-0.75, 0.1), g.maxZoomAt(-1.99, 0),
                    g.autoIterations(0), g.autoIterations(20), g.autoIterations(42, 1000),
                    g.pixelSpacing(0) * 256, g.zoomForSpan(4, 256),
                    t.tileUrl({ z: 1, x: 0, y: 1 }, { palette: 'fire', iterations: 'auto', julia: null, maxIterations: 1e5 }, whole),
                    t.tileUrl({ z: 1, x: 2, y: 0 }, { palette: 'fire', iterations: 50, julia: null, maxIterations: 1e5 }, whole),
                    g.autoIterations(102), g.autoIterations(400), g.formatSpan(210, 1152), g.decimalsFor(210),
                  ];
                }""");
        assertThat(checks).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(
                "-0.3", "0", "123.5",
                "?re=-1.5e-3&im=0.25&zoom=7.25&palette=fire&iterations=900&julia_re=-0.8&julia_im=0.156",
                "-0.6",
                42, 41,
                200, 2000, 1000,
                4, 0,
                "tiles/1/0/1.png?palette=fire&iterations=252",
                "api/v1/render?re=3&im=1&span=2&width=256&height=256&iterations=50&palette=fire&format=png",
                20828, 61035, "1.09e-62", 68);
    }

    @Test
    void theDecimalHelperAndTheAnchorAreExact() {
        page.navigate(base);
        String re = "-0.00000000000000000000000000000003314273324597130137084706453868142256583498189475397";
        String im = "0.99999999999999999999999999999998892258963493959868610844253384784679434331106653188";
        Object checks = page.evaluate("""
                async ([re, im]) => {
                  const D = await import('./js/decimal.js');
                  const A = await import('./js/anchor.js');
                  const a = A.makeAnchor(re, im, 300.5);
                  const local = A.toLocal(a, re, im);
                  const back = A.toGlobal(a, local.lng, local.lat, 90);
                  const tile = A.serviceTile(a, 300, 5, -7);
                  return [
                    D.format(D.parse('1.5e-3'), 10), D.format(D.parse('-12.3400'), 10), D.format(D.parse('-0.0004'), 3),
                    D.format(D.parse('0.125'), 2), D.format(D.parse('-0.125'), 2), D.format(D.parse('7e2'), 0),
                    D.format(D.add(D.parse('0.1'), D.fromNumber(0.2)), 60),
                    D.format(D.scale2(D.parse('1'), -70), 80),
                    String(D.floorDiv(-7n, 2n)), String(D.roundDiv(-5n, 2n)), String(D.roundDiv(5n, 2n)),
                    D.toNumber(D.parse('-1e-400')) === 0 ? 'underflow' : 'ok', D.toNumber(D.parse('3.5e-10')),
                    D.places('1.2300'), D.places('5e-7'), D.places('12'),
                    D.scientific(D.log10('1.84e-62')), D.scientific(D.log10('123456'), 4), D.scientific(-2.5),
                    D.isDecimal('1e-500'), D.isDecimal('1e'), D.isDecimal('0x10'),
                    a.zo, back.re === re, back.im === im, tile.x.toString(), tile.y.toString(),
                  ];
                }""", java.util.List.of(re, im));
        // The tile of level 300 under the centre, computed here with BigDecimal, plus the local offsets (5, -7).
        java.math.BigDecimal scale = java.math.BigDecimal.valueOf(2).pow(298);
        java.math.BigInteger x = new java.math.BigDecimal(re).add(java.math.BigDecimal.valueOf(2)).multiply(scale)
                .setScale(0, java.math.RoundingMode.FLOOR).toBigInteger();
        java.math.BigInteger y = java.math.BigDecimal.valueOf(2).subtract(new java.math.BigDecimal(im)).multiply(scale)
                .setScale(0, java.math.RoundingMode.FLOOR).toBigInteger();
        // The anchor is the corner of the level-288 tile holding the centre: level 300 is 12 below it.
        java.math.BigInteger cornerX = x.shiftRight(12).shiftLeft(12);
        java.math.BigInteger cornerY = y.shiftRight(12).shiftLeft(12);
        assertThat(checks).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(
                "0.0015", "-12.34", "0",
                "0.13", "-0.13", "700",
                "0.300000000000000011102230246251565404236316680908203125",
                new java.math.BigDecimal(java.math.BigInteger.valueOf(5).pow(70), 70).toPlainString(),
                "-4", "-3", "3",
                "underflow", 3.5e-10,
                2, 7, 0,
                "1.84e-62", "1.235e5", "0.00316",
                true, false, false,
                288, true, true, cornerX.add(java.math.BigInteger.valueOf(5)).toString(),
                cornerY.subtract(java.math.BigInteger.valueOf(7)).toString());
    }

    @Test
    void choosingAPaletteRequestsTilesInThatPalette() {
        page.navigate(base);
        awaitTiles();
        assertThat(watch.tileRequests()).allMatch(url -> url.contains("palette=classic"));
        int before = watch.tileRequests().size();

        page.selectOption("#palette", "fire");
        page.waitForURL(url -> url.contains("palette=fire"));
        awaitTiles();
        screenshot("05-palette-fire");

        var after = watch.tileRequests().subList(before, watch.tileRequests().size());
        assertThat(after).isNotEmpty().allMatch(url -> url.contains("palette=fire"));
        assertThat(page.locator(".fractal-tiles img.leaflet-tile").evaluateAll(
                "tiles => tiles.every(t => t.dataset.src.includes('palette=fire'))")).isEqualTo(true);
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void exportSavesAPngOfTheChosenSizeAndNpyData() throws IOException {
        page.navigate(base);
        awaitTiles();
        page.click("#export-open");
        page.fill("#export-width", "640");
        page.fill("#export-height", "360");
        screenshot("06-export-dialog");

        Download png = page.waitForDownload(() -> page.click("#export-go"));
        page.locator("#export-status").filter(new Locator.FilterOptions().setHasText("Saved")).waitFor();
        screenshot("07-export-done");
        assertThat(png.suggestedFilename()).endsWith("_640x360.png");
        BufferedImage image = ImageIO.read(png.path().toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        assertThat(distinctColours(image)).isGreaterThan(20);

        page.check("input[name=format][value=npy]");
        page.fill("#export-width", "64");
        page.fill("#export-height", "48");
        Download npy = page.waitForDownload(() -> page.click("#export-go"));
        byte[] bytes = Files.readAllBytes(npy.path());
        String header = new String(bytes, 0, 128, StandardCharsets.ISO_8859_1);
        assertThat(npy.suggestedFilename()).endsWith("_64x48.npy");
        assertThat(header).startsWith("\u0093NUMPY").contains("'shape': (48, 64)").contains("<f4");
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void anExportBeyondTheServiceLimitIsRefusedWithAFriendlyMessage() {
        page.navigate(base);
        awaitTiles();
        page.keyboard().press("e");
        page.fill("#export-width", "16384");
        page.fill("#export-height", "16384");
        page.click("#export-go");

        assertThat(page.locator("#export-error").isVisible()).isTrue();
        // the limit this service reports at /api/v1/limits (the default MAX_PIXELS)
        assertThat(page.textContent("#export-error")).contains("pixels").contains("at most 4,194,304").doesNotContain("Exception");
        screenshot("08-export-over-limit");

        // A service configured with a smaller limit says so in a 422; the dialog learns it.
        page.route("**/api/v1/render?**", route -> route.fulfill(new Route.FulfillOptions().setStatus(422)
                .setHeaders(Map.of("Content-Type", "application/json"))
                .setBody("{\"status\":422,\"error\":\"width x height = 230400 pixels exceeds the limit of 100000 pixels\",\"parameter\":\"width\"}")));
        page.fill("#export-width", "640");
        page.fill("#export-height", "360");
        page.click("#export-go");
        page.locator("#export-error").waitFor();
        assertThat(page.textContent("#export-error")).contains("beyond what the service renders").contains("limit of 100000 pixels");
        page.fill("#export-width", "641");
        assertThat(page.textContent("#export-limit")).contains("up to 100,000 pixels");
    }

    @Test
    void theExportDialogChecksSizesAgainstTheLimitsTheServiceReports() {
        // a service whose operator lowered MAX_PIXELS: the page must learn it before any render
        page.route("**/api/v1/limits", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setHeaders(Map.of("Content-Type", "application/json"))
                .setBody("{\"maxPixels\":1000000,\"maxSide\":16384,\"maxIterations\":100000,\"maxWork\":4000000000}")));
        page.navigate(base);
        awaitTiles();
        page.keyboard().press("e");
        page.waitForFunction("() => document.querySelector('#export-limit').textContent.includes('1,000,000')");
        page.fill("#export-width", "1001");
        page.fill("#export-height", "1000");
        page.click("#export-go");

        assertThat(page.textContent("#export-error")).contains("at most 1,000,000");
    }

    @Test
    void exportSizesBeyondTheLimitsComeWithTheLargestSizeThatWorks() {
        page.navigate(base + "?re=-0.75&im=0.1&zoom=8");
        awaitTiles();
        page.keyboard().press("e");
        // 4K is 8.3 million pixels, beyond the default 4,194,304: shown, but it cannot be chosen.
        Locator uhd = page.locator("#export-preset option", new Page.LocatorOptions().setHasText("4K UHD"));
        assertThat(uhd.evaluate("o => o.disabled")).isEqualTo(true);
        assertThat(uhd.textContent()).contains("beyond the service's limits");
        assertThat(page.locator("#export-preset option", new Page.LocatorOptions().setHasText("Full HD")).evaluate("o => o.disabled")).isEqualTo(false);

        // A successful export, then one too large: the error replaces the "Saved" line and
        // offers the largest size of the same shape.
        page.fill("#export-width", "64");
        page.fill("#export-height", "48");
        page.waitForDownload(() -> page.click("#export-go"));
        page.locator("#export-status").filter(new Locator.FilterOptions().setHasText("Saved")).waitFor();
        page.fill("#export-width", "5000");
        page.fill("#export-height", "5000");
        page.click("#export-go");
        assertThat(page.textContent("#export-error")).contains("at most 4,194,304").contains("2,048 × 2,048");
        assertThat(page.locator("#export-progress").isVisible()).isFalse();
        screenshot("27-export-largest-that-works");
        page.click("#export-fit");
        assertThat(page.inputValue("#export-width")).isEqualTo("2048");
        assertThat(page.inputValue("#export-height")).isEqualTo("2048");
        assertThat(page.locator("#export-error").isVisible()).isFalse();

        // Wider than the 16384 pixels a side that /api/v1/limits reports: refused before asking.
        page.fill("#export-width", "20000");
        page.fill("#export-height", "100");
        page.click("#export-go");
        assertThat(page.textContent("#export-error")).contains("at most 16,384 pixels on a side").contains("16,384 × 81");
        assertThat(watch.requests).noneMatch(url -> url.contains("width=20000"));
        page.keyboard().press("Escape");

        // At zoom 208.5 (47,578 iterations) the window is beyond the work limit: the first size
        // offered is the largest of the window's shape (1152 x 720) that the service renders.
        page.navigate(base + "?re=" + DEEP_RE + "&im=" + DEEP_IM + "&zoom=208.5");
        awaitTiles();
        page.keyboard().press("e");
        assertThat(page.locator("#export-preset option").first().textContent()).contains("window's shape");
        int w = Integer.parseInt(page.inputValue("#export-width"));
        int h = Integer.parseInt(page.inputValue("#export-height"));
        assertThat((long) w * h * 47_578).isLessThanOrEqualTo(4_000_000_000L);
        assertThat((long) (w + 1) * (h + 1) * 47_578).isGreaterThan(4_000_000_000L);
        assertThat((double) w / h).isCloseTo(1152.0 / 720, org.assertj.core.data.Offset.offset(0.01));
        Download deep = page.waitForDownload(() -> page.click("#export-go"));
        assertThat(deep.suggestedFilename()).endsWith("_" + w + "x" + h + ".png");
        assertThat(watch.errorResponses).isEmpty();
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void theExplorerWorksWithTheKeyboardAlone() {
        page.navigate(base);
        awaitTiles();

        page.keyboard().press("Tab");
        assertThat(activeElement()).isEqualTo("A.skip-link");
        page.keyboard().press("Enter");
        assertThat(activeElement()).isEqualTo("MAIN#map");

        String start = page.url();
        page.keyboard().press("+");
        page.waitForURL(url -> zoomIn(url) > zoomIn(start));
        String zoomed = page.url();
        page.keyboard().press("ArrowRight");
        page.waitForURL(url -> !param(url, "re").equals(param(zoomed, "re")));
        assertThat(Double.parseDouble(param(page.url(), "re"))).isGreaterThan(Double.parseDouble(param(zoomed, "re")));
        assertThat(param(page.url(), "im")).isEqualTo(param(zoomed, "im"));

        // J without a pointer takes the centre: its Julia set, then back to the same view.
        String mandelbrot = page.url();
        page.keyboard().press("j");
        page.waitForURL(url -> url.contains("julia_re="));
        assertThat(param(page.url(), "julia_re")).isEqualTo(param(mandelbrot, "re"));
        awaitTiles();
        screenshot("09-julia-by-keyboard");
        page.keyboard().press("j");
        page.waitForURL(url -> !url.contains("julia_re="));
        assertThat(page.url()).isEqualTo(mandelbrot);

        // Every control is reachable with Tab and shows where the focus is.
        tabTo("#palette");
        assertThat(page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        screenshot("10-keyboard-focus");
        page.keyboard().press("ArrowDown");
        page.waitForURL(url -> !url.contains("palette=classic"));

        tabTo("#julia");
        page.keyboard().press("Shift+Slash");
        assertThat(page.locator("#help-dialog").isVisible()).isTrue();
        assertThat(page.textContent("#help-dialog")).contains("nearest minibrot");
        screenshot("11-keyboard-help");
        page.keyboard().press("Escape");
        assertThat(page.locator("#help-dialog").isVisible()).isFalse();
        assertThat(watch.consoleErrors).isEmpty();
    }

    @Test
    void aBusyServiceShowsAFriendlyMessageAndTilesRetryUntilTheyLoad() {
        Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
        page.route("**/tiles/**", route -> {
            if (refusedOnce.add(route.request().url())) {
                route.fulfill(new Route.FulfillOptions().setStatus(503)
                        .setHeaders(Map.of("Retry-After", "1", "Content-Type", "application/json"))
                        .setBody("{\"status\":503,\"error\":\"the render queue is full\"}"));
            } else {
                route.resume();
            }
        });
        page.navigate(base);
        page.locator("#toast").waitFor();
        assertThat(page.textContent("#toast-text")).contains("busy").contains("retry");
        screenshot("12-service-busy");

        awaitTiles();
        assertThat(page.locator("#toast").isHidden()).isTrue();
        assertThat(refusedOnce).isNotEmpty();
        assertThat(watch.tileRequests()).hasSizeGreaterThanOrEqualTo(2 * refusedOnce.size());
        assertThat(watch.pageErrors).isEmpty();
        screenshot("13-service-recovered");
    }

    @Test
    void zoomStopsAtTheDeepestTileLevelWithAClearMessage() {
        page.navigate(base + "?re=-0.743643887037151&im=0.13182590420533&zoom=5000&iterations=300");
        page.locator("#toast").waitFor();
        assertThat(page.textContent("#toast-text")).contains("Deepest zoom").contains("zoom 4000");
        assertThat(zoomIn(page.url())).isEqualTo(4000.0);
        assertThat(page.textContent("#span")).matches("\\d\\.\\d+e-120\\d");

        page.focus("#map");
        page.keyboard().press("+");
        page.waitForTimeout(400);
        assertThat(zoomIn(page.url())).isEqualTo(4000.0);
        awaitTiles();
        screenshot("14-depth-limit");
        assertThat(watch.errorResponses).isEmpty();

        // Julia sets are drawn in doubles: they stop where double precision does.
        page.navigate(base + "?re=0.1&im=0.1&zoom=80&julia_re=-0.8&julia_im=0.156");
        page.locator("#toast").filter(new Locator.FilterOptions().setHasText("Julia")).waitFor();
        assertThat(zoomIn(page.url())).isBetween(38.0, 46.0);
        assertThat(page.textContent("#toast-text")).contains("double precision");
    }

    @Test
    void onAPhoneThePanelIsABottomSheetAndTheMapFillsTheScreen() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(new ViewportSize(390, 844)).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
        page = context.newPage();
        page.setDefaultTimeout(60_000);
        watch = PageWatch.on(page);
        page.navigate(base + "?re=-0.7453&im=0.1127&zoom=8.5");
        awaitTiles();
        screenshot("15-phone");
        assertThat(page.getAttribute("#panel-toggle", "aria-expanded")).isEqualTo("false");

        page.tap("#panel-toggle");
        assertThat(page.getAttribute("#panel-toggle", "aria-expanded")).isEqualTo("true");
        var panel = page.locator("#panel").boundingBox();
        assertThat(panel.y + panel.height).isGreaterThan(800);
        assertThat(panel.width).isGreaterThan(360);
        screenshot("16-phone-panel");

        page.tap("[data-place=rabbit]");
        page.waitForURL(url -> url.contains("julia_re="));
        awaitTiles();
        screenshot("17-phone-julia");
        assertThat(watch.consoleErrors).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Replaces the tab with one of the given size (a touch phone when {@code phone}). */
    void openTabAt(int width, int height, boolean phone) {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(new ViewportSize(width, height))
                .setIsMobile(phone).setHasTouch(phone).setAcceptDownloads(true));
        page = context.newPage();
        page.setDefaultTimeout(60_000);
        watch = PageWatch.on(page);
    }

    void awaitTiles() {
        page.waitForFunction(TILES_LOADED);
    }

    Path screenshot(String name) {
        Path path = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(path));
        return path;
    }

    void drag(double fromX, double fromY, double toX, double toY) {
        String before = page.url();
        page.mouse().move(fromX, fromY);
        page.mouse().down();
        page.mouse().move((fromX + toX) / 2, (fromY + toY) / 2, new Mouse.MoveOptions().setSteps(5));
        page.mouse().move(toX, toY, new Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        page.waitForURL(url -> !url.equals(before));
    }

    void tabTo(String selector) {
        ExplorerFixture.tabTo(page, selector);
    }

    String activeElement() {
        return ExplorerFixture.activeElement(page);
    }

    Map<String, String> readout() {
        return Map.of(
                "re", page.textContent("#centre-re"),
                "im", page.textContent("#centre-im"),
                "span", page.textContent("#span"),
                "zoom", page.textContent("#zoom"));
    }

    static double zoomIn(String url) {
        return Double.parseDouble(param(url, "zoom"));
    }

    static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        return Arrays.stream(query == null ? new String[0] : query.split("&"))
                .filter(p -> p.startsWith(name + "="))
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst().orElse("");
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
