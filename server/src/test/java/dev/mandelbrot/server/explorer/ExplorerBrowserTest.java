package dev.mandelbrot.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ViewportSize;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
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

    /** True once every tile img of the map has decoded a 256x256 image and none is on its way. */
    static final String TILES_LOADED = """
            () => {
              const tiles = [...document.querySelectorAll('.fractal-tiles img.leaflet-tile')];
              return document.body.dataset.tilesPending === '0' && tiles.length > 0
                  && tiles.every(t => t.complete && t.naturalWidth === 256 && t.naturalHeight === 256);
            }""";

    MandelbrotServer server;
    Playwright playwright;
    Browser browser;
    BrowserContext context;
    Page page;
    PageWatch watch;
    String base;

    @BeforeAll
    void start() throws IOException {
        // One browser tab never has more than a handful of requests in flight, but a roomy
        // queue keeps slow CI machines from answering 503 here; busy answers have their own test.
        server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withQueueCapacity(64));
        base = "http://127.0.0.1:" + server.port() + "/";
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
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

    @Test
    void theViewArithmeticRoundTripsThroughTheUrl() {
        page.navigate(base);
        Object checks = page.evaluate("""
                async () => {
                  const g = await import('./js/geometry.js');
                  const s = await import('./js/state.js');
                  const t = await import('./js/tiles.js');
                  const view = s.parseView('?re=-1.5e-3&im=0.25&zoom=7.25&palette=fire&iterations=900&julia_re=-0.8&julia_im=0.156');
                  return [
                    g.toDecimal(-0.1 - 0.2, 5), g.toDecimal(-1e-20, 5), g.toDecimal(123.456, 1),
                    s.formatView(view),
                    s.parseView('?re=abc&im=1&zoom=NaN&palette=<x>&iterations=-4').re,
                    g.maxZoomAt(-0.75, 0.1), g.maxZoomAt(-1.99, 0),
                    g.autoIterations(0), g.autoIterations(20), g.autoIterations(42, 1000),
                    g.pixelSpacing(0) * 256, g.zoomForSpan(4, 256),
                    t.tileUrl({ z: 1, x: 0, y: 1 }, { palette: 'fire', iterations: 'auto', julia: null, maxIterations: 1e5 }),
                    t.tileUrl({ z: 1, x: 2, y: 0 }, { palette: 'fire', iterations: 50, julia: null, maxIterations: 1e5 }),
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
                "api/v1/render?re=3&im=1&span=2&width=256&height=256&iterations=50&palette=fire&format=png");
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
        assertThat(page.textContent("#export-error")).contains("pixels").contains("at most").doesNotContain("Exception");
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
    void zoomStopsAtTheLimitOfDoublePrecisionWithAClearMessage() {
        page.navigate(base + "?re=-0.743643887037151&im=0.13182590420533&zoom=80");
        page.locator("#toast").waitFor();
        assertThat(page.textContent("#toast-text")).contains("Deepest zoom");
        double zoom = zoomIn(page.url());
        assertThat(zoom).isBetween(38.0, 46.0);

        page.focus("#map");
        page.keyboard().press("+");
        page.waitForTimeout(400);
        assertThat(zoomIn(page.url())).isEqualTo(zoom);
        assertThat(page.textContent("#toast-text")).contains("double precision");
        screenshot("14-depth-limit");
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

    void awaitTiles() {
        page.waitForFunction(TILES_LOADED);
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
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
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement === document.querySelector(s)", selector)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    String activeElement() {
        return (String) page.evaluate("() => { const e = document.activeElement; return e.tagName + (e.id ? '#' + e.id : '.' + e.className); }");
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
