package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A long conversation stays light: scrolling back through 700 archived messages never puts more than 300 in the
 * document (the rest wait detached), every message is reached once and in order going up and coming back down, and
 * a message that arrives while the reader is scrolled back waits below until they return or write.
 */
class LongConversationInBrowserTest extends BrowserSupport {
    static final int COUNT = 700;
    static final int MAX_RENDERED = 300;

    @Test
    void scrollUpAndDownThroughSevenHundredMessages() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer ola = new SmackPeer(TestServers.prosody(), "ola", "ola-Pw7-pass")) {
            // To ned's phone, which is online: archived, not kept offline for the browser's login.
            try (SmackPeer phone = new SmackPeer(TestServers.prosody(), "ned", "ned-Pw7-pass", "phone")) {
                phone.drain();
                for (int i = 1; i <= COUNT; i++) {
                    ola.send("ned@localhost", String.format("%s %04d", tag, i));
                }
                for (int i = 0; i < COUNT; i++) {
                    if (phone.next(15, TimeUnit.SECONDS) == null) {
                        throw new AssertionError("the phone got only " + i + " messages");
                    }
                }
            }
            loginAs("js", "ned", "ned-Pw7-pass");
            page.locator(".p-contact-button[data-jid='ola@localhost']").click();
            Locator log = page.locator(".p-messages");
            Locator mine = page.locator(".p-message.p-in .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText(tag));
            assertThat(mine).hasCount(50);

            // Up: scroll to the top again and again; the archive pages in, the window slides.
            List<Integer> seen = new ArrayList<>();
            int maxRendered = 0;
            for (int step = 0; step < 200 && !seen.contains(1); step++) {
                log.evaluate("e => e.scrollTop = 0");
                page.waitForTimeout(150);
                maxRendered = Math.max(maxRendered, Integer.parseInt(log.getAttribute("data-rendered")));
                List<Integer> now = numbers(mine);
                assertAscendingAndConsecutive(now);
                seen.addAll(now);
            }
            assertTrue(seen.contains(1), "the first message was reached");
            assertTrue(maxRendered <= MAX_RENDERED, "at most " + MAX_RENDERED + " in the document: " + maxRendered);
            assertTrue(Integer.parseInt(log.getAttribute("data-total")) >= COUNT);
            assertTrue(page.locator(".p-message").count() <= MAX_RENDERED);
            assertTrue(log.getAttribute("data-newer") != null, "the newest wait below the window");

            // A message arrives meanwhile: it waits below, not in the document.
            ola.send("ned@localhost", "live " + tag);
            page.waitForCondition(() -> Integer.parseInt(log.getAttribute("data-total")) >= COUNT + 1);
            assertThat(page.locator(".p-message .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText("live " + tag))).hasCount(0);

            // Down: back to the newest, through every message once more.
            seen.clear();
            for (int step = 0; step < 200 && log.getAttribute("data-newer") != null; step++) {
                log.evaluate("e => e.scrollTop = e.scrollHeight");
                page.waitForTimeout(100);
                List<Integer> now = numbers(mine);
                assertAscendingAndConsecutive(now);
                seen.addAll(now);
                assertTrue(page.locator(".p-message").count() <= MAX_RENDERED);
            }
            assertTrue(seen.contains(COUNT), "the last message was reached again");
            assertThat(page.locator(".p-message .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText("live " + tag))).hasCount(1);

            // Scrolled back up, writing brings the newest into view.
            for (int i = 0; i < 6; i++) {
                log.evaluate("e => e.scrollTop = 0");
                page.waitForTimeout(100);
            }
            page.locator(".p-composer-text").fill("answer " + tag);
            page.locator(".p-composer-text").press("Enter");
            assertThat(page.locator(".p-message.p-out .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText("answer " + tag))).isInViewport();
            assertEquals(null, log.getAttribute("data-newer"));
        }
    }

    /** The numbers of this run's messages in the document, in display order. */
    private static List<Integer> numbers(Locator bodies) {
        List<Integer> out = new ArrayList<>();
        for (String t : bodies.allTextContents()) {
            String n = t.substring(t.lastIndexOf(' ') + 1);
            if (n.matches("\\d{4}")) { // not "live ..." or "answer ..."
                out.add(Integer.parseInt(n));
            }
        }
        return out;
    }

    private static void assertAscendingAndConsecutive(List<Integer> numbers) {
        for (int i = 1; i < numbers.size(); i++) {
            assertEquals(numbers.get(i - 1) + 1, (int) numbers.get(i), "in order, none missing: " + numbers);
        }
    }
}
