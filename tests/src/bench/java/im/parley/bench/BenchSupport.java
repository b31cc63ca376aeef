package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** What the Chromium benchmarks share: the browser, the exit code, medians and gzip sizes. */
final class BenchSupport {
    private BenchSupport() {
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs a benchmark's main and exits (the dist server's executor threads are not daemons). */
    static void main(Body body) {
        int status = 0;
        try {
            body.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Debian's Chromium, headless, with the flags every test and benchmark uses, plus {@code extra}. */
    static Browser chromium(Playwright playwright, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"));
        args.addAll(List.of(extra));
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium")))
                .setHeadless(true).setArgs(args));
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Size in bytes after gzip at the best compression. */
    static long gzip(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }
}
