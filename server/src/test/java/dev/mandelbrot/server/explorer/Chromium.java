package dev.mandelbrot.server.explorer;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts Playwright on the machine's own Chromium (Debian's package in CI). Playwright's Java
 * driver is bundled in its jar; with {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} it never
 * downloads a browser, so the tests run offline. The executable comes from
 * {@code PLAYWRIGHT_CHROMIUM_EXECUTABLE}, default {@code /usr/bin/chromium}.
 */
final class Chromium {

    static final String EXECUTABLE_VARIABLE = "PLAYWRIGHT_CHROMIUM_EXECUTABLE";
    static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

    /** No sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keeps it quiet and offline. */
    static final List<String> ARGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run");

    private Chromium() {}

    static Playwright playwright() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return Playwright.create(new Playwright.CreateOptions().setEnv(env));
    }

    /**
     * Launches headless Chromium.
     *
     * @throws IllegalStateException naming the variable to set when the executable is missing
     */
    static Browser launch(Playwright playwright) {
        String configured = System.getenv(EXECUTABLE_VARIABLE);
        Path executable = configured == null || configured.isBlank() ? DEFAULT_EXECUTABLE : Path.of(configured);
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("the explorer's browser tests need Chromium at " + executable
                    + ": install Debian's chromium package or set " + EXECUTABLE_VARIABLE);
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setArgs(ARGS));
    }
}
