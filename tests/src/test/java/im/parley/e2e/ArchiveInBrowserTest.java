package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * History from the archive (XEP-0313 with RSM): 120 messages reach the account while another device of it is online
 * (so the server keeps them only in its archive); a fresh login with nothing cached opens the chat and shows the
 * latest 50, "Load older messages" brings the pages before them, in order and without duplicates, until nothing
 * older is left.
 */
class ArchiveInBrowserTest extends BrowserSupport {
    static final int COUNT = 120;

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void scrollBackThroughTheArchive(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        // The messages go to pia's phone while it is online: archived, not stored offline for the next login.
        try (SmackPeer phone = new SmackPeer(TestServers.prosody(), "pia", "pia-Pw7-pass", "phone");
                SmackPeer rex = new SmackPeer(TestServers.prosody(), "rex", "rex-Pw7-pass")) {
            phone.drain();
            for (int i = 1; i <= COUNT; i++) {
                rex.send("pia@localhost", String.format("%s %03d", tag, i));
            }
            for (int i = 0; i < COUNT; i++) {
                if (phone.next(10, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("the phone got only " + i + " messages");
                }
            }
        }
        loginAs(build, "pia", "pia-Pw7-pass");
        page.locator(".p-contact-button[data-jid='rex@localhost']").click();

        Locator mine = page.locator(".p-message.p-in .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                .setHasText(tag));
        assertThat(mine).hasCount(50);
        assertEquals(expected(COUNT - 49, COUNT), texts(mine));
        Locator older = page.locator(".p-older");
        assertThat(older).isEnabled();
        older.click();
        assertThat(mine).hasCount(100);
        older.click();
        assertThat(mine).hasCount(COUNT);
        assertEquals(expected(1, COUNT), texts(mine), "all messages, once each, in order");
        // Earlier runs left older messages in this archive: page on until the start of the conversation.
        for (int i = 0; i < 20 && older.isVisible(); i++) {
            assertThat(older).isEnabled();
            older.click();
            page.waitForCondition(() -> !older.isVisible() || older.isEnabled());
        }
        assertThat(older).isHidden();
        assertEquals(expected(1, COUNT), texts(mine), "still all messages of this run, once each, in order");
        @SuppressWarnings("unchecked")
        List<String> all = (List<String>) page.evaluate("() => Array.from(document.querySelectorAll("
                + "'.p-message.p-in')).map(e => e.getAttribute('data-id'))");
        assertEquals(all.size(), new java.util.HashSet<>(all).size(), "no message shown twice");
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(String.format("%03d", i));
        }
        return out;
    }

    /** The numbers at the end of the shown messages of this run, in display order. */
    private static List<String> texts(Locator bodies) {
        List<String> out = new ArrayList<>();
        for (String t : bodies.allTextContents()) {
            out.add(t.substring(t.length() - 3));
        }
        return out;
    }
}
