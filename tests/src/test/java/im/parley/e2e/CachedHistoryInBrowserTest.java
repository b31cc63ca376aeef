package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scrolling back reads the encrypted cache, not the archive: 130 messages arrive live (and the user answers twice),
 * the page is reloaded, the server's archive of the account is deleted, and scrolling back still brings every
 * message, once each, in order, from the cache alone, to the first one; only there, where the cache knows nothing
 * older, is the (now empty) archive asked. A login with nothing cached, in another profile, shows that the archive
 * really is empty.
 */
class CachedHistoryInBrowserTest extends BrowserSupport {
    static final int COUNT = 130;

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void scrollBackThroughTheCacheAlone(String build) throws Exception {
        String user = "hist" + build;
        String password = user + "-Pw7-pass";
        String tag = Long.toString(System.nanoTime(), 36);
        Locator ours = openChatWithQuill(build, user, password, tag);
        try (SmackPeer quill = new SmackPeer(TestServers.prosody(), "quill", "quill-Pw7-pass")) {
            for (int i = 1; i <= COUNT; i++) {
                quill.send(user + "@localhost", String.format("%s %03d", tag, i));
                if (i == 60 || i == 100) {
                    assertThat(ours).hasCount(i + (i == 60 ? 0 : 1));
                    assertTrue(sendAndAwait(quill, String.format("%s %03d answer", tag, i)) != null,
                            "quill got the answer");
                }
            }
            assertThat(ours).hasCount(COUNT + 2);
        }
        page.locator(".p-logout").click(); // waits for the cache's queued writes
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "offline");

        deleteArchive(user);
        BrowserContext other = browser.newContext();
        try {
            Page fresh = other.newPage();
            login(fresh, user, password);
            fresh.locator(".p-contact-button[data-jid='quill@localhost']").click();
            assertThat(fresh.locator(".p-older")).isHidden(); // the archive answered: nothing
            assertEquals(0, fresh.locator(".p-message .p-body", new Page.LocatorOptions().setHasText(tag)).count(),
                    "the archive is empty");
        } finally {
            other.close();
        }

