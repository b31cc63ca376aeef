package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import im.parley.json.Json;
import im.parley.testkit.DistServer;
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
 * The cache benchmark in Chromium: Parley's {@code AccountCache} on the worker's IndexedDB with Web Crypto
 * (encrypted) and with a do-nothing cipher (the same code and the same IndexedDB work without encryption: the
 * baseline), in the TeaVM JS and Wasm-GC builds (the self-check worker, {@code im.parley.selfcheck.CacheBench}).
 * Each run starts from an empty database: writes N messages of one conversation, reads them all back, opens the
 * cache again and reads the last 50 (warm start), writes a roster of M contacts, opens again and reads it (warm
 * start), and, encrypted only, unlocks a password-protected cache (PBKDF2-SHA-256, 600,000 iterations). Runs
 * alternate between the four configurations; reported are medians and min-max, and the encryption overhead as
 * the ratio of medians.
 */
public final class BrowserCacheBench {
    private BrowserCacheBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main(BrowserCacheBench::run);
    }

    static final String[] METRICS = {"write", "read", "warm50", "rosterWrite", "warmRoster", "unlock"};

    private static void run() throws Exception {
        Path client = Path.of(System.getProperty("parley.client", "../client")).toAbsolutePath().normalize();
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        int messages = Integer.getInteger("bench.messages", 10_000);
        int contacts = Integer.getInteger("bench.contacts", 1_000);
        Path dir = Files.createTempDirectory("parley-cachebench-");
        Path selfcheck = client.resolve("target/selfcheck");
        for (Path f : new Path[] {selfcheck.resolve("parley-selfcheck.js"), selfcheck.resolve("parley-selfcheck.wasm"),
            client.resolve("target/worker/wasm-gc-runtime.min.js")}) {
            Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String f : new String[] {"selfcheck-loader.js", "selfcheck.html"}) {
            try (InputStream in = Files.newInputStream(Path.of("src/test/resources/selfcheck/" + f))) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String[][] configs = {{"js", "web"}, {"js", "plain"}, {"wasm", "web"}, {"wasm", "plain"}};
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        try (DistServer server = new DistServer(dist, "ws://127.0.0.1:9/unused");
                Playwright playwright = Playwright.create()) {
            server.mount("cachebench", dir);
            Browser browser = BenchSupport.chromium(playwright);
            for (int run = -1; run < runs; run++) { // run -1 warms up and is not counted
                for (int c = 0; c < configs.length; c++) {
                    String[] config = configs[(c + Math.max(run, 0)) % configs.length];
                    // A fresh context per run: its own IndexedDB, nothing left from the previous run.
                    var context = browser.newContext();
                    Page page = context.newPage();
                    page.setDefaultTimeout(600_000);
                    page.navigate(server.parleyOrigin() + "/cachebench/selfcheck.html");
                    String request = Json.write(Map.of("t", "cachebench", "crypto", config[1],
                            "messages", messages, "contacts", contacts));
                    String answer = (String) page.evaluate("([url, request]) => new Promise((ok, no) => {"
                            + " const w = new Worker(url); w.onerror = e => no(e.message);"
                            + " w.onmessage = e => { const m = JSON.parse(e.data);"
                            + "  if (m.ready) w.postMessage(request); else { ok(e.data); w.terminate(); } }; })",
                            Arrays.asList("selfcheck-loader.js#" + config[0], request));
                    Map<String, Object> r = Json.parseObject(answer);
                    context.close();
                    if (r.containsKey("error") || ((Number) r.get("readCount")).intValue() != messages
                            || ((Number) r.get("warmCount")).intValue() != 50
                            || ((Number) r.get("rosterCount")).intValue() != contacts) {
                        throw new IllegalStateException(config[0] + "/" + config[1] + ": " + answer);
                    }
                    System.out.println("run " + run + " " + config[0] + "/" + config[1] + ": " + answer);
                    if (run >= 0) {
                        results.computeIfAbsent(config[0] + "/" + config[1], k -> new ArrayList<>()).add(r);
                    }
                }
            }
            browser.close();
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Cache, %d messages in one conversation, %d contacts; Chromium %s; "
                + "%d runs each, median ms (min-max)%n%n", messages, contacts, "(Debian)", runs));
        md.append("| | JS encrypted | JS plain | JS overhead | Wasm-GC encrypted | Wasm-GC plain | Wasm-GC overhead |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        String[] labels = {"write " + messages + " messages", "read them back", "warm start: open + last 50",
            "write " + contacts + " contacts", "warm start: open + roster", "unlock (PBKDF2, 600,000 iterations)"};
        for (int i = 0; i < METRICS.length; i++) {
            String m = METRICS[i];
            md.append("| ").append(labels[i]);
            for (String build : new String[] {"js", "wasm"}) {
                double[] enc = values(results.get(build + "/web"), m);
                double[] plain = values(results.get(build + "/plain"), m);
                md.append(" | ").append(cell(enc)).append(" | ").append(cell(plain)).append(" | ");
                md.append(plain.length == 0 ? "—" : String.format(Locale.ROOT, "%+.0f %%",
                        (BenchSupport.median(enc) / BenchSupport.median(plain) - 1) * 100));
            }
            md.append(" |\n");
        }
        System.out.println();
        System.out.println(md);
    }

    private static double[] values(List<Map<String, Object>> runs, String metric) {
        return runs.stream().filter(r -> r.get(metric) instanceof Number)
                .mapToDouble(r -> ((Number) r.get(metric)).doubleValue()).sorted().toArray();
    }

    private static String cell(double[] v) {
        if (v.length == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", BenchSupport.median(v), v[0], v[v.length - 1]);
    }
}
