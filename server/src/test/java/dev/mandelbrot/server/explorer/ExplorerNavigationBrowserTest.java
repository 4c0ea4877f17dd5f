package dev.mandelbrot.server.explorer;

import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.TILES_LOADED;
import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.param;
import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.zoomIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer's view over time, in a real Chromium against the real service: links that are
 * partly wrong or ask for too much, the Back button, and tiles after an outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerNavigationBrowserTest {

    /** A view the probe used: tiles of level 5 and 6 near the seahorse valley. */
    static final String VIEW = "?re=-0.75&im=0.1&zoom=5";

    ExplorerFixture fixture;
    Browser browser;
    BrowserContext context;
    Page page;
    PageWatch watch;
    String base;

    @BeforeAll
    void start() {
        fixture = ExplorerFixture.start();
        browser = fixture.browser();
        base = fixture.base();
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    @BeforeEach
    void openTab() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.setDefaultTimeout(60_000);
        watch = PageWatch.on(page);
    }

    @AfterEach
    void closeTab() {
        context.close();
    }

    @Test
    void tilesThatGaveUpDuringAnOutageLoadOnceTheServiceIsBack() {
        page.navigate(base + VIEW);
        awaitTiles();
        // The test hook (api.js): retries and the next try after giving up, in milliseconds instead of seconds.
        page.evaluate("async () => Object.assign((await import('./js/api.js')).RETRY, { firstMs: 20, mostMs: 50, healMs: 400 })");
        var outage = new AtomicBoolean(true);
        page.route(url -> url.contains("/tiles/") || url.contains("/api/v1/render?"), route -> {
            if (outage.get()) route.abort("connectionrefused");
            else route.resume();
        });

        page.focus("#map");
        page.keyboard().press("+");
        page.waitForFunction("""
                () => document.querySelectorAll('.fractal-tiles img.tile-failed').length > 0
                      && document.body.dataset.tilesPending === '0'""");
        outage.set(false);

        // Nobody touches the map: it heals by itself.
        page.waitForFunction(TILES_LOADED, null, new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(page.locator(".fractal-tiles img.tile-failed").count()).isZero();
        assertThat(zoomIn(page.url())).isEqualTo(5.5);
        assertThat(watch.pageErrors).isEmpty();
    }

    @Test
    void aLinkAskingForMoreIterationsThanATileMayUseGetsTheServiceLimit() {
        for (String asked : List.of("70000", "100000", "9999999")) {
            page.navigate(base + VIEW + "&iterations=" + asked);
            page.waitForURL(url -> param(url, "iterations").equals("61035"), new Page.WaitForURLOptions().setTimeout(20_000));
            page.locator("#toast").filter(new Locator.FilterOptions().setHasText("at most 61,035 iterations")).waitFor();
            assertThat(page.inputValue("#iterations")).as(asked).isEqualTo("61035");
        }
        // The limits came from /api/v1/limits before the first tile: none asked for more, none was refused.
        // (The tiles themselves, 4e9 pixel-iterations each inside the set, are left to load or not.)
        assertThat(watch.tileRequests()).isNotEmpty().allMatch(url -> url.contains("iterations=61035"));
        assertThat(watch.errorResponses).isEmpty();
    }

    @Test
    void aLimitAServiceStatesInA422LowersTheIterationsWhateverItsWording() {
        // /api/v1/limits promises more than the service allows (a proxy's stale copy, say): the
        // page learns the truth from the 422s, "<= 100000" first, then the tile's ": 61035".
        page.route("**/api/v1/limits", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setHeaders(Map.of("Content-Type", "application/json"))
                .setBody("{\"maxPixels\":4194304,\"maxSide\":16384,\"maxIterations\":10000000,\"maxWork\":4000000000000}")));
        page.navigate(base + VIEW + "&iterations=9999999");
        page.waitForURL(url -> param(url, "iterations").equals("61035"), new Page.WaitForURLOptions().setTimeout(20_000));
        assertThat(page.inputValue("#iterations")).isEqualTo("61035");
        assertThat(page.textContent("#toast-text")).contains("at most 61,035 iterations");
    }

    @Test
    void backUndoesAJumpAndStaysInTheExplorer() {
        page.navigate(base);
        awaitTiles();
        String home = page.url();

        page.click("[data-place=seahorse]");
        page.waitForURL(url -> !url.equals(home));
        String seahorse = page.url();
        awaitTiles();
        page.keyboard().press("m");
        page.keyboard().press("j");
        page.waitForURL(url -> url.contains("julia_re="));

        page.goBack();
        assertShows(seahorse);
        page.goBack();
        assertShows(home);
        awaitTiles();

        page.goForward();
        assertShows(seahorse);
        // Reset is a jump too; panning is not (it replaces the entry).
        page.keyboard().press("r");
        page.waitForURL(home);
        page.goBack();
        assertShows(seahorse);
        page.keyboard().press("m");
        page.keyboard().press("ArrowRight");
        page.waitForURL(url -> !url.equals(seahorse));
        String panned = page.url();
        page.goBack();
        assertShows(home);
        page.goForward();
        assertShows(panned);
        awaitTiles();
        assertThat(watch.consoleErrors).isEmpty();
        assertThat(watch.pageErrors).isEmpty();
    }

    /** The page is the explorer at exactly the view of {@code url}: address bar, panel and map. */
    void assertShows(String url) {
        assertThat(page.url()).isEqualTo(url);
        page.waitForFunction("([re, im]) => document.getElementById('centre-re').textContent === re"
                + " && document.getElementById('centre-im').textContent === im", List.of(param(url, "re"), param(url, "im")));
        assertThat(Double.parseDouble(page.textContent("#zoom"))).isEqualTo(zoomIn(url));
        assertThat(page.textContent("#mode-label")).startsWith(url.contains("julia_re=") ? "Julia set" : "Mandelbrot set");
    }

    @Test
    void aLinkWithOneGoodCoordinateKeepsIt() {
        page.navigate(base + "?re=-1.5&zoom=3");
        awaitTiles();
        assertThat(param(page.url(), "re")).isEqualTo("-1.5");
        assertThat(param(page.url(), "im")).isEqualTo("0");
        assertThat(zoomIn(page.url())).isEqualTo(3.0);

        page.navigate(base + "?re=abc&im=0.1&zoom=5");
        awaitTiles();
        assertThat(param(page.url(), "re")).isEqualTo("-0.6");
        assertThat(param(page.url(), "im")).isEqualTo("0.1");
        assertThat(zoomIn(page.url())).isEqualTo(5.0);

        // An empty zoom is no zoom: the home view, not zoom 0.
        page.navigate(base);
        awaitTiles();
        String home = page.url();
        page.navigate(base + "?zoom=");
        awaitTiles();
        assertThat(page.url()).isEqualTo(home);

        Object parsed = page.evaluate("""
                async () => {
                  const s = await import('./js/state.js');
                  const v = (q) => { const p = s.parseView(q); return [p.re, p.im, p.zoom]; };
                  return [v('?re=-1.5&zoom=3'), v('?re=abc&im=0.1&zoom=5'), v('?zoom='), v('?zoom=%20'), v('?re=9&im=0.5&zoom=2')];
                }""");
        assertThat(parsed).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(
                List.of("-1.5", "0", 3), List.of("-0.6", "0.1", 5), java.util.Arrays.asList("-0.6", "0", null),
                java.util.Arrays.asList("-0.6", "0", null), List.of("-0.6", "0.5", 2));
        assertThat(watch.errorResponses).isEmpty();
    }

    void awaitTiles() {
        page.waitForFunction(TILES_LOADED);
    }
}
