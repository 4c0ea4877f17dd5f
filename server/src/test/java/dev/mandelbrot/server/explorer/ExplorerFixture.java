package dev.mandelbrot.server.explorer;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.mandelbrot.server.MandelbrotServer;
import dev.mandelbrot.server.config.ServerConfig;

/**
 * What each explorer browser test class starts once: the real service on a free port and a
 * headless Chromium ({@link Chromium}). Tests open a tab of their own per test. Also the keyboard
 * helpers those classes share.
 */
final class ExplorerFixture implements AutoCloseable {

    private final MandelbrotServer server;
    private final Playwright playwright;
    private final Browser browser;

    private ExplorerFixture(MandelbrotServer server, Playwright playwright, Browser browser) {
        this.server = server;
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Starts the service, then the browser; whatever started is closed again if a later step fails. */
    static ExplorerFixture start() {
        // One browser tab never has more than a handful of requests in flight, but a roomy
        // queue keeps slow CI machines from answering 503 here; busy answers have their own test.
        MandelbrotServer server = MandelbrotServer.start(
                ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withQueueCapacity(64));
        Playwright playwright = null;
        try {
            playwright = Chromium.playwright();
            return new ExplorerFixture(server, playwright, Chromium.launch(playwright));
        } catch (RuntimeException e) {
            if (playwright != null) playwright.close();
            server.close();
            throw e;
        }
    }

    /** The explorer's address, ending in {@code /}: append a query to open a view. */
    String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
        server.close();
    }

    /** Presses Tab until the element {@code selector} names has the focus; fails after 40 presses. */
    static void tabTo(Page page, String selector) {
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement === document.querySelector(s)", selector)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    /** The focused element as {@code TAG#id}, or {@code TAG.class} when it has no id. */
    static String activeElement(Page page) {
        return (String) page.evaluate(
                "() => { const e = document.activeElement; return e.tagName + (e.id ? '#' + e.id : '.' + e.className); }");
    }
}
