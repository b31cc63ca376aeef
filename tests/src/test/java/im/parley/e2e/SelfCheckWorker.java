package im.parley.e2e;

import com.microsoft.playwright.Page;
import im.parley.testkit.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The self-check worker (client's {@code im.parley.selfcheck}, never in the dist): the client's code compiled by
 * TeaVM to JS and Wasm-GC, run in a worker in Chromium, answering JSON requests, so that browser tests can compare
 * what the compiled code computes with what the JVM computes.
 */
final class SelfCheckWorker {
    static final Path CLIENT = Path.of(System.getProperty("parley.dist", "../webapp/target/dist"))
            .resolve("../../../client").normalize();

    private SelfCheckWorker() {
    }

    /** Serves the self-check worker under /selfcheck/ of Parley's origin. */
    static void mount() throws IOException {
        Path dir = Files.createTempDirectory("parley-selfcheck-");
        Path built = CLIENT.resolve("target/selfcheck");
        for (String f : new String[] {"parley-selfcheck.js", "parley-selfcheck.wasm"}) {
            Files.copy(built.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(CLIENT.resolve("target/worker/wasm-gc-runtime.min.js"), dir.resolve("wasm-gc-runtime.min.js"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String f : new String[] {"selfcheck-loader.js", "selfcheck.html"}) {
            try (InputStream in = SelfCheckWorker.class.getResourceAsStream("/selfcheck/" + f)) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        TestServers.dist().mount("selfcheck", dir);
    }

    /** Opens the self-check page and starts the worker of {@code build} ("js" or "wasm"). */
    static void start(Page page, String build) {
        page.navigate(TestServers.dist().parleyOrigin() + "/selfcheck/selfcheck.html");
        page.evaluate("(build) => new Promise((resolve, reject) => {"
                + " window.__selfcheck = new Worker('/selfcheck/selfcheck-loader.js#' + build);"
                + " window.__selfcheck.onmessage = (e) => { const m = JSON.parse(e.data); m.ready ? resolve(m.ready) : reject(m.error); };"
                + " window.__selfcheck.onerror = (e) => reject(e.message); })", build);
    }

    /** Sends one JSON request and returns the worker's JSON answer. */
    static String ask(Page page, String request) {
        return (String) page.evaluate("(req) => new Promise((resolve) => {"
                + " window.__selfcheck.onmessage = (e) => resolve(e.data); window.__selfcheck.postMessage(req); })",
                request);
    }
}
