package dev.mandelbrot.server.explorer;

import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.TILES_LOADED;
import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.zoomIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;
import java.util.concurrent.atomic.AtomicBoolean;
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

    MandelbrotServer server;
    Playwright playwright;
    Browser browser;
    BrowserContext context;
    Page page;
    PageWatch watch;
    String base;

    @BeforeAll
    void start() {
        server = MandelbrotServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withQueueCapacity(64));
        base = "http://127.0.0.1:" + server.port() + "/";
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
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

    void awaitTiles() {
        page.waitForFunction(TILES_LOADED);
    }
}
