package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.parley.markers.Markers;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chat markers (XEP-0333) in the UI with Smack on the other side: the contact's displayed marker shows the user's
 * message as seen, and a markable message the user reads in the open chat is marked as displayed.
 */
class MarkersInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void seenBothWays(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs(build, "alice", "alice-secret-pw");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            bob.drain();

            Message got = sendAndAwait(bob, "did you read this " + tag);
            assertNotNull(got);
            bob.sendMessage("alice@localhost", "d-" + tag, null,
                    new String[] {"displayed", Markers.NS, "id", got.getStanzaId()});
            assertThat(page.locator(".p-message.p-out[data-id='" + got.getStanzaId() + "']"))
                    .hasAttribute("data-state", "displayed");

            bob.sendMessage("alice@localhost", "m-" + tag, "please mark " + tag, new String[] {"markable", Markers.NS});
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("please mark " + tag);
            String marker = bob.nextMarker(tag, 10, TimeUnit.SECONDS);
            assertEquals("displayed m-" + tag, marker);
        }
    }
}
