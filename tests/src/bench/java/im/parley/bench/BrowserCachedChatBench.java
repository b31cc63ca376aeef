package im.parley.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import im.parley.testkit.DistServer;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A conversation of {@code -Dbench.cached} (100,000) messages in the encrypted cache, in Chromium against Prosody:
 * a Smack peer sends them while Parley is open (received live, shown and cached, in batches of 1,000), the page is
 * reloaded, and the conversation is scrolled back to its first message, from the cache. For each step, the time and
 * the longest main-thread task (PerformanceObserver "longtask": over 50 ms), and the most messages that were in the
 * document at once. One run per worker build. Run: {@code mvn -B -pl tests -am -DskipTests -Dbench=cachedchat
 * package}.
 */
public final class BrowserCachedChatBench {
    private BrowserCachedChatBench() {
    }

    public static void main(String[] args) {
        BenchSupport.main(BrowserCachedChatBench::run);
    }

    private static final String FORMAT = "message %06d of the cached chat";

    private static void run() throws Exception {
        Path dist = Path.of(System.getProperty("parley.dist", "../webapp/target/dist")).toAbsolutePath().normalize();
        int count = Integer.getInteger("bench.cached", 100_000);
        List<Prosody.Account> accounts = new ArrayList<>();
        String[] builds = System.getProperty("bench.builds", "js,wasm").split(",");
        for (String build : builds) {
            accounts.add(new Prosody.Account("hoard" + build, "hoard-Pw-42",
                    new LinkedHashMap<>(Map.of("talker@" + Prosody.DOMAIN, "Talker"))));
        }
        accounts.add(new Prosody.Account("talker", "talker-Pw-42", new LinkedHashMap<>(Map.of(
                "hoardjs@" + Prosody.DOMAIN, "Hoard JS", "hoardwasm@" + Prosody.DOMAIN, "Hoard Wasm"))));
        Map<String, double[]> results = new LinkedHashMap<>();
        try (Prosody prosody = Prosody.start(accounts);
                DistServer parley = new DistServer(dist, prosody.websocketUrl());
                Playwright playwright = Playwright.create()) {
            Browser browser = BenchSupport.chromium(playwright);
            for (String build : builds) {
                parley.setParleyConfig("{\"websocket_url\":\"" + prosody.websocketUrl() + "\",\"worker_build\":\""
                        + build + "\"}");
                BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 800));
                Page page = context.newPage();
                page.setDefaultTimeout(600_000);
                page.addInitScript(BrowserListsBench.OBSERVER);
                page.onConsoleMessage(m -> {
                    if (m.text().contains("Parley")) {
                        System.out.println("console: " + m.text());
                    }
                });
                double[] r = measure(page, parley.parleyOrigin() + "/", prosody, "hoard" + build, count);
                context.close();
                results.put(build, r);
                System.out.printf(Locale.ROOT, "%s: %s%n", build, java.util.Arrays.toString(r));
            }
        }
        System.out.println(table(results, count));
    }

    /** Logs in with the form; returns the page's clock when the form was sent. */
    private static double login(Page page, String url, String user) {
        page.navigate(url);
        page.locator(".p-login-jid").fill(user + "@" + Prosody.DOMAIN);
        page.locator(".p-login-password").fill("hoard-Pw-42");
        double sent = BenchSupport.now(page);
        page.locator(".p-login-password").press("Enter");
        page.locator("#parley-root[data-state='online']").waitFor();
        return sent;
    }

    private static int total(Locator log) {
        String t = log.getAttribute("data-total");
        return t == null ? 0 : Integer.parseInt(t);
    }

    /**
     * [receive ms, longest task, reload to the chat shown ms, longest task, back to the first ms, longest task,
     * most in the document].
     */
    private static double[] measure(Page page, String url, Prosody prosody, String user, int count) throws Exception {
        login(page, url, user);
        page.locator(".p-contact-button[data-jid='talker@" + Prosody.DOMAIN + "']").click();
        Locator log = page.locator(".p-messages");
        log.waitFor();
        BrowserListsBench.takeLongTasks(page);
        String liveProfile = System.getProperty("bench.profileLive"); // a CPU profile of receiving (DevTools format)
        com.microsoft.playwright.CDPSession liveCdp = null;
        if (liveProfile != null && !liveProfile.isEmpty()) {
            liveCdp = page.context().newCDPSession(page);
            liveCdp.send("Profiler.enable");
            liveCdp.send("Profiler.start");
        }
        double t0 = BenchSupport.now(page);
        try (SmackPeer talker = new SmackPeer(prosody, "talker", "talker-Pw-42")) {
            for (int first = 1; first <= count; first += 1000) {
                int last = Math.min(count, first + 999);
                for (int i = first; i <= last; i++) {
                    talker.send(user + "@" + Prosody.DOMAIN, String.format(Locale.ROOT, FORMAT, i));
                }
                int want = last;
                page.waitForCondition(() -> total(log) >= want, new Page.WaitForConditionOptions()
                        .setTimeout(120_000));
                if (last % 10_000 == 0) {
                    System.out.printf(Locale.ROOT, "%s: %,d received, %.1f s%n", user, last,
                            (BenchSupport.now(page) - t0) / 1000);
                }
            }
        }
        double receive = BenchSupport.now(page) - t0;
        if (liveCdp != null) {
            java.nio.file.Files.writeString(Path.of(liveProfile + "-" + user + ".cpuprofile"),
                    liveCdp.send("Profiler.stop").get("profile").toString());
        }
        double[] receiveTasks = BrowserListsBench.takeLongTasks(page);
        page.locator(".p-logout").click(); // waits until the cache's queued writes are stored
        page.locator("#parley-root[data-state='offline']").waitFor();
        System.out.printf(Locale.ROOT, "%s: logged out, %.1f s%n", user, (BenchSupport.now(page) - t0) / 1000);

        double t1 = login(page, url, user); // a new document: the page's clock starts again
        if (page.locator(".p-messages").count() == 0) {
            page.locator(".p-contact-button[data-jid='talker@" + Prosody.DOMAIN + "']").click();
        }
        page.locator(".p-message.p-in").first().waitFor();
        double reload = BenchSupport.now(page) - t1;
        double[] reloadTasks = BrowserListsBench.takeLongTasks(page);

        String profile = System.getProperty("bench.profile"); // a CPU profile of the scroll-back (DevTools format)
        com.microsoft.playwright.CDPSession cdp = null;
        if (profile != null && !profile.isEmpty()) {
            cdp = page.context().newCDPSession(page);
            cdp.send("Profiler.enable");
            cdp.send("Profiler.start");
        }
        double t2 = BenchSupport.now(page);
        String firstBody = String.format(Locale.ROOT, FORMAT, 1);
        int most = 0;
        for (int step = 1; page.locator(".p-message .p-body", new Page.LocatorOptions().setHasText(firstBody))
                .count() == 0; step++) {
            log.evaluate("e => e.scrollTop = 0");
            page.waitForTimeout(16);
            most = Math.max(most, Integer.parseInt(log.getAttribute("data-rendered")));
            if (step % 200 == 0) {
                Locator older = page.locator(".p-older");
                System.out.printf(Locale.ROOT, "%s: scrolling back, %,d loaded, %.1f s (older: %s %s)%n", user,
                        total(log), (BenchSupport.now(page) - t2) / 1000, older.isVisible() ? "shown" : "hidden",
                        older.isVisible() ? older.textContent() : "");
            }
        }
        double back = BenchSupport.now(page) - t2;
        if (cdp != null) {
            java.nio.file.Files.writeString(Path.of(profile + "-" + user + ".cpuprofile"),
                    cdp.send("Profiler.stop").get("profile").toString());
        }
        double[] backTasks = BrowserListsBench.takeLongTasks(page);
        if (total(log) < count) {
            throw new IllegalStateException("only " + total(log) + " of " + count + " messages came back");
        }
        return new double[] {receive, receiveTasks[0], reload, reloadTasks[0], back, backTasks[0], most};
    }

    private static String table(Map<String, double[]> results, int count) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| worker build | %,d messages received live (shown, cached) | longest"
                + " task | reloaded: login to the chat shown (cache unlocked) | longest task | back to the first, from the cache"
                + " | longest task | most in the document |%n", count));
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, double[]> e : results.entrySet()) {
            double[] r = e.getValue();
            md.append("| ").append(e.getKey().equals("js") ? "TeaVM JS" : "TeaVM Wasm-GC");
            for (int col = 0; col < 6; col++) {
                md.append(" | ").append(col % 2 == 1 ? (r[col] == 0 ? "none over 50 ms"
                        : String.format(Locale.ROOT, "%.0f ms", r[col]))
                        : String.format(Locale.ROOT, "%.1f s", r[col] / 1000));
            }
            md.append(String.format(Locale.ROOT, " | %.0f |%n", r[6]));
        }
        return md.toString();
    }
}
