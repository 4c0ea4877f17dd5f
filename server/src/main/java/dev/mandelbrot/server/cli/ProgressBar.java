package dev.mandelbrot.server.cli;

import dev.mandelbrot.render.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code rendering [#########...........]  45%} on one line of standard error, redrawn in place as
 * the renderer finishes tiles. The renderer calls it from its workers, concurrently: the count is
 * atomic and only a change of the whole percentage takes the lock and draws.
 */
final class ProgressBar implements Progress {
    private static final int CELLS = 30;
    private final PrintWriter err;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private volatile int shown = -1;

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

    /** Ends the bar's line if the render stopped before 100%, so a message after it starts a line of its own. */
    synchronized void abandon() {
        if (shown >= 0 && shown < 100) {
            err.println();
            err.flush();
            shown = 100;
        }
    }

    private synchronized void draw(int percent) {
        if (percent <= shown) {
            return; // another worker drew this or a later percentage first
        }
        shown = percent;
        int filled = percent * CELLS / 100;
        err.printf("\rrendering [%s%s] %3d%%", "#".repeat(filled), ".".repeat(CELLS - filled), percent);
        if (percent >= 100) {
            err.println();
        }
        err.flush();
    }
}
