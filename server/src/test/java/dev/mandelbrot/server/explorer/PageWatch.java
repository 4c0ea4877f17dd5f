package dev.mandelbrot.server.explorer;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything that went wrong on a page: console errors, uncaught exceptions, requests that
 * failed at the network level and answers of 400 or more. A healthy page leaves all four empty.
 */
final class PageWatch {

    final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    /** The console errors again, each with where it came from: the resource's URL for a failed load. */
    final List<String> consoleErrorsWithSource = new CopyOnWriteArrayList<>();
    final List<String> pageErrors = new CopyOnWriteArrayList<>();
    final List<String> failedRequests = new CopyOnWriteArrayList<>();
    final List<String> errorResponses = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    static PageWatch on(Page page) {
        var watch = new PageWatch();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                watch.consoleErrors.add(m.text());
                watch.consoleErrorsWithSource.add(m.text() + " @ " + m.location());
            }
        });
        page.onPageError(e -> watch.pageErrors.add(e));
        page.onRequest(r -> watch.requests.add(r.url()));
        page.onRequestFailed(r -> watch.failedRequests.add(r.url() + " " + r.failure()));
        page.onResponse(r -> {
            if (r.status() >= 400) {
                watch.errorResponses.add(r.status() + " " + r.url());
            }
        });
        return watch;
    }

    /**
     * Console errors other than Chromium's line for a tile the service shed with a 503: on a busy
     * machine a flight through many levels fills the render queue, and the service's documented
     * answer is a 503 that the page retries (after which the tile loads, as the callers check).
     */
    List<String> consoleErrorsOtherThanShedTiles() {
        return consoleErrorsWithSource.stream()
                .filter(e -> !(e.contains("status of 503") && isTile(e.substring(e.indexOf(" @ ")))))
                .toList();
    }

    /** Requests the explorer cancelled on purpose (tiles that left the view while loading). */
    List<String> failuresOtherThanCancelledTiles() {
        return failedRequests.stream().filter(f -> !(f.endsWith("net::ERR_ABORTED") && isTile(f))).toList();
    }

    List<String> tileRequests() {
        return requests.stream().filter(PageWatch::isTile).toList();
    }

    private static boolean isTile(String url) {
        return url.contains("/tiles/") || url.contains("/api/v1/render?");
    }
}
