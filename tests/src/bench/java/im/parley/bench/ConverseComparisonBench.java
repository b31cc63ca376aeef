package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import im.parley.testkit.DistServer;
import im.parley.testkit.Prosody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Parley (TeaVM JS and Wasm-GC builds) side by side with Converse.js 14.0.0 in the same Chromium, against the same
 * Prosody with the same data, measured alternately ({@code -Dbench.runs}, default 5).
 *
 * <p>Scenarios: the bytes a first visit loads (every response of the page and its workers, gzip level 9); cold
 * start (empty browser profile) to a roster of {@code -Dbench.contacts} (1,000) contacts on screen; warm start (a new
 * page in the same profile: the caches are there) to the same roster; the JavaScript heap after the roster is shown
 * (page plus workers, after a forced garbage collection, through the DevTools protocol).
 *
 * <p>Times are the page's {@code performance.now()} (from the navigation's start) at the first animation frame in
 * which the roster shows with all contacts loaded, polled every frame: for Converse, all contacts in the DOM; for
 * Parley, whose list is virtualised, the list holding all contacts with the rows in view rendered. Converse is
 * started by {@code converse.initialize} with {@code auto_login}; Parley (its fullscreen app) by its login form,
 * filled by Playwright as soon as it shows (its cache is unlocked with the password, {@code cache_key: password}),
 * so Parley's figures include that round trip. Converse runs with the settings its documentation suggests for a
 * local server ({@code discover_connection_methods: false}, OMEMO off, English only) and its default
 * {@code persistent_store} (IndexedDB); requests to anything but loopback are refused (its logged-out screen
 * links sponsor logos on conversejs.org).
 */
public final class ConverseComparisonBench {
    static final String CONVERSE = "converse.js@14.0.0";

