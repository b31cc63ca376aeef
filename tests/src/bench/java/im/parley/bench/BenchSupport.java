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

    /**
     * Puts a conversation of {@code messages} messages from {@code from} to {@code to} into the archive: sent to the
     * recipient's phone (online), so archived and nothing kept offline. In batches, each with a fresh phone session:
     * Smack's reader stalls on a single session that receives thousands of messages. Message {@code i} (from 1) is
     * {@code String.format(format, i)}.
     */
    static void seedArchive(im.parley.testkit.Prosody prosody, String from, String fromPassword, String to,
            String toPassword, int messages, String format) throws Exception {
        String toJid = to + "@" + im.parley.testkit.Prosody.DOMAIN;
        try (im.parley.testkit.SmackPeer sender = new im.parley.testkit.SmackPeer(prosody, from, fromPassword)) {
            for (int first = 1; first <= messages; first += 300) {
                int last = Math.min(messages, first + 299);
                try (im.parley.testkit.SmackPeer phone = new im.parley.testkit.SmackPeer(prosody, to, toPassword,
                        "phone")) {
                    phone.drain();
                    for (int i = first; i <= last; i++) {
                        sender.send(toJid, String.format(java.util.Locale.ROOT, format, i));
                    }
                    for (int i = first; i <= last; i++) {
                        if (phone.next(30, java.util.concurrent.TimeUnit.SECONDS) == null) {
                            throw new IllegalStateException("the archive got only " + (i - 1) + " messages");
                        }
                    }
                }
            }
        }
    }

    /** The page's clock, {@code performance.now()}, in ms. */
    static double now(com.microsoft.playwright.Page page) {
        return ((Number) page.evaluate("() => performance.now()")).doubleValue();
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