        login(page, user, password);
        Locator chat = page.locator(".p-contact-button[data-jid='quill@localhost']");
        if (page.locator(".p-messages").count() == 0) {
            chat.click();
        }
        assertThat(ours).not().hasCount(0);
        Locator log = page.locator(".p-messages");
        List<String> seen = new ArrayList<>();
        for (int step = 0; step < 100 && !seen.contains("001"); step++) {
            log.evaluate("e => e.scrollTop = 0");
            page.waitForTimeout(150);
            List<String> now = numbers(ours);
            for (String n : now) {
                if (!seen.contains(n)) {
                    seen.add(n);
                }
            }
        }
        assertTrue(seen.contains("001"), "the first message came back from the cache: " + seen);
        Locator older = page.locator(".p-older");
        for (int i = 0; i < 20 && older.isVisible(); i++) { // once more: the cache knows nothing before the first
            log.evaluate("e => e.scrollTop = 0");
            page.waitForTimeout(150);
        }
        assertThat(older).isHidden(); // the archive, asked before the first, had nothing
        assertEquals(COUNT + 2, seen.size(), "every message: " + seen);
        List<String> all = new ArrayList<>();
        for (int step = 0; step < 100 && log.getAttribute("data-newer") != null; step++) {
            log.evaluate("e => e.scrollTop = e.scrollHeight");
            page.waitForTimeout(100);
        }
        log.evaluate("e => e.scrollTop = 0");
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) page.evaluate("() => Array.from(document.querySelectorAll("
                + "'.p-message')).map(e => e.getAttribute('data-id'))");
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "no message shown twice");
        all.addAll(numbers(ours));
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).compareTo(all.get(i)) < 0, "in order: " + all);
        }
    }

    /**
     * A chat read back from the archive on a new device, then opened again: the warm start shows its newest
     * messages (the cache stores the older ones read back before the newer ones it had, so that its last pages
     * stay the newest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aWarmStartAfterReadingBackShowsTheNewestMessages(String build) throws Exception {
        String user = "back" + build;
        String password = user + "-Pw7-pass";
        String tag = Long.toString(System.nanoTime(), 36);
        Locator ours = openChatWithQuill(build, user, password, tag);
        try (SmackPeer quill = new SmackPeer(TestServers.prosody(), "quill", "quill-Pw7-pass")) {
            for (int i = 1; i <= COUNT; i++) {
                if (i == COUNT - 4) {
                    // The catch-up after a login reads from a few seconds before the newest cached message: the
                    // last five come later, so that the warm start below shows what only the cache can show.
                    assertThat(ours).hasCount(i - 1);
                    page.waitForTimeout(6000);
                }
                quill.send(user + "@localhost", String.format("%s %03d", tag, i));
            }
            assertThat(ours).hasCount(COUNT);
        }
        page.locator(".p-logout").click();
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "offline");

        BrowserContext other = browser.newContext(); // a new device: nothing cached
        try {
            Page fresh = other.newPage();
            login(fresh, user, password);
            fresh.locator(".p-contact-button[data-jid='quill@localhost']").click();
            Locator theirs = fresh.locator(".p-message .p-body", new Page.LocatorOptions().setHasText(tag));
            assertThat(theirs.last()).hasText(String.format("%s %03d", tag, COUNT)); // the archive's latest page
            Locator log = fresh.locator(".p-messages");
            Locator older = fresh.locator(".p-older");
            for (int step = 0; step < 100 && older.isVisible(); step++) { // read back to the first
                log.evaluate("e => e.scrollTop = 0");
                fresh.waitForTimeout(150);
            }
            assertThat(older).isHidden();
            assertThat(theirs.first()).hasText(tag + " 001");
            fresh.locator(".p-logout").click(); // waits for the cache's queued writes
            assertThat(fresh.locator("#parley-root")).hasAttribute("data-state", "offline");

            login(fresh, user, password);
            if (fresh.locator(".p-messages").count() == 0) {
                fresh.locator(".p-contact-button[data-jid='quill@localhost']").click();
            }
            // The newest, from the cache: the catch-up reads only what the archive got after the newest cached
            // message (nothing), and the page read back on going online is the one before the oldest shown.
            assertThat(theirs.last()).hasText(String.format("%s %03d", tag, COUNT));
            fresh.waitForTimeout(1000);
            List<String> shown = numbers(theirs);
            for (int i = COUNT - 49; i <= COUNT; i++) {
                assertTrue(shown.contains(String.format("%03d", i)), "the newest 50 from the cache: " + shown);
            }
            for (int i = 1; i < shown.size(); i++) {
                assertTrue(shown.get(i - 1).compareTo(shown.get(i)) < 0, "in order: " + shown);
            }
        } finally {
            other.close();
        }
    }

    /** Logs in as {@code user} (IndexedDB cache) and opens the chat with quill: this run's messages in it. */
    private Locator openChatWithQuill(String build, String user, String password, String tag) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\"}");
        login(page, user, password);
        page.locator(".p-contact-button[data-jid='quill@localhost']").click();
        return page.locator(".p-message .p-body", new Page.LocatorOptions().setHasText(tag));
    }

    private static void login(Page p, String user, String password) {
        p.navigate(TestServers.dist().parleyOrigin() + "/");
        p.locator(".p-login-jid").fill(user + "@localhost");
        p.locator(".p-login-password").fill(password);
        p.locator(".p-login-password").press("Enter");
        assertThat(p.locator("#parley-root")).hasAttribute("data-state", "online");
    }

    /** Deletes the account's message archive from the server's storage (Prosody's internal store: files). */
    private static void deleteArchive(String user) throws IOException {
        Path data = TestServers.prosody().dir().resolve("data").resolve(Prosody.DOMAIN);
        List<Path> gone = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            files.filter(f -> f.getParent().getFileName().toString().startsWith("archive")
                    && f.getFileName().toString().startsWith(user + ".")).forEach(gone::add);
        }
        assertTrue(!gone.isEmpty(), "the archive's files were found under " + data);
        for (Path f : gone) {
            Files.delete(f);
        }
    }

    /** The numbers ("001" or "060 answer" as "060a") of this run's messages in the document, in display order. */
    private static List<String> numbers(Locator bodies) {
        List<String> out = new ArrayList<>();
        for (String t : bodies.allTextContents()) {
            String[] words = t.trim().split(" ");
            out.add(words[1] + (words.length > 2 ? "a" : ""));
        }
        return out;
    }
}
