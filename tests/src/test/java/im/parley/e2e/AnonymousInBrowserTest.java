package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Converse's {@code authentication: 'anonymous'} in Chromium against Prosody: the form only connects, the server
 * makes up an account, and the session chats with a real account (Smack).
 */
class AnonymousInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void chatWithoutAnAccount(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer alice = new SmackPeer(TestServers.prosody(), "alice", "alice-secret-pw", "anon-browser")) {
            TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                    + "\",\"worker_build\":\"" + build + "\",\"authentication\":\"anonymous\",\"jid\":\""
                    + Prosody.ANON_DOMAIN + "\",\"allow_non_roster_messaging\":true}");
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            assertThat(page.locator(".p-login h1")).hasText("Chat without an account");
            assertThat(page.locator(".p-login-password")).isHidden();
            page.locator(".p-login-submit").click();
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(page.locator(".p-status")).containsText("@" + Prosody.ANON_DOMAIN);

            page.locator(".p-open-jid").fill("alice@localhost");
            page.locator(".p-open-jid").press("Enter");
            Message got = sendAndAwait(alice, "anonymous hello " + tag);
            assertNotNull(got, "alice received it");
            assertTrue(got.getFrom().toString().contains("@" + Prosody.ANON_DOMAIN), got.getFrom().toString());
            alice.send(got.getFrom().asBareJid().toString(), "hi stranger " + tag);
            assertThat(page.locator(".p-message.p-in .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText("hi stranger " + tag))).hasCount(1);
        }
    }
}
