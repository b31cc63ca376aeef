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
 * (page plus workers, after a forced garbage collection, through the DevTools protocol), and after a cold start to
 * {@code -Dbench.bigContacts} (5,000) contacts; a burst of {@code -Dbench.burst} (1,000) incoming messages in the open
 * chat: until the last is shown, and the longest main-thread task meanwhile; {@code -Dbench.archived} (1,000)
 * messages from the archive: a chat the client never read, opened and scrolled back to its first message; warm start
 * to the last messages of a chat of {@code -Dbench.cached} (10,000) messages that the client read into its cache
 * once (in a profile kept for all runs).
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

    static final String PW = "bench-Pw-42";
    static final String LONG_CHAT = "message %06d of the long chat";
    static final String ARCHIVED = "archived %06d, a message of an ordinary length";

    /** The measures of one run of one client, in this order (the table's columns). */
    static final String[] MEASURES = {"cold", "warm", "heap", "burst", "longest", "heap-big", "archive", "warm-long"};

    private static void run() throws Exception {
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        Path npm = Path.of(System.getProperty("bench.npm", "target/bench-npm-converse")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 5);
        int contacts = Integer.getInteger("bench.contacts", 1000);
        int bigContacts = Integer.getInteger("bench.bigContacts", 5000);
        int archived = Integer.getInteger("bench.archived", 1000);
        int cached = Integer.getInteger("bench.cached", 10_000);
        int burst = Integer.getInteger("bench.burst", 1000);
        Path converseDist = converse(npm);

        Map<String, String> roster = new LinkedHashMap<>();
        roster.put("peer@" + Prosody.DOMAIN, "Peer"); // a real account: it sends the burst
        roster.put("archivist@" + Prosody.DOMAIN, "Archivist"); // a real account: its messages fill the archive
        for (int i = 3; i <= contacts; i++) {
            roster.put(String.format(Locale.ROOT, "contact%04d@%s", i, Prosody.DOMAIN),
                    String.format(Locale.ROOT, "Contact %04d", i));
        }
        Map<String, String> bigRoster = new LinkedHashMap<>();
        for (int i = 1; i <= bigContacts; i++) {
            bigRoster.put(String.format(Locale.ROOT, "member%05d@%s", i, Prosody.DOMAIN),
                    String.format(Locale.ROOT, "Member %05d", i));
        }
        List<Prosody.Account> accounts = new ArrayList<>();
        accounts.add(new Prosody.Account("bench", PW, roster));
        accounts.add(new Prosody.Account("peer", PW, Map.of("bench@" + Prosody.DOMAIN, "Bench")));
        accounts.add(new Prosody.Account("archivist", PW, Map.of("bench@" + Prosody.DOMAIN, "Bench")));
        accounts.add(new Prosody.Account("big", PW, bigRoster));
        accounts.add(new Prosody.Account("reader", PW, Map.of("talker@" + Prosody.DOMAIN, "Talker")));
        accounts.add(new Prosody.Account("talker", PW, Map.of("reader@" + Prosody.DOMAIN, "Reader")));
        // Each run's browser context closes without logging out: the server must not keep those sessions for
        // minutes (XEP-0198 hibernation), or every later burst is queued into all of them as well.
        System.setProperty("parley.prosody.hibernation", "3");
        Map<String, List<double[]>> results = new LinkedHashMap<>(); // client -> the MEASURES, per run
        Map<String, long[]> bytes = new LinkedHashMap<>();
        try (Prosody prosody = Prosody.start(accounts);
                DistServer parley = new DistServer(dist, prosody.websocketUrl());
                Playwright playwright = Playwright.create()) {
            BenchSupport.seedArchive(prosody, "archivist", PW, "bench", PW, archived, ARCHIVED);
            BenchSupport.seedArchive(prosody, "talker", PW, "reader", PW, cached, LONG_CHAT);
            HttpServer converseServer = converseServer(converseDist, prosody.websocketUrl());
            String converseUrl = "http://127.0.0.1:" + converseServer.getAddress().getPort() + "/bench.html";
            Browser browser = BenchSupport.chromium(playwright, "--js-flags=--expose-gc");
            // The long chat: each client reads all of it once into its cache, in a profile kept for every run.
            Map<String, BrowserContext> longChat = new LinkedHashMap<>();
            for (Client client : CLIENTS) {
                BrowserContext context = context(browser, null);
                long t = System.nanoTime();
                if (client.key().startsWith("parley")) {
                    configure(parley, prosody, client);
                    seedParley(context, parley.parleyOrigin() + "/");
                } else {
                    seedConverse(context, converseUrl);
                }
                System.out.printf(Locale.ROOT, "%s read the %d-message chat into its cache in %.0f s%n", client.key(),
                        cached, (System.nanoTime() - t) / 1e9);
                longChat.put(client.key(), context);
            }
            for (int run = -1; run < runs; run++) { // run -1 warms up (and measures the bytes)
                for (int c = 0; c < CLIENTS.size(); c++) {
                    Client client = CLIENTS.get((c + Math.max(run, 0)) % CLIENTS.size());
                    boolean isParley = client.key().startsWith("parley");
                    Map<String, long[]> loaded = new ConcurrentHashMap<>();
                    BrowserContext context = context(browser, loaded);
                    double[] r = new double[MEASURES.length];
                    if (isParley) {
                        configure(parley, prosody, client);
                        r[0] = parleyStart(context, parley.parleyOrigin() + "/", "bench", contacts);
                    } else {
                        r[0] = converseStart(context, converseUrl, "bench", contacts);
                    }
                    Page page = context.pages().get(0);
                    r[2] = heap(context, page);
                    page.close();
                    r[1] = isParley ? parleyStart(context, parley.parleyOrigin() + "/", "bench", contacts)
                            : converseStart(context, converseUrl, "bench", contacts);
                    Page p = context.pages().get(0);
                    if (burst > 0) {
                        double[] b = isParley ? parleyBurst(prosody, p, burst) : converseBurst(prosody, p, burst);
                        r[3] = b[0];
                        r[4] = b[1];
                    }
                    r[6] = isParley ? scrollBack(p, ".p-roster-filter", ".p-contact-button[data-jid='archivist@localhost']",
                            ".p-messages", PARLEY_HAS, String.format(Locale.ROOT, ARCHIVED, 1))
                            : scrollBack(p, null, "converse-roster a.open-chat[data-jid='archivist@localhost']",
                            "converse-chat[jid='archivist@localhost'] .chat-content__messages",
                            converseHas("archivist@localhost"),
                            String.format(Locale.ROOT, ARCHIVED, 1));
                    context.close();
                    Thread.sleep(4000); // the closed context's sessions end (hibernation of 3 s) before the next

                    BrowserContext big = context(browser, null);
                    if (isParley) {
                        r[5] = heapAfter(big, () -> parleyStart(big, parley.parleyOrigin() + "/", "big", bigContacts));
                    } else {
                        r[5] = heapAfter(big, () -> converseStart(big, converseUrl, "big", bigContacts));
                    }
                    big.close();
                    Thread.sleep(4000);

                    BrowserContext reader = longChat.get(client.key());
                    r[7] = isParley ? parleyLongChat(reader, parley.parleyOrigin() + "/")
                            : converseLongChat(reader, converseUrl);
                    Thread.sleep(4000);

                    StringBuilder line = new StringBuilder();
                    for (int m = 0; m < MEASURES.length; m++) {
                        line.append(m == 0 ? "" : ", ").append(MEASURES[m]).append(' ').append(String.format(Locale.ROOT,
                                m == 2 || m == 5 ? "%.1f MB" : "%.0f ms", m == 2 || m == 5 ? r[m] / 1e6 : r[m]));
                    }
                    System.out.printf(Locale.ROOT, "run %d %s: %s%n", run, client.key(), line);
                    if (run < 0) {
                        long[] b = {0, 0};
                        loaded.values().forEach(v -> {
                            b[0] += v[0];
                            b[1] += v[1];
                        });
                        bytes.put(client.key(), b);
                        System.out.println("  first visit loaded " + loaded.keySet());
                    } else {
                        results.computeIfAbsent(client.key(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            for (BrowserContext context : longChat.values()) {
                context.close();
            }
            browser.close();
            converseServer.stop(0);
        }
        String md = table(results, bytes, runs, contacts, bigContacts, burst, archived, cached);
        System.out.println();
        System.out.println(md);
        Path out = Path.of("target/bench-converse.md");
        Files.writeString(out, md);
        System.out.println("(written to " + out.toAbsolutePath() + ")");
    }

    /** A fresh browser profile that reaches loopback only; records what it loads in {@code loaded}, if given. */
    private static BrowserContext context(Browser browser, Map<String, long[]> loaded) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 800));
        context.route("**/*", route -> {
            String url = route.request().url();
            if (url.startsWith("http://127.0.0.1:") || url.startsWith("http://localhost:")
                    || url.startsWith("ws://") || url.startsWith("data:") || url.startsWith("blob:")) {
                route.resume();
            } else {
                route.abort();
            }
        });
        if (loaded != null) {
            context.onResponse(response -> record(response, loaded));
        }
        return context;
    }

    private static void configure(DistServer parley, Prosody prosody, Client client) {
        parley.setParleyConfig("{\"websocket_url\":\"" + prosody.websocketUrl() + "\",\"worker_build\":\""
                + client.key().substring("parley-".length()) + "\"}");
    }

    interface Start {
        double run();
    }

    /** The JS heap after a start in a fresh profile (the start's own time is not kept). */
    private static double heapAfter(BrowserContext context, Start start) {
        start.run();
        Page page = context.pages().get(0);
        double heap = heap(context, page);
        page.close();
        return heap;
    }

    private static double[] parleyBurst(Prosody prosody, Page p, int n) throws Exception {
        // The list draws only the rows in view: find the peer with the filter first.
        p.locator(".p-roster-filter").fill("peer@");
        p.locator(".p-contact-button[data-jid='peer@localhost']").click();
        return burst(prosody, p, ".p-message.p-in .p-body", n);
    }

    private static double[] converseBurst(Prosody prosody, Page p, int n) throws Exception {
        p.locator("converse-roster a.open-chat[data-jid='peer@localhost']").first().click();
        p.locator("converse-chat[jid='peer@localhost']").waitFor(new com.microsoft.playwright.Locator
                .WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        return burst(prosody, p, "converse-chat[jid='peer@localhost'] .chat-msg__text", n);
    }

    /**
     * Opens a chat whose archive the client has never read (clicking {@code contact}, found with {@code filter}
     * first if the list is virtualised) and scrolls its log up with the mouse wheel, as a user does, until the oldest
     * message, {@code first}, is on the page: the time from the click (page clock), or -1 after five minutes. (Both
     * clients load older messages, and move their window of rendered ones, as the wheel scrolls.)
     */
    private static double scrollBack(Page page, String filter, String contact, String log, String has, String first) {
        return scrollBack(page, filter, contact, log, has, first, 300_000);
    }

    /** Parley: the message is in the chat view. */
    static final String PARLEY_HAS = "(first) => Array.from(document.querySelectorAll('.p-message .p-body'))"
            + ".some(e => e.textContent.includes(first))";

    /**
     * Converse: the message is in the chat's messages (its view renders a window of 100 around what is in view, and in
     * Converse 14.0.0 that window stops moving up once the log is at the top, while the older pages do come in), read
     * through a plugin of the bench page.
     */
    static String converseHas(String jid) {
        return "(first) => { const c = window.__converse && window.__converse.state.chatboxes.get('" + jid + "');"
                + " return !!c && c.messages.models.some(m => (m.get('body') || m.get('message') || '').includes(first)); }";
    }

    private static double scrollBack(Page page, String filter, String contact, String log, String has, String first,
            int limitMs) {
        if (filter != null) { // the contact's JID, from the selector [data-jid='…']
            page.locator(filter).fill(contact.substring(contact.indexOf("'") + 1, contact.lastIndexOf("'")));
        }
        page.locator(contact).first().waitFor();
        double t0 = BenchSupport.now(page);
        page.locator(contact).first().click();
        com.microsoft.playwright.Locator area = page.locator(log).first();
        area.waitFor();
        com.microsoft.playwright.options.BoundingBox box = area.boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        while (BenchSupport.now(page) - t0 < limitMs) {
            if (Boolean.TRUE.equals(page.evaluate(has, first))) {
                return BenchSupport.now(page) - t0;
            }
            page.mouse().wheel(0, -1500);
            page.waitForTimeout(16);
        }
        System.out.println("  scrollBack gave up before " + first);
        return -1;
    }

    /** Parley reads the whole long chat: the chat opened, scrolled back to its first message (pages are cached). */
    private static void seedParley(BrowserContext context, String url) {
        parleyStart(context, url, "reader", 1);
        Page page = context.pages().get(0);
        double ms = scrollBack(page, ".p-roster-filter", ".p-contact-button[data-jid='talker@localhost']",
                ".p-messages", PARLEY_HAS, String.format(Locale.ROOT, LONG_CHAT, 1),
                Integer.getInteger("bench.seedLimitMs", 1_800_000));
        if (ms < 0) {
            throw new IllegalStateException("Parley did not reach the first message of the long chat");
        }
        page.waitForTimeout(5000); // the last pages reach the cache
        page.close();
    }

    /** Converse reads the whole long chat the same way: opened, scrolled back to its first message. */
    private static void seedConverse(BrowserContext context, String url) {
        converseStart(context, url, "reader", 1);
        Page page = context.pages().get(0);
        double ms = scrollBack(page, null, "converse-roster a.open-chat[data-jid='talker@localhost']",
                "converse-chat[jid='talker@localhost'] .chat-content__messages",
                converseHas("talker@localhost"), String.format(Locale.ROOT, LONG_CHAT, 1),
                Integer.getInteger("bench.seedLimitMs", 1_800_000));
        if (ms < 0) {
            throw new IllegalStateException("Converse did not reach the first message of the long chat");
        }
        page.waitForTimeout(10_000); // the last pages reach IndexedDB
        page.close();
    }

    /** How many of the long chat's messages must be on screen for the chat to count as shown. */
    static final int LONG_CHAT_SHOWN = 10;

    /**
     * The probe for the long chat: performance.now() at the first frame in which {@link #LONG_CHAT_SHOWN} of its
     * messages are on screen (in the viewport). Not "its last message": the seeded messages share timestamps to the
     * second (a burst), and Converse orders messages of the same second as it pleases, so which one is last differs.
     */
    private static void lastMessageProbe(Page page, String bodies) {
        page.addInitScript("(() => { window.__lastAt = null; const tick = () => { try { let n = 0;"
                + " for (const el of document.querySelectorAll(" + js(bodies) + ")) { const r = el.getBoundingClientRect();"
                + "  if (el.textContent.includes(' of the long chat') && r.height > 0 && r.bottom > 0"
                + "   && r.top < innerHeight) n++; }"
                + " if (n >= " + LONG_CHAT_SHOWN + ") { window.__lastAt = performance.now(); return; } } catch (e) { }"
                + " requestAnimationFrame(tick); }; requestAnimationFrame(tick); })();");
    }

    /** Warm start of the reader (whose long chat was open): from navigation to the chat's messages on screen. */
    private static double parleyLongChat(BrowserContext context, String url) {
        Page page = context.newPage();
        page.setDefaultTimeout(300_000);
        lastMessageProbe(page, ".p-message .p-body");
        page.navigate(url);
        page.locator(".p-login-jid").fill("reader@" + Prosody.DOMAIN);
        page.locator(".p-login-password").fill(PW);
        page.locator(".p-login-password").press("Enter");
        page.waitForFunction("() => window.__lastAt !== null");
        double at = ((Number) page.evaluate("() => window.__lastAt")).doubleValue();
        page.close();
        return at;
    }

    private static double converseLongChat(BrowserContext context, String url) {
        Page page = context.newPage();
        page.setDefaultTimeout(300_000);
        lastMessageProbe(page, "converse-chat[jid='talker@localhost'] .chat-msg__text");
        page.navigate(url + "?jid=reader");
        // Converse does not open again the chat that was open (Parley does): it is opened from the roster as soon as
        // the contact shows, as a user would, and that click is in Converse's time.
        String link = "converse-roster a.open-chat[data-jid='talker@localhost']";
        page.waitForFunction("(link) => window.__lastAt !== null || document.querySelector(link)", link);
        if (page.evaluate("() => window.__lastAt") == null) {
            page.evaluate("(link) => document.querySelector(link).click()", link);
        }
        try {
            page.waitForFunction("() => window.__lastAt !== null", null,
                    new Page.WaitForFunctionOptions().setTimeout(Integer.getInteger("bench.longChatLimitMs", 300_000)));
        } catch (com.microsoft.playwright.TimeoutError e) {
            System.out.println("  Converse did not show the last message: " + page.evaluate("() => {"
                    + " const all = Array.from(document.querySelectorAll('converse-chat .chat-msg__text'));"
                    + " const c = window.__converse && window.__converse.state.chatboxes.get('talker@localhost');"
                    + " return JSON.stringify({shown: all.length, first: all.length && all[0].textContent,"
                    + "  last: all.length && all[all.length - 1].textContent, chats: document.querySelectorAll('converse-chat').length,"
                    + "  model: c ? c.messages.length : -1}); }"));
            page.close();
            return -1;
        }
        double at = ((Number) page.evaluate("() => window.__lastAt")).doubleValue();
        page.close();
        return at;
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
    private static double[] burst(Prosody prosody, Page page, String selector, int n) throws Exception {
        String mark = "burst" + System.nanoTime() + "-";
        page.evaluate("([selector, mark, want]) => { window.__longest = 0; window.__burstAt = null;"
                + " new PerformanceObserver(list => { for (const e of list.getEntries())"
                + "   window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask'});"
                + " const last = mark + (want - 1) + ' ';"
                + " const tick = () => { let shown = false;"
                + "   for (const el of document.querySelectorAll(selector)) if (el.textContent.includes(last)) shown = true;"
                + "   if (shown) { window.__burstAt = performance.now(); return; } requestAnimationFrame(tick); };"
                + " requestAnimationFrame(tick); }", java.util.List.of(selector, mark, n));
        try (im.parley.testkit.SmackPeer peer = new im.parley.testkit.SmackPeer(prosody, "peer", PW)) {
            double start = BenchSupport.now(page);
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

    /** A string as a JavaScript literal. */
    private static String js(String s) {
        return new com.google.gson.Gson().toJson(s);
    }

    private static double parleyStart(BrowserContext context, String url, String account, int contacts) {
        Page page = context.newPage();
        page.setDefaultTimeout(300_000);
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
        page.locator(".p-login-jid").fill(account + "@" + Prosody.DOMAIN);
        page.locator(".p-login-password").fill(PW);
        page.locator(".p-login-password").press("Enter");
        page.waitForFunction("() => window.__rosterAt !== null");
        if (Boolean.getBoolean("bench.timeline")) {
            System.out.println("  timeline " + page.evaluate("() => JSON.stringify(window.__timeline)"));
        }
        return ((Number) page.evaluate("() => window.__rosterAt")).doubleValue();
    }

    private static double converseStart(BrowserContext context, String url, String account, int contacts) {
        Page page = context.newPage();
        page.setDefaultTimeout(300_000);
        probe(page, "new Set(Array.from(document.querySelectorAll('converse-roster a.open-chat[data-jid]'))"
                + ".map(a => a.getAttribute('data-jid'))).size", contacts);
        page.navigate(url + (url.contains("?") ? "&" : "?") + "jid=" + account);
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
            int contacts, int bigContacts, int burst, int archived, int cached) {
        if (results.isEmpty()) {
            return "(no measured runs: -Dbench.runs=0)";
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d runs each, alternating; median (min–max); ratio = Parley / Converse "
                + "(medians)%n%n", runs));
        md.append(String.format(Locale.ROOT, "| | first visit, gzip | cold start to %,d contacts | warm start to %,d"
                + " contacts | JS heap after %,d contacts (page + workers) | JS heap after %,d contacts |%n",
                contacts, contacts, contacts, bigContacts));
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Client client : CLIENTS) {
            long[] b = bytes.get(client.key());
            md.append("| ").append(client.label()).append(" | ");
            md.append(String.format(Locale.ROOT, "%.0f KB (%.0f KB raw)", b[1] / 1024.0, b[0] / 1024.0));
            if (!client.key().equals("converse")) {
                md.append(String.format(Locale.ROOT, ", %.2fx", (double) b[1] / bytes.get("converse")[1]));
            }
            cells(md, results, client, new int[] {0, 1, 2, 5});
            md.append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%n| | burst of %,d incoming messages until all shown | longest main-thread"
                + " task in the burst | %,d messages from the archive: opened and scrolled back to the first | warm"
                + " start to the last messages of a %,d-message cached chat (" + LONG_CHAT_SHOWN + " on screen) |%n", burst, archived, cached));
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Client client : CLIENTS) {
            md.append("| ").append(client.label());
            cells(md, results, client, new int[] {3, 4, 6, 7});
            md.append(" |\n");
        }
        return md.toString();
    }

    /** The measures {@code ms} of a client: median (min–max), and the ratio to Converse's median. */
    private static void cells(StringBuilder md, Map<String, List<double[]>> results, Client client, int[] ms) {
        List<double[]> r = results.get(client.key());
        List<double[]> converse = results.get("converse");
        for (int m : ms) {
            double[] v = column(r, m);
            boolean mb = m == 2 || m == 5;
            double scale = mb ? 1e6 : 1;
            md.append(" | ").append(String.format(Locale.ROOT, mb ? "%.1f MB (%.1f–%.1f)" : "%.0f ms (%.0f–%.0f)",
                    BenchSupport.median(v) / scale, v[0] / scale, v[v.length - 1] / scale));
            double base = BenchSupport.median(column(converse, m));
            if (!client.key().equals("converse") && base > 0) {
                md.append(String.format(Locale.ROOT, ", %.2fx", BenchSupport.median(v) / base));
            }
        }
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
                + "<script type=\"module\">const q = new URLSearchParams(location.search);"
                // A plugin that only lends the bench Converse's state (to see which messages it has).
                + " converse.plugins.add('parley-bench', { initialize() { window.__converse = this._converse; } });"
                + " converse.initialize({view_mode: 'fullscreen', assets_path: '/dist/',"
                + " websocket_url: '" + websocketUrl + "', jid: q.get('jid') + '@" + Prosody.DOMAIN + "',"
                + " password: '" + PW + "', auto_login: true, discover_connection_methods: false, i18n: 'en',"
                + " loglevel: 'error', persistent_store: 'IndexedDB', clear_cache_on_logout: false,"
                + " blacklisted_plugins: ['converse-omemo', 'converse-omemo-views'], play_sounds: false,"
                + " show_desktop_notifications: false, autocomplete_providers_url: null,"
                + " show_self_in_roster: false, whitelisted_plugins: ['parley-bench']});</script></body></html>";
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
