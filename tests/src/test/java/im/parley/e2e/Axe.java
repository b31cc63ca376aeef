package im.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * axe-core (Deque's accessibility engine, from npm, pinned) for the browser tests: installed once into the build
 * directory with npm, never committed, and run inside a page or frame of a context that bypasses Parley's CSP (the
 * engine arrives as a script Parley's policy rightly refuses).
 */
final class Axe {
    static final String VERSION = "4.10.3";
    private static String source;

    private Axe() {
    }

    /** The engine's source, installing it with npm the first time. */
    static synchronized String source() throws IOException, InterruptedException {
        if (source != null) {
            return source;
        }
        Path dir = Path.of(System.getProperty("parley.axe", "target/axe")).toAbsolutePath();
        source = Files.readString(im.parley.testkit.Npm.install(dir, "axe-core", VERSION).resolve("axe.min.js"));
        return source;
    }

    /** Runs axe on the whole document of {@code target} (a Page or Frame); returns the serious and critical ones. */
    static List<String> seriousViolations(com.microsoft.playwright.Page page, com.microsoft.playwright.Frame frame)
            throws IOException, InterruptedException {
        String src = source();
        Object result = (frame != null ? frame.evaluate(RUN, src) : page.evaluate(RUN, src));
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) result) {
            Map<?, ?> v = (Map<?, ?>) o;
            out.add(v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("targets"));
        }
        return out;
    }

    private static final String RUN = "async (src) => {"
            + " if (!window.axe) { (0, eval)(src); }"
            + " const r = await axe.run(document, {resultTypes: ['violations']});"
            + " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + "   .map(v => ({id: v.id, impact: v.impact, help: v.help,"
            + "     targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | ')}));"
            + "}";
}
