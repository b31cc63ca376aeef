package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delayed delivery (XEP-0203) in Chromium: a message written while the user was away shows the time it was sent,
 * not the time of the login that brought it. Each build has an account that has never been online before (a
 * session a browser test left behind would keep the message from staying offline).
 */
class DelayedDeliveryInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aMessageFromWhileAwayKeepsItsTime(String build) throws Exception {
        String user = build.equals("js") ? "vera" : "vito";
        String tag = Long.toString(System.nanoTime(), 36);
        long sent;
        try (SmackPeer walt = new SmackPeer(TestServers.prosody(), "walt", "walt-Pw7-pass")) {
            sent = System.currentTimeMillis();
            walt.send(user + "@localhost", "while you were away " + tag);
            walt.sync();
        }
        Thread.sleep(3000);
        long login = System.currentTimeMillis();
        loginAs(build, user, user + "-Pw7-pass");
        page.locator(".p-conversation-button[data-jid='walt@localhost']").click();
        Locator message = page.locator(".p-message.p-in").filter(new Locator.FilterOptions()
                .setHasText("while you were away " + tag));
        assertThat(message).hasCount(1);
        long shown = Long.parseLong(message.getAttribute("data-ts"));
        assertTrue(shown >= sent - 1000 && shown < login - 2000,
                "sent " + sent + ", login " + login + ", shown as of " + shown);
        // The time shown beside it is the sending time too (hours and minutes of the stamp, not of the login).
        assertThat(message.locator(".p-meta")).containsText((String) page.evaluate(
                "ts => { const d = new Date(ts); return String(d.getHours()).padStart(2, '0') + ':'"
                        + " + String(d.getMinutes()).padStart(2, '0'); }", (double) shown));
    }
}