    private ConverseComparisonBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main(ConverseComparisonBench::run);
    }

    record Client(String key, String label) {
    }

    static final List<Client> CLIENTS = List.of(new Client("parley-js", "Parley (TeaVM JS)"),
            new Client("parley-wasm", "Parley (TeaVM Wasm-GC)"), new Client("converse", "Converse.js 14.0.0"));

    private static void run() throws Exception {
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        Path npm = Path.of(System.getProperty("bench.npm", "target/bench-npm-converse")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        int contacts = Integer.getInteger("bench.contacts", 1000);
        Path converseDist = converse(npm);

        Map<String, String> roster = new LinkedHashMap<>();
        roster.put("peer@" + Prosody.DOMAIN, "Peer"); // a real account: it sends the burst
        for (int i = 2; i <= contacts; i++) {
            roster.put(String.format(Locale.ROOT, "contact%04d@%s", i, Prosody.DOMAIN),
                    String.format(Locale.ROOT, "Contact %04d", i));
        }
        List<Prosody.Account> accounts = new ArrayList<>();
        accounts.add(new Prosody.Account("bench", "bench-Pw-42", roster));
        Map<String, String> peerRoster = new LinkedHashMap<>();
        peerRoster.put("bench@" + Prosody.DOMAIN, "Bench");
        accounts.add(new Prosody.Account("peer", "peer-Pw-42", peerRoster));
        // The burst is off by default: its repeated runs are not stable yet (README).
        int burst = Integer.getInteger("bench.burst", 0);
        // Each run's browser context closes without logging out: the server must not keep those sessions for
        // minutes (XEP-0198 hibernation), or every later burst is queued into all of them as well.
        System.setProperty("parley.prosody.hibernation", "3");
        Map<String, List<double[]>> results = new LinkedHashMap<>(); // client -> [cold, warm, heap] per run
        Map<String, long[]> bytes = new LinkedHashMap<>();
        try (Prosody prosody = Prosody.start(accounts);
                DistServer parley = new DistServer(dist, prosody.websocketUrl());
                Playwright playwright = Playwright.create()) {
            HttpServer converseServer = converseServer(converseDist, prosody.websocketUrl());
            String converseUrl = "http://127.0.0.1:" + converseServer.getAddress().getPort() + "/bench.html";
            Browser browser = BenchSupport.chromium(playwright, "--js-flags=--expose-gc");
            for (int run = -1; run < runs; run++) { // run -1 warms up (and measures the bytes)
                for (int c = 0; c < CLIENTS.size(); c++) {
                    Client client = CLIENTS.get((c + Math.max(run, 0)) % CLIENTS.size());
                    BrowserContext context = browser.newContext();
                    context.route("**/*", route -> {
                        String url = route.request().url();
                        if (url.startsWith("http://127.0.0.1:") || url.startsWith("http://localhost:")
                                || url.startsWith("ws://") || url.startsWith("data:") || url.startsWith("blob:")) {
                            route.resume();
                        } else {
                            route.abort();
                        }
                    });
                    Map<String, long[]> loaded = new ConcurrentHashMap<>();
                    context.onResponse(response -> record(response, loaded));
                    double cold;
                    double warm;
                    double heap;
                    double[] burstResult;
                    if (client.key().startsWith("parley")) {
                        parley.setParleyConfig("{\"websocket_url\":\"" + prosody.websocketUrl()
                                + "\",\"worker_build\":\"" + client.key().substring("parley-".length()) + "\"}");
                        cold = parleyStart(context, parley.parleyOrigin() + "/", contacts);
                        Page page = context.pages().get(0);
                        heap = heap(context, page);
                        page.close();
                        warm = parleyStart(context, parley.parleyOrigin() + "/", contacts);
                        Page p = context.pages().get(0);
                        burstResult = new double[] {0, 0};
                        if (burst > 0) {
                            // The list draws only the rows in view: find the peer with the filter first.
                            p.locator(".p-roster-filter").fill("peer@");
                            p.locator(".p-contact-button[data-jid='peer@localhost']").click();
                            burstResult = burst(prosody, p, ".p-message.p-in .p-body", burst, run + client.key());
                        }
                    } else {
                        cold = converseStart(context, converseUrl, contacts);
                        Page page = context.pages().get(0);
                        heap = heap(context, page);
                        page.close();
                        warm = converseStart(context, converseUrl, contacts);
                        Page p = context.pages().get(0);
                        burstResult = new double[] {0, 0};
                    }
                    if (burst > 0 && client.key().equals("converse")) {
                        Page p = context.pages().get(0);
                        p.locator("converse-roster a.open-chat[data-jid='peer@localhost']").first().click();
                        p.locator("converse-chat[jid='peer@localhost']").waitFor(new com.microsoft.playwright.Locator
                                .WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
                        burstResult = burst(prosody, p, "converse-chat[jid='peer@localhost'] .chat-msg__text", burst,
                                run + client.key());
                    }
                    context.close();
                    Thread.sleep(4000); // the closed context's sessions end (hibernation of 3 s) before the next
                    System.out.printf(Locale.ROOT, "run %d %s: cold %.0f ms, warm %.0f ms, heap %.1f MB, burst %.0f ms,"
                            + " longest task %.0f ms%n", run, client.key(), cold, warm, heap / 1e6, burstResult[0],
                            burstResult[1]);
                    if (run < 0) {
                        long[] b = {0, 0};
                        loaded.values().forEach(v -> {
                            b[0] += v[0];
                            b[1] += v[1];
                        });
                        bytes.put(client.key(), b);
                        System.out.println("  first visit loaded " + loaded.keySet());
                    } else {
                        results.computeIfAbsent(client.key(), k -> new ArrayList<>()).add(new double[] {cold, warm, heap,
                                burstResult[0], burstResult[1]});
                    }
                }
            }
            browser.close();
            converseServer.stop(0);
        }
        System.out.println();
        System.out.println(table(results, bytes, runs, contacts));
    }

    /** Records a response's size, raw and gzipped, by URL (the first load of each URL). */
    private static void record(Response response, Map<String, long[]> loaded) {
        try {
            if (response.status() >= 300 || loaded.containsKey(response.url())) {
                return;
            }
            byte[] body = response.body();
            loaded.put(response.url(), new long[] {body.length, BenchSupport.gzip(body)});
        } catch (RuntimeException e) {
            // a response whose body is gone (a worker already terminated): not counted
        }
    }

    /**
     * A burst: the peer (Smack) sends {@code n} messages as fast as it can while the chat is open. Returns the time
     * from the first send until the last one is on screen (page clock, polled every frame; Converse keeps only the
     * latest 100 or so in its DOM, so "all in the DOM" cannot be the test) and the longest main-thread task
     * meanwhile (PerformanceObserver "longtask"; 0 if none over 50 ms).
     */
    private static double[] burst(Prosody prosody, Page page, String selector, int n, String tag) throws Exception {
        String mark = "burst" + System.nanoTime() + "-";
        page.evaluate("([selector, mark, want]) => { window.__longest = 0; window.__burstAt = null;"
                + " new PerformanceObserver(list => { for (const e of list.getEntries())"
                + "   window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask'});"
                + " const last = mark + (want - 1) + ' ';"
                + " const tick = () => { let shown = false;"
                + "   for (const el of document.querySelectorAll(selector)) if (el.textContent.includes(last)) shown = true;"
                + "   if (shown) { window.__burstAt = performance.now(); return; } requestAnimationFrame(tick); };"
                + " requestAnimationFrame(tick); }", java.util.List.of(selector, mark, n));
        try (im.parley.testkit.SmackPeer peer = new im.parley.testkit.SmackPeer(prosody, "peer", "peer-Pw-42")) {
            double start = ((Number) page.evaluate("() => performance.now()")).doubleValue();
            for (int i = 0; i < n; i++) {
                peer.send("bench@" + Prosody.DOMAIN, mark + i + " a message of a burst, of an ordinary length");
            }
            page.waitForFunction("() => window.__burstAt !== null", null,
                    new Page.WaitForFunctionOptions().setTimeout(120_000));
            double done = ((Number) page.evaluate("() => window.__burstAt")).doubleValue();
            double longest = ((Number) page.evaluate("() => window.__longest")).doubleValue();
            return new double[] {done - start, longest};
        }
    }

    /** Installs the roster probe: performance.now() at the first frame with {@code n} visible contacts. */
    private static void probe(Page page, String countScript, int n) {
        page.addInitScript("(() => { const want = " + n + "; window.__rosterAt = null;"
                + " const tick = () => { try { if (" + countScript + " >= want) { window.__rosterAt = performance.now();"
                + " return; } } catch (e) { } requestAnimationFrame(tick); }; requestAnimationFrame(tick); })();");
    }

    private static double parleyStart(BrowserContext context, String url, int contacts) {
        Page page = context.newPage();
        page.setDefaultTimeout(120_000);
        // Parley's list is virtualised: only the rows in view exist. Done when it holds all contacts and shows them.
        probe(page, "(document.querySelector('.p-main') && !document.querySelector('.p-main').hidden"
                + " && document.querySelector('.p-roster .p-contact-button')"
                + " ? Number(document.querySelector('.p-roster-scroller').dataset.contacts) : 0)", contacts);
        page.addInitScript("window.__timeline = []; new MutationObserver(() => {"
                + " const root = document.getElementById('parley-root'); if (!root) return;"
                + " const mark = (root.getAttribute('data-state') || '-') + '/' + (root.getAttribute('data-cache') || '-')"
                + "  + (document.querySelector('.p-login-jid') ? '/form' : '');"
                + " const last = window.__timeline[window.__timeline.length - 1];"
                + " if (!last || last[0] !== mark) window.__timeline.push([mark, Math.round(performance.now())]);"
                + "}).observe(document, {subtree: true, childList: true, attributes: true});");
        page.navigate(url);
        page.locator(".p-login-jid").fill("bench@" + Prosody.DOMAIN);
        page.locator(".p-login-password").fill("bench-Pw-42");
        page.locator(".p-login-password").press("Enter");
        page.waitForFunction("() => window.__rosterAt !== null");
        if (Boolean.getBoolean("bench.timeline")) {
            System.out.println("  timeline " + page.evaluate("() => JSON.stringify(window.__timeline)"));
        }
        return ((Number) page.evaluate("() => window.__rosterAt")).doubleValue();
    }

    private static double converseStart(BrowserContext context, String url, int contacts) {
        Page page = context.newPage();
        page.setDefaultTimeout(120_000);
        probe(page, "new Set(Array.from(document.querySelectorAll('converse-roster a.open-chat[data-jid]'))"
                + ".map(a => a.getAttribute('data-jid'))).size", contacts);
        page.navigate(url);
        page.waitForFunction("() => window.__rosterAt !== null");
        return ((Number) page.evaluate("() => window.__rosterAt")).doubleValue();
    }

    /**
     * The JavaScript heap in use by the page and every worker of the browser (one page is open), after a
     * garbage collection in each, through the DevTools protocol's target auto-attach.
     */
    private static double heap(BrowserContext context, Page page) {
        page.waitForTimeout(1000); // let the caches settle
        CDPSession pageSession = context.newCDPSession(page);
        pageSession.send("HeapProfiler.collectGarbage");
        double total = pageSession.send("Runtime.getHeapUsage").get("usedSize").getAsDouble();
        // Dedicated workers are child targets of the page: attach (unflattened) and talk through the page session.
        List<String> sessions = new ArrayList<>();
        pageSession.on("Target.attachedToTarget", ev -> {
            if ("worker".equals(ev.getAsJsonObject("targetInfo").get("type").getAsString())) {
                sessions.add(ev.get("sessionId").getAsString());
            }
        });
        Map<Integer, JsonObject> answers = new ConcurrentHashMap<>();
        pageSession.on("Target.receivedMessageFromTarget", ev -> {
            JsonObject msg = com.google.gson.JsonParser.parseString(ev.get("message").getAsString()).getAsJsonObject();
            if (msg.has("id")) {
                answers.put(msg.get("id").getAsInt(), msg);
            }
        });
        JsonObject attach = new JsonObject();
        attach.addProperty("autoAttach", true);
        attach.addProperty("waitForDebuggerOnStart", false);
        attach.addProperty("flatten", false);
        pageSession.send("Target.setAutoAttach", attach);
        page.waitForTimeout(300);
        int id = 1000;
        for (String session : new ArrayList<>(sessions)) {
            for (String method : new String[] {"HeapProfiler.collectGarbage", "Runtime.getHeapUsage"}) {
                int msgId = ++id;
                JsonObject send = new JsonObject();
                send.addProperty("sessionId", session);
                send.addProperty("message", "{\"id\":" + msgId + ",\"method\":\"" + method + "\"}");
                pageSession.send("Target.sendMessageToTarget", send);
                long deadline = System.currentTimeMillis() + 10_000;
                while (!answers.containsKey(msgId) && System.currentTimeMillis() < deadline) {
                    page.waitForTimeout(20);
                }
                JsonObject answer = answers.get(msgId);
                if (method.equals("Runtime.getHeapUsage") && answer != null && answer.has("result")) {
                    total += answer.getAsJsonObject("result").get("usedSize").getAsDouble();
                }
            }
        }
        pageSession.detach();
        System.out.printf(Locale.ROOT, "  heap: page and %d worker(s)%n", sessions.size());
        return total;
    }

    private static String table(Map<String, List<double[]>> results, Map<String, long[]> bytes, int runs,
            int contacts) {
        if (results.isEmpty()) {
            return "(no measured runs: -Dbench.runs=0)";
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d runs each, alternating; median (min–max); ratio = Parley / Converse "
                + "(medians)%n%n", runs));
        md.append("| | first visit, gzip | cold start to ").append(contacts).append(" contacts | warm start to ")
                .append(contacts).append(" contacts | JS heap (page + workers) | burst of incoming messages"
                + " until all shown | longest main-thread task in the burst |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        List<double[]> converse = results.get("converse");
        for (Client client : CLIENTS) {
            List<double[]> r = results.get(client.key());
            long[] b = bytes.get(client.key());
            md.append("| ").append(client.label()).append(" | ");
            md.append(String.format(Locale.ROOT, "%.0f KB (%.0f KB raw)", b[1] / 1024.0, b[0] / 1024.0));
            if (!client.key().equals("converse")) {
                md.append(String.format(Locale.ROOT, ", %.2fx", (double) b[1] / bytes.get("converse")[1]));
            }
            for (int m = 0; m < 5; m++) {
                double[] v = column(r, m);
                double scale = m == 2 ? 1e6 : 1;
                String unit = m == 2 ? " MB" : " ms";
                md.append(" | ").append(String.format(Locale.ROOT, m == 2 ? "%.1f%s (%.1f–%.1f)" : "%.0f%s (%.0f–%.0f)",
                        BenchSupport.median(v) / scale, unit, v[0] / scale, v[v.length - 1] / scale));
                double base = BenchSupport.median(column(converse, m));
                if (!client.key().equals("converse") && base > 0) {
                    md.append(String.format(Locale.ROOT, ", %.2fx", BenchSupport.median(v) / base));
                }
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private static double[] column(List<double[]> runs, int m) {
        return runs.stream().mapToDouble(r -> r[m]).sorted().toArray();
    }

    /** Installs Converse.js from npm into the build directory (never committed); returns its dist directory. */
    private static Path converse(Path npm) throws IOException, InterruptedException {
        Files.createDirectories(npm);
        Path pkg = npm.resolve("node_modules/converse.js/package.json");
        if (!Files.isRegularFile(pkg) || !Files.readString(pkg).contains("\"version\": \"14.0.0\"")) {
            Process p = new ProcessBuilder("npm", "install", "--prefix", npm.toString(), "--no-audit", "--no-fund",
                    "--ignore-scripts", "--save-exact", CONVERSE).directory(npm.toFile()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("npm install " + CONVERSE + " failed");
            }
        }
        return npm.resolve("node_modules/converse.js/dist");
    }

    /** Serves Converse's dist and a page that starts it (fullscreen, auto_login) on its own loopback origin. */
    private static HttpServer converseServer(Path dist, String websocketUrl) throws IOException {
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Converse</title>"
                + "<link rel=\"icon\" href=\"data:,\">"
                + "<link rel=\"stylesheet\" href=\"/dist/converse.min.css\">"
                + "<script type=\"module\" src=\"/dist/converse.min.js\"></script></head><body>"
                + "<script type=\"module\">converse.initialize({view_mode: 'fullscreen', assets_path: '/dist/',"
                + " websocket_url: '" + websocketUrl + "', jid: 'bench@" + Prosody.DOMAIN + "',"
                + " password: 'bench-Pw-42', auto_login: true, discover_connection_methods: false, i18n: 'en',"
                + " loglevel: 'error', persistent_store: 'IndexedDB', clear_cache_on_logout: false,"
                + " blacklisted_plugins: ['converse-omemo', 'converse-omemo-views'], play_sounds: false,"
                + " show_desktop_notifications: false, autocomplete_providers_url: null,"
                + " show_self_in_roster: false});</script></body></html>";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", (HttpExchange ex) -> {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/bench.html")) {
                body = page.getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (path.startsWith("/dist/") && !path.contains("..")) {
                Path file = dist.resolve(path.substring("/dist/".length()));
                if (!Files.isRegularFile(file)) {
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                    return;
                }
                body = Files.readAllBytes(file);
                type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css"
                        : path.endsWith(".json") ? "application/json" : path.endsWith(".wasm") ? "application/wasm"
                        : path.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
            } else {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }
}
