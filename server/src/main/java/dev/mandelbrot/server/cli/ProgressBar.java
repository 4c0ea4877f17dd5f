package dev.mandelbrot.server.cli;

import dev.mandelbrot.render.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rendering [#########...........]  45%} on one line of standard error, redrawn in place as
 * the renderer finishes tiles, then {@code , encoding PNG...} after 100% while the image is
 * encoded and written (seconds for a large PNG), and the line ends when that is done. The renderer
 * calls it from its workers, concurrently: the count is atomic and only a change of the whole
 * percentage takes the lock and draws.
 */
final class ProgressBar implements Progress {
    private static final int CELLS = 30;
    private final PrintWriter err;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private volatile int shown = -1;
    private boolean lineOpen; // the bar's line is not yet ended. Guarded by this.

    /** Draws 0% at once. */
    ProgressBar(PrintWriter err, long totalPixels) {
        this.err = err;
        this.total = totalPixels;
        draw(0);
    }

    @Override
    public void pixelsDone(int pixels) {
        int percent = (int) Math.min(100, done.addAndGet(pixels) * 100 / total);
        if (percent > shown) {
            draw(percent);
        }
    }

    /** After the render: says on the bar's line that the image is being encoded as {@code format}. */
    synchronized void encoding(String format) {
        if (lineOpen) {
            err.print(", encoding " + format + "...");
            err.flush();
        }
    }

    /**
     * Ends the bar's line, after the image was written or when the render or the writing stopped
     * early, so that a message after it starts a line of its own. Idempotent.
     */
    synchronized void end() {
        shown = 100; // a worker still reporting draws nothing more
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    private synchronized void draw(int percent) {
        if (percent <= shown) {
            return; // another worker drew this or a later percentage first
        }
        shown = percent;
        int filled = percent * CELLS / 100;
        err.printf("\rrendering [%s%s] %3d%%", "#".repeat(filled), ".".repeat(CELLS - filled), percent);
        lineOpen = true;
        err.flush();
    }
}
