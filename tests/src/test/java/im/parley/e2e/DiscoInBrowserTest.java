package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.core.XmppClient;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker answers service discovery (XEP-0030) with its features and answers pings (XEP-0199), asked by Smack. */
class DiscoInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void smackDiscoversAndPingsTheBrowserClient(String build) throws Exception {
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs(build, "alice", "alice-secret-pw");
            assertThat(page.locator(".p-status")).containsText("Online as alice@localhost/");
            String status = page.locator(".p-status").textContent();
            String full = status.substring(status.indexOf("alice@localhost/")).trim();
            DiscoverInfo info = bob.discoverInfo(full);
            for (String f : XmppClient.DISCO_FEATURES) {
                assertTrue(info.containsFeature(f), "feature " + f);
            }
            assertTrue(bob.ping(full), "the browser client did not answer the ping");
        }
    }
}
