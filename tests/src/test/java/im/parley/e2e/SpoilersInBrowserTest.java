package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.microsoft.playwright.Locator;
import im.parley.chat.ChatManager;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spoilers (XEP-0382) and out-of-band links (XEP-0066) in the UI with Smack: a spoiler's text stays hidden until the
 * reader opens it, its link shows beside it, and the user sends one with the Spoiler toggle.
 */
class SpoilersInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void spoilersBothWays(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs(build, "alice", "alice-secret-pw");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            bob.drain();
            bob.sendSpoilerWithLink("alice@localhost", "s-" + tag, "it was the butler " + tag, "the ending",
                    "https://example.org/ending");
            Locator item = page.locator(".p-message.p-in[data-id='s-" + tag + "']");
            assertThat(item.locator(".p-body")).isHidden();
            assertThat(item.locator(".p-oob")).hasAttribute("href", "https://example.org/ending");
            item.locator(".p-spoiler").click();
            assertThat(item.locator(".p-body")).isVisible();
            assertThat(item.locator(".p-body")).hasText("it was the butler " + tag);

            page.locator(".p-spoiler-toggle").click();
            Message got = sendAndAwait(bob, "my secret " + tag);
            assertNotNull(got);
            assertNotNull(got.getExtensionElement("spoiler", ChatManager.SPOILER_NS), "not marked as a spoiler");
            assertThat(page.locator(".p-spoiler-toggle")).hasAttribute("aria-pressed", "false");
        }
    }
}
