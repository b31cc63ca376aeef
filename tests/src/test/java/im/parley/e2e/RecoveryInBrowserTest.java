package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.FaultProxy;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker keeps the session through repeated connection cuts (XEP-0198 resumption, reconnect, outbox): in
 * both builds, messages typed in the browser and messages from the Smack peer arrive once each, in order.
 */
class RecoveryInBrowserTest extends BrowserSupport {
    static final int MESSAGES = 120;

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void messagesSurviveRepeatedCuts(String build) throws Exception {
        // Prefixes of this run only: messages other tests left (offline storage) are not counted.
        String aPrefix = "a-" + build + "-";
        String bPrefix = "b-" + build + "-";
        try (FaultProxy proxy = new FaultProxy(TestServers.prosody().httpPort());
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            TestServers.dist().setParleyConfig("{\"websocket_url\":\"ws://127.0.0.1:" + proxy.port()
                    + "/xmpp-websocket\",\"worker_build\":\"" + build + "\"}");
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill(ALICE);
            page.locator(".p-login-password").fill(ALICE_PASSWORD);
            page.locator(".p-login-submit").click();
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();

            AutoCloseable cutter = proxy.cutRepeatedly(300, 400, 2);
            Thread bobSends = new Thread(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) {
                        // To the account: Smack's chat would keep writing to the resource of an earlier test's
                        // session, which gets them (and the browser only their carbons) until it times out.
                        bob.sendToBareJid(ALICE, bPrefix + i);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            bobSends.start();
            for (int i = 0; i < MESSAGES; i++) {
                page.locator(".p-composer-text").fill(aPrefix + i);
                page.locator(".p-composer-text").press("Enter");
            }
            bobSends.join();
            Thread.sleep(1500);
            cutter.close();

            List<String> bobGot = new ArrayList<>();
            long end = System.currentTimeMillis() + 60_000;
            while (bobGot.size() < MESSAGES && System.currentTimeMillis() < end) {
                Message m = bob.next(200, TimeUnit.MILLISECONDS);
                if (m != null && m.getBody() != null && m.getBody().startsWith(aPrefix)) {
                    bobGot.add(m.getBody());
                }
            }
            Message extra;
            while ((extra = bob.next(500, TimeUnit.MILLISECONDS)) != null) {
                if (extra.getBody() != null && extra.getBody().startsWith(aPrefix)) {
                    bobGot.add(extra.getBody());
                }
            }
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            // Waits for all of them (up to a minute); if some never come, the comparison below says which.
            try {
                page.waitForFunction("([prefix, n]) => Array.from(document.querySelectorAll('.p-message.p-in .p-body'))"
                        + ".filter(e => e.textContent.startsWith(prefix)).length >= n", List.of(bPrefix, MESSAGES),
                        new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(60_000)
                                .setPollingInterval(200));
            } catch (com.microsoft.playwright.TimeoutError e) {
                System.out.println("recovery in the browser: not all shown; the log: " + page.evaluate(
                        "() => { const l = document.querySelector('.p-messages'); return JSON.stringify({rendered:"
                        + " l.dataset.rendered, total: l.dataset.total, newer: l.dataset.newer || 0}); }"));
            }
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) page.evaluate(
                    "(prefix) => Array.from(document.querySelectorAll('.p-message.p-in .p-body')).map(e => e.textContent)"
                    + ".filter(t => t.startsWith(prefix))", bPrefix);
            assertTrue(proxy.cuts() >= 3, "only " + proxy.cuts() + " cuts");
            assertSame("what Smack received", expected(aPrefix), bobGot);
            assertSame("what the browser shows", expected(bPrefix), shown);
            // Everything the user sent ends up acknowledged by the server (or already confirmed by Smack). The chat
            // view keeps only the newest few hundred messages in the page (earlier tests' ones too), so the check
            // is on this run's sent messages that are in it: each one acknowledged, and most of them there.
            String unconfirmed = "(prefix) => Array.from(document.querySelectorAll('.p-message.p-out'))"
                    + ".filter(m => m.querySelector('.p-body').textContent.startsWith(prefix))"
                    + ".filter(m => m.dataset.state !== 'acked' && m.dataset.state !== 'delivered')"
                    + ".map(m => m.querySelector('.p-body').textContent + ':' + m.dataset.state)";
            try {
                page.waitForFunction("(prefix) => (" + unconfirmed + ")(prefix).length === 0", aPrefix,
                        new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(30_000)
                                .setPollingInterval(200));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("sent messages never acknowledged: " + page.evaluate(unconfirmed, aPrefix));
            }
            Number present = (Number) page.evaluate("(prefix) => Array.from(document.querySelectorAll("
                    + "'.p-message.p-out .p-body')).filter(b => b.textContent.startsWith(prefix)).length", aPrefix);
            assertTrue(present.intValue() >= MESSAGES / 2, "only " + present + " of the sent messages are shown; the"
                    + " log: " + page.evaluate("() => { const l = document.querySelector('.p-messages');"
                    + " return JSON.stringify({rendered: l.dataset.rendered, total: l.dataset.total}); }"));
            System.out.println("recovery in the browser: " + present + " of this run's sent messages in the page, all"
                    + " acknowledged");
        }
    }

    /** Equal lists, or a short account of the first difference (not thousands of items). */
    private static void assertSame(String what, List<String> expected, List<String> got) {
        if (!expected.equals(got)) {
            int at = 0;
            while (at < expected.size() && at < got.size() && expected.get(at).equals(got.get(at))) {
                at++;
            }
            throw new AssertionError(what + ": " + got.size() + " of " + expected.size() + " items, first difference at "
                    + at + ": expected " + expected.subList(at, Math.min(expected.size(), at + 5)) + ", got "
                    + got.subList(at, Math.min(got.size(), at + 5)));
        }
    }

    private static List<String> expected(String prefix) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            list.add(prefix + i);
        }
        return list;
    }
}
