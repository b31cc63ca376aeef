package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import im.parley.testkit.DistServer;
import im.parley.testkit.Prosody;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Long lists in Parley's UI, in Chromium against Prosody: a roster of {@code -Dbench.contacts} (10,000) contacts
 * loaded and scrolled end to end, and a conversation of {@code -Dbench.messages} (10,000) archived messages scrolled
 * back to its first message and down again. For each, the time it takes and the longest main-thread task
 * (PerformanceObserver "longtask": tasks over 50 ms; "none" when there was none), {@code -Dbench.runs} (3) runs per
 * worker build, medians. Run: {@code mvn -B -pl tests -am -DskipTests -Dbench=lists package}.
 */
public final class BrowserListsBench {
    private BrowserListsBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main(BrowserListsBench::run);
    }

    /** Long tasks of the page since the last reset: the longest, and how many. */
    static final String OBSERVER = "window.__longest = 0; window.__longCount = 0;"
            + "new PerformanceObserver(list => { for (const e of list.getEntries()) {"
            + " window.__longest = Math.max(window.__longest, e.duration); window.__longCount++; } })"
            + ".observe({type: 'longtask', buffered: true});";

    static double[] takeLongTasks(Page page) {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) page.evaluate("() => { const r = [window.__longest, window.__longCount];"
                + " window.__longest = 0; window.__longCount = 0; return r; }");
        return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue()};
    }

    private static void run() throws Exception {
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        int runs = Integer.getInteger("bench.runs", 3);
        int contacts = Integer.getInteger("bench.contacts", 10_000);
        int messages = Integer.getInteger("bench.messages", 10_000);
        Map<String, String> roster = new LinkedHashMap<>();
        roster.put("talker@" + Prosody.DOMAIN, "Talker");
        for (int i = 2; i <= contacts; i++) {
            roster.put(String.format(Locale.ROOT, "c%05d@%s", i, Prosody.DOMAIN),
                    String.format(Locale.ROOT, "Contact %05d", i));
        }
        List<Prosody.Account> accounts = new ArrayList<>();
        accounts.add(new Prosody.Account("lists", "lists-Pw-42", roster));
        accounts.add(new Prosody.Account("talker", "talker-Pw-42",
                new LinkedHashMap<>(Map.of("lists@" + Prosody.DOMAIN, "Lists"))));
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        try (Prosody prosody = Prosody.start(accounts);
                DistServer parley = new DistServer(dist, prosody.websocketUrl());
                Playwright playwright = Playwright.create()) {
            BenchSupport.seedArchive(prosody, "talker", "talker-Pw-42", "lists", "lists-Pw-42", messages,
                    "message %06d of the long chat");
            Browser browser = BenchSupport.chromium(playwright);
            for (int run = -1; run < runs; run++) { // run -1 warms up
                for (String build : new String[] {"js", "wasm"}) {
                    parley.setParleyConfig("{\"websocket_url\":\"" + prosody.websocketUrl() + "\",\"worker_build\":\""
                            + build + "\",\"persistent_store\":\"sessionStorage\"}");
                    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                            .setViewportSize(1100, 800));
                    Page page = context.newPage();
                    page.setDefaultTimeout(300_000);
                    page.addInitScript(OBSERVER);
                    double[] r = measure(page, parley.parleyOrigin() + "/", contacts, messages);
                    context.close();
                    if (run >= 0) {
                        results.computeIfAbsent(build, k -> new ArrayList<>()).add(r);
                    }
                    System.out.printf(Locale.ROOT, "%s run %d: %s%n", build, run, java.util.Arrays.toString(r));
                }
            }
        }
        System.out.println(table(results, runs, contacts, messages));
    }

    /**
     * [roster load ms, longest task, roster scroll ms, longest task, scroll-back ms, longest task, scroll-down ms,
     * longest task].
     */
    private static double[] measure(Page page, String url, int contacts, int messages) {
        page.navigate(url);
        page.locator(".p-login-jid").fill("lists@" + Prosody.DOMAIN);
        page.locator(".p-login-password").fill("lists-Pw-42");
        takeLongTasks(page);
        double t0 = BenchSupport.now(page);
        page.locator(".p-login-password").press("Enter");
        page.waitForFunction("n => { const s = document.querySelector('.p-roster-scroller');"
                // Shown: on screen (the list may be built while the main view still waits for the session to be up).
                + " return s && s.clientHeight > 0 && Number(s.dataset.contacts) === n"
                + " && document.querySelector('.p-roster .p-contact-button'); }",
                contacts);
        double load = BenchSupport.now(page) - t0;
        double[] loadTasks = takeLongTasks(page);

        // The whole roster, a screenful per frame.
        double t1 = BenchSupport.now(page);
        page.evaluate("() => new Promise(done => { const s = document.querySelector('.p-roster-scroller');"
                + " const step = () => { if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) { done(); return; }"
                + " s.scrollTop += s.clientHeight; requestAnimationFrame(step); }; requestAnimationFrame(step); })");
        double rosterScroll = BenchSupport.now(page) - t1;
        double[] rosterTasks = takeLongTasks(page);

        // The long conversation: back to its first message, then down again.
        page.locator(".p-roster-filter").fill("talker"); // wherever the list put it
        page.locator(".p-contact-button[data-jid='talker@" + Prosody.DOMAIN + "']").click();
        page.locator(".p-message.p-in").first().waitFor();
        takeLongTasks(page);
        Locator log = page.locator(".p-messages");
        double t2 = BenchSupport.now(page);
        String first = "message 000001 of the long chat";
        while (page.locator(".p-message .p-body", new Page.LocatorOptions().setHasText(first)).count() == 0) {
            log.evaluate("e => e.scrollTop = 0");
            page.waitForTimeout(16);
        }
        double back = BenchSupport.now(page) - t2;
        double[] backTasks = takeLongTasks(page);
        double t3 = BenchSupport.now(page);
        while (log.getAttribute("data-newer") != null) {
            log.evaluate("e => e.scrollTop = e.scrollHeight");
            page.waitForTimeout(16);
        }
        double down = BenchSupport.now(page) - t3;
        double[] downTasks = takeLongTasks(page);
        return new double[] {load, loadTasks[0], rosterScroll, rosterTasks[0], back, backTasks[0], down, downTasks[0]};
    }

    private static String table(Map<String, List<double[]>> results, int runs, int contacts, int messages) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| worker build | %,d contacts: load | longest task | scroll end to end"
                + " | longest task | %,d messages: scroll back to the first | longest task | down again | longest task"
                + " |%n", contacts, messages));
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            md.append("| ").append(e.getKey().equals("js") ? "TeaVM JS" : "TeaVM Wasm-GC");
            for (int col = 0; col < 8; col++) {
                double[] v = new double[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getValue().get(i)[col];
                }
                java.util.Arrays.sort(v);
                double median = BenchSupport.median(v);
                md.append(" | ").append(col % 2 == 1 ? (median == 0 ? "none over 50 ms"
                        : String.format(Locale.ROOT, "%.0f ms", median)) : String.format(Locale.ROOT, "%.2f s",
                        median / 1000));
            }
            md.append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nMedians of %d runs per build (after a warm-up run); Chromium %s.%n",
                runs, "headless"));
        return md.toString();
    }
}
