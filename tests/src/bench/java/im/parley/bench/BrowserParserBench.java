package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import im.parley.json.Json;
import im.parley.testkit.DistServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Chromium benchmark: stanzas per second of Parley's parser compiled by TeaVM to JS and to Wasm-GC, of ltx (the
 * parser of xmpp.js) and of the browser's DOMParser, on the same corpus stanzas ({@link BenchCorpus}), in one page.
 *
 * <ul>
 * <li>Parley JS / Parley Wasm-GC: the self-check worker ({@code im.parley.selfcheck.SelfCheckMain}, the client's
 * TeaVM settings) in a dedicated worker each; it feeds every stanza as one frame to
 * {@code XmlTreeBuilder.forFrames}, building {@code XmlElement}s.</li>
 * <li>ltx (worker): {@code ltx.parse(stanza)} (ltx's default parser, building ltx Elements) in a dedicated worker
 * of the same kind, bundled by esbuild into one IIFE file.</li>
 * <li>ltx (main) and DOMParser (main): {@code DOMParser} does not exist in workers, so it runs on the page's main
 * thread ({@code parseFromString(stanza, 'application/xml')}, one XMLDocument per stanza), compared with ltx run on
 * that same main thread.</li>
 * </ul>
 * Every measurement is one message: the engine parses the whole stanza list {@code rounds} times, timed with
 * {@code performance.now()} around the loop in the thread that parses. Rounds are calibrated per engine to about
 * 400 ms, after a warmup of about 2 s each; then {@code -Dbench.runs} (9) rounds of measurements alternate between the
 * engines, rotating the order. Reported: median stanzas/s, min-max, and the ratio of medians to ltx in the same
 * kind of thread (with the range of the per-run ratios). Also the code size each parser adds.
 */
public final class BrowserParserBench {
    static final String LTX = "ltx@3.1.2";
    static final String EVENTS = "events@3.3.0"; // the browser build of Node's "events", which ltx imports
    static final String ESBUILD = "esbuild@0.28.2";

    private BrowserParserBench() {
    }

    record Engine(String key, String label, String where, boolean worker, String baseline) {
    }

    static final List<Engine> ENGINES = List.of(
            new Engine("js", "Parley, TeaVM JS", "worker", true, "ltx"),
            new Engine("wasm", "Parley, TeaVM Wasm-GC", "worker", true, "ltx"),
            new Engine("ltx", "ltx 3.1.2", "worker", true, "ltx"),
            new Engine("ltx-main", "ltx 3.1.2", "main thread", false, "ltx-main"),
            new Engine("dom", "DOMParser", "main thread", false, "ltx-main"));

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status); // the dist server's executor threads are not daemons
    }

    private static void run() throws Exception {
        Path client = Path.of(System.getProperty("parley.client", "../client")).toAbsolutePath().normalize();
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        Path npm = Path.of(System.getProperty("bench.npm", "target/bench-npm")).toAbsolutePath().normalize();
        Path sizes = Path.of(System.getProperty("bench.size", "target/bench-size")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 9);
        double targetMs = Integer.getInteger("bench.ms", 400);

        Path ltxBundle = ltxBundles(npm);
        Path dir = Files.createTempDirectory("parley-bench-");
        Path selfcheck = client.resolve("target/selfcheck");
        copy(selfcheck.resolve("parley-selfcheck.js"), dir);
        copy(selfcheck.resolve("parley-selfcheck.wasm"), dir);
        copy(client.resolve("target/worker/wasm-gc-runtime.min.js"), dir);
        copy(Path.of("src/test/resources/selfcheck/selfcheck-loader.js").toAbsolutePath(), dir);
        copy(ltxBundle, dir);
        for (String f : new String[] {"bench.html", "bench-common.js", "bench-page.js", "ltx-worker.js"}) {
            try (InputStream in = BrowserParserBench.class.getResourceAsStream("/bench/" + f)) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        List<String> stanzas = BenchCorpus.stanzas();
        int chars = stanzas.stream().mapToInt(String::length).sum();
        StringBuilder md = new StringBuilder();
        try (DistServer server = new DistServer(dist, "ws://127.0.0.1:9/unused");
                Playwright playwright = Playwright.create()) {
            server.mount("bench", dir);
            Browser browser = BenchSupport.chromium(playwright);
            Page page = browser.newPage();
            page.setDefaultTimeout(120_000);
            List<String> console = new ArrayList<>();
            page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
            page.onPageError(e -> console.add("pageerror: " + e));
            page.navigate(server.parleyOrigin() + "/bench/bench.html");
            for (String[] w : new String[][] {{"js", "/bench/selfcheck-loader.js#js"},
                {"wasm", "/bench/selfcheck-loader.js#wasm"}, {"ltx", "/bench/ltx-worker.js"}}) {
                Object ready = page.evaluate("([n, u]) => benchStart(n, u)", Arrays.asList(w[0], w[1]));
                if (!String.valueOf(ready).equals(w[0])) {
                    throw new IllegalStateException(w[0] + " worker started as " + ready + "; console: " + console);
                }
            }
            String bad = (String) page.evaluate("(r) => benchCheck(r)", request(stanzas, 1));
            if (!bad.isEmpty()) {
                throw new IllegalStateException("not every stanza parses:\n" + bad);
            }

            // Warmup and calibration: double the rounds until a run takes targetMs, then ~2 s more per engine.
            Map<String, Integer> rounds = new LinkedHashMap<>();
            for (Engine e : ENGINES) {
                int r = 1;
                double ms;
                while ((ms = run(page, e, stanzas, r)[0]) < targetMs / 2) {
                    r *= 2;
                }
                r = Math.max(1, (int) Math.round(r * targetMs / ms));
                for (double spent = 0; spent < 2000;) {
                    spent += run(page, e, stanzas, r)[0];
                }
                rounds.put(e.key(), r);
            }
            Map<String, double[]> perSecond = new LinkedHashMap<>();
            for (Engine e : ENGINES) {
                perSecond.put(e.key(), new double[runs]);
            }
            for (int i = 0; i < runs; i++) {
                for (int j = 0; j < ENGINES.size(); j++) {
                    Engine e = ENGINES.get((i + j) % ENGINES.size());
                    double[] res = run(page, e, stanzas, rounds.get(e.key()));
                    if (res[1] != (double) stanzas.size() * rounds.get(e.key())) {
                        throw new IllegalStateException(e.label() + " parsed " + res[1] + " stanzas, expected "
                                + stanzas.size() * rounds.get(e.key()));
                    }
                    perSecond.get(e.key())[i] = res[1] / (res[0] / 1000.0);
                }
            }

            md.append("\nChromium ").append(browser.version()).append(" (headless, ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" CPUs); corpus: ")
                    .append(stanzas.size()).append(" stanzas, ").append(chars).append(" characters; ").append(runs)
                    .append(" alternating runs of ~").append((int) targetMs).append(" ms per engine\n\n");
            md.append("| parser | runs in | median stanzas/s | min – max | vs ltx (same kind of thread) "
                    + "| per-run ratio range |\n");
            md.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
            for (Engine e : ENGINES) {
                double[] v = perSecond.get(e.key());
                double[] base = perSecond.get(e.baseline());
                double[] ratios = new double[runs];
                for (int i = 0; i < runs; i++) {
                    ratios[i] = v[i] / base[i];
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f – %,.0f | %.2fx | %.2f – %.2f |%n",
                        e.label(), e.where(), median(v), min(v), max(v), median(v) / median(base), min(ratios),
                        max(ratios)));
            }
            browser.close();
        }

        md.append("\nCode size (bytes; gzip -9 bytes)\n\n| what | bytes | gzip |\n| --- | ---: | ---: |\n");
        size(md, "parley-selfcheck.js (parser + JSON + TeaVM runtime, JS)", selfcheck.resolve("parley-selfcheck.js"));
        size(md, "parley-selfcheck.wasm (the same, Wasm-GC)", selfcheck.resolve("parley-selfcheck.wasm"));
        size(md, "wasm-gc-runtime.min.js (TeaVM's Wasm-GC loader, shared by every Wasm build)",
                client.resolve("target/worker/wasm-gc-runtime.min.js"));
        diff(md, "parser added to the JS build (SizeProbeParser.js − SizeProbeBase.js)", sizes.resolve("parser.js"),
                sizes.resolve("base.js"));
        diff(md, "parser added to the Wasm-GC build (SizeProbeParser.wasm − SizeProbeBase.wasm)",
                sizes.resolve("parser.wasm"), sizes.resolve("base.wasm"));
        size(md, "parley-worker.js (the whole client, JS, for scale)", dist.resolve("parley-worker.js"));
        size(md, "parley-worker.wasm (the whole client, Wasm-GC, for scale)", dist.resolve("parley-worker.wasm"));
        size(md, "ltx.min.js (all of ltx 3.1.2 + events 3.3.0, esbuild --minify IIFE, as benchmarked)", ltxBundle);
        size(md, "ltx-parse.min.js (only ltx.parse, tree-shaken, esbuild --minify)", npm.resolve("ltx-parse.min.js"));
        System.out.println(md);
    }

    private static String request(List<String> stanzas, int rounds) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("t", "bench");
        req.put("stanzas", new ArrayList<Object>(stanzas));
        req.put("rounds", rounds);
        return Json.asciiOnly(Json.write(req));
    }

    /** One measurement: {ms, stanzas parsed}. */
    private static double[] run(Page page, Engine e, List<String> stanzas, int rounds) {
        String req = request(stanzas, rounds);
        Object reply = e.worker() ? page.evaluate("([n, r]) => benchWorker(n, r)", Arrays.asList(e.key(), req))
                : page.evaluate("([n, r]) => benchMain(n, r)", Arrays.asList(e.key().equals("dom") ? "dom" : "ltx",
                        req));
        Map<String, Object> m = Json.parseObject((String) reply);
        if (m.get("error") != null || m.get("ms") == null) {
            throw new IllegalStateException(e.label() + ": " + reply);
        }
        return new double[] {((Number) m.get("ms")).doubleValue(), ((Number) m.get("stanzas")).doubleValue()};
    }

    /** Installs the pinned npm packages (once) and bundles ltx; returns the bundle the page and worker load. */
    private static Path ltxBundles(Path npm) throws IOException, InterruptedException {
        Files.createDirectories(npm);
        Path installed = npm.resolve("node_modules/ltx/package.json");
        boolean current = Files.isRegularFile(installed)
                && Files.readString(installed).contains("\"version\": \"" + LTX.substring(4) + "\"")
                && Files.isRegularFile(npm.resolve("node_modules/events/package.json"))
                && Files.isRegularFile(npm.resolve("node_modules/.bin/esbuild"));
        if (!current) {
            exec(npm, "npm", "install", "--prefix", npm.toString(), "--no-audit", "--no-fund", "--save-exact",
                    LTX, EVENTS, ESBUILD);
        }
        Path esbuild = npm.resolve("node_modules/.bin/esbuild");
        Path bundle = npm.resolve("ltx.min.js");
        exec(npm, esbuild.toString(), "node_modules/ltx/src/ltx.js", "--bundle", "--format=iife", "--global-name=ltx",
                "--platform=browser", "--minify", "--log-level=warning", "--outfile=" + bundle);
        Files.writeString(npm.resolve("ltx-parse-entry.js"), "import { parse } from 'ltx';\nself.ltxParse = parse;\n");
        exec(npm, esbuild.toString(), "ltx-parse-entry.js", "--bundle", "--format=iife", "--platform=browser",
                "--minify", "--log-level=warning", "--outfile=" + npm.resolve("ltx-parse.min.js"));
        return bundle;
    }

    private static void exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd));
        }
    }

    private static void copy(Path file, Path dir) throws IOException {
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static long gzip(byte[] b) {
        return BenchSupport.gzip(b);
    }

    private static void size(StringBuilder md, String what, Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", what, b.length, gzip(b)));
    }

    private static void diff(StringBuilder md, String what, Path with, Path without) throws IOException {
        byte[] a = Files.readAllBytes(with);
        byte[] b = Files.readAllBytes(without);
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", what, a.length - b.length, gzip(a) - gzip(b)));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
