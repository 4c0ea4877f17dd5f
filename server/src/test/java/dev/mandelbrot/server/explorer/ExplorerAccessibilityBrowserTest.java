package dev.mandelbrot.server.explorer;

import static dev.mandelbrot.server.explorer.ExplorerBrowserTest.TILES_LOADED;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.ViewportSize;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer for people who use a keyboard, a touch screen, a zoomed browser or need
 * contrast, in a real Chromium against the real service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerAccessibilityBrowserTest {

    ExplorerFixture fixture;
    Browser browser;
    BrowserContext context;
    Page page;
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

    @AfterEach
    void closeTab() {
        if (context != null) context.close();
    }

    /** A tab of the given size; a touch screen (phone or tablet) when {@code touch}. */
    void openTab(int width, int height, boolean touch) {
        if (context != null) context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(new ViewportSize(width, height))
                .setIsMobile(touch).setHasTouch(touch));
        page = context.newPage();
        page.setDefaultTimeout(60_000);
    }

    @Test
    void theMinibrotButtonKeepsTheFocusWhileItSearchesAndAfter() {
        openTab(1280, 800, false);
        page.navigate(base + "?re=1.5&im=1.5&zoom=30");
        awaitTiles();
        List<Route> held = new CopyOnWriteArrayList<>();
        page.route("**/api/v1/minibrot?**", held::add);
        tabTo("#minibrot");
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.body.dataset.minibrot === 'searching'");
        page.waitForTimeout(300); // time for Chromium to move the focus off a disabled element, if it would
        assertThat(activeElement()).isEqualTo("BUTTON#minibrot");
        assertThat(page.getAttribute("#minibrot", "aria-disabled")).isEqualTo("true");
        // Enter again while it searches starts no second search.
        page.keyboard().press("Enter");

        held.getFirst().resume(); // the real service: nothing out there (404)
        page.waitForFunction("() => document.body.dataset.minibrot === 'idle'");
        assertThat(activeElement()).isEqualTo("BUTTON#minibrot");
        assertThat(page.getAttribute("#minibrot", "aria-disabled")).isEqualTo("false");
        assertThat(held).hasSize(1);
    }

    @Test
    void hidingThePanelWithTheKeyboardLeavesTheFocusOnItsToggle() {
        openTab(1280, 800, false);
        page.navigate(base);
        awaitTiles();
        page.focus("#reset");
        page.keyboard().press("i");
        assertThat(page.isHidden("#panel-body")).isTrue();
        assertThat(activeElement()).isEqualTo("BUTTON#panel-toggle");
        page.keyboard().press("i");
        assertThat(page.isVisible("#panel-body")).isTrue();
        assertThat(activeElement()).isEqualTo("BUTTON#panel-toggle");
    }

    /**
     * Small text reaches WCAG AA (4.5:1): the panel's labels and hints against the panel's solid
     * colour (#12141c), the map's attribution against its own background over a white tile (the
     * worst a tile can be).
     */
    @Test
    void smallTextHasTheContrastWcagAaAsks() {
        openTab(1280, 800, false);
        page.navigate(base);
        awaitTiles();
        Object ratios = page.evaluate("""
                () => {
                  const rgba = (s) => { const v = s.match(/[\\d.]+/g).map(Number); return v.length === 3 ? [...v, 1] : v; };
                  const over = (top, under) => [0, 1, 2].map((i) => top[3] * top[i] + (1 - top[3]) * under[i]);
                  const lum = (c) => {
                    const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
                    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
                  };
                  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
                  const panel = [18, 20, 28];
                  const white = [255, 255, 255];
                  const attribution = over(rgba(getComputedStyle(document.querySelector('.leaflet-control-attribution')).backgroundColor), white);
                  const least = (selector, under) => Math.min(...[...document.querySelectorAll(selector)].map(
                      (e) => ratio(over(rgba(getComputedStyle(e).color), under), under)));
                  return {
                    labels: least('.readout dt', panel),
                    cursor: least('#cursor', panel),
                    footer: least('.footer-hint', panel),
                    hints: least('.panel .hint, .label', panel),
                    attribution: least('.leaflet-control-attribution, .leaflet-control-attribution a', attribution),
                  };
                }""");
        assertThat(ratios).asInstanceOf(InstanceOfAssertFactories.map(String.class, Number.class))
                .allSatisfy((what, r) -> assertThat(r.doubleValue()).as(what).isGreaterThanOrEqualTo(4.5));
    }

    @Test
    void onTouchScreensEveryControlIsAtLeast44PixelsSquare() {
        for (int[] size : new int[][] {{390, 844}, {820, 1180}}) {
            String at = size[0] + "x" + size[1];
            openTab(size[0], size[1], true);
            page.navigate(base + "?re=-0.75&im=0.1&zoom=5");
            awaitTiles();
            if ("false".equals(page.getAttribute("#panel-toggle", "aria-expanded"))) page.tap("#panel-toggle");
            page.evaluate("async () => (await import('./js/notify.js')).notify('A message to dismiss.', { timeout: 0 })");
            assertTargets(at, "#panel button, #panel select, #panel input[type=number], #panel .switch, #toast-close, .leaflet-control-zoom a");

            page.tap("#export-open");
            assertTargets(at + " export", "#export-dialog button:not([hidden]), #export-dialog select, #export-dialog input[type=number], #export-dialog .radio");
        }

        // A mouse keeps the compact desktop sizes.
        openTab(1280, 800, false);
        page.navigate(base);
        awaitTiles();
        assertThat(page.locator("#reset").boundingBox().height).isEqualTo(36);
        assertThat(page.locator("#panel-toggle").boundingBox().width).isEqualTo(34);
        assertThat(page.locator("[data-place=seahorse]").boundingBox().height).isLessThan(44);
    }

    void assertTargets(String at, String selector) {
        Object sizes = page.evaluate("""
                (selector) => [...document.querySelectorAll(selector)]
                    .filter((e) => e.getClientRects().length > 0)
                    .map((e) => { const r = e.getBoundingClientRect();
                                  return (e.id || e.className || e.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)
                                      + (r.width >= 44 && r.height >= 44 ? '' : ' too small'); })""", selector);
        assertThat(sizes).asInstanceOf(InstanceOfAssertFactories.list(String.class)).as(at)
                .hasSizeGreaterThan(5).noneMatch(s -> s.endsWith("too small"));
    }

    /** At 200 % browser zoom a 1366 x 768 or 1280 x 800 screen is 683 x 384 or 640 x 400 CSS pixels. */
    @Test
    void atShortHeightsTheExportButtonIsInViewWithoutScrolling() {
        for (int[] size : new int[][] {{683, 384}, {640, 400}}) {
            String at = size[0] + "x" + size[1];
            openTab(size[0], size[1], false);
            page.navigate(base);
            awaitTiles();
            page.keyboard().press("e");
            for (String button : List.of("#export-go", "#export-cancel")) {
                BoundingBox box = page.locator(button).boundingBox();
                assertThat(box.y).as(at + " " + button).isGreaterThanOrEqualTo(0);
                assertThat(box.y + box.height).as(at + " " + button).isLessThanOrEqualTo(size[1]);
                assertThat(box.x + box.width).as(at + " " + button).isLessThanOrEqualTo(size[0]);
                BoundingBox dialog = page.locator("#export-dialog").boundingBox();
                assertThat(box.y + box.height).as(at + " " + button + " within the dialog").isLessThanOrEqualTo(dialog.y + dialog.height);
                // Not clipped by the dialog either: it is what a click there reaches.
                assertThat(page.evaluate("([s, x, y]) => document.elementFromPoint(x, y)?.closest(s) !== null",
                        List.of(button, box.x + box.width / 2, box.y + box.height / 2))).as(at + " " + button).isEqualTo(true);
            }
            // The rest of the form still scrolls into view.
            page.locator("input[name=format][value=npy]").scrollIntoViewIfNeeded();
            assertThat(page.locator("input[name=format][value=npy]").isVisible()).isTrue();
        }
    }

    void awaitTiles() {
        page.waitForFunction(TILES_LOADED);
    }

    void tabTo(String selector) {
        ExplorerFixture.tabTo(page, selector);
    }

    String activeElement() {
        return ExplorerFixture.activeElement(page);
    }
}
