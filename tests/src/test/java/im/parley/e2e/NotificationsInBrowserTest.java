package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages that arrive out of view: a desktop notification (the browser's Notification API, recorded here) with the
 * contact's name and the text as plain text, only while the tab is hidden or the chat not open; and "New messages"
 * above the first unread message when the chat is opened.
 */
class NotificationsInBrowserTest extends BrowserSupport {
    @Test
    void notificationsAndTheUnreadSeparator() throws Exception {
        page.addInitScript("window.__notes = [];"
                + "window.Notification = class { constructor(title, options) { window.__notes.push({title: title,"
                + " body: options.body, tag: options.tag}); } close() {} static get permission() { return 'granted'; }"
                + " static requestPermission() { return Promise.resolve('granted'); } };");
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs("auto", "alice", "alice-secret-pw");
            // The chat is not open: two messages are unread and notified (messages that arrive together are
            // notified once, by the last of them, so they come a moment apart here).
            bob.send("alice@localhost", "<b>first</b> " + tag);
            page.waitForFunction("(t) => window.__notes.filter(n => n.body.endsWith(t)).length === 1", tag);
            bob.send("alice@localhost", "second " + tag);
            page.waitForFunction("(t) => window.__notes.filter(n => n.body.endsWith(t)).length === 2", tag);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> notes = (List<Map<String, Object>>) page.evaluate(
                    "(t) => window.__notes.filter(n => n.body.endsWith(t))", tag);
            assertEquals("<b>first</b> " + tag, notes.get(0).get("body"), "the text, never markup");
            assertEquals("bob@localhost", notes.get(0).get("tag"));

            page.locator(".p-conversation-button[data-jid='bob@localhost']").click();
            Locator separator = page.locator(".p-unread-separator");
            assertThat(separator).hasText("2 new messages");
            // The separator stands right above the first unread message.
            assertEquals("<b>first</b> " + tag, page.evaluate("() => document.querySelector('.p-unread-separator')"
                    + ".nextElementSibling.querySelector('.p-body').textContent"));

            // In view (open chat, visible tab): no notification.
            bob.send("alice@localhost", "in view " + tag);
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("in view " + tag);
            assertEquals(2, ((Number) page.evaluate("(t) => window.__notes.filter(n => n.body.endsWith(t)).length",
                    tag)).intValue());
            // Hidden tab: notified again.
            page.evaluate("() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
                    + " document.dispatchEvent(new Event('visibilitychange')); }");
            bob.send("alice@localhost", "while hidden " + tag);
            // First that it arrived (in the open chat), then that it was notified: a failure says which one it was.
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("while hidden " + tag);
            // Polled by timer, not by animation frame: the page pretends to be hidden.
            page.waitForFunction("(t) => window.__notes.some(n => n.body === 'while hidden ' + t)", tag,
                    new com.microsoft.playwright.Page.WaitForFunctionOptions().setPollingInterval(100));
        }
    }
}
