package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reactions (XEP-0444) in the UI with Smack: the contact's show under the message; the user's reach the contact. */
class ReactionsInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void reactBothWays(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs(build, "alice", "alice-secret-pw");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            bob.drain();
            Message got = sendAndAwait(bob, "react to me " + tag);
            assertNotNull(got);
            bob.sendReactions("alice@localhost", "r-" + tag, got.getStanzaId(), "👍", "🎉");
            Locator mine = page.locator(".p-message.p-out[data-id='" + got.getStanzaId() + "']");
            assertThat(mine.locator(".p-reaction")).hasText(new String[] {"👍", "🎉"});

            bob.sendMessage("alice@localhost", "b-" + tag, "and this " + tag);
            Locator theirs = page.locator(".p-message.p-in[data-id='b-" + tag + "']");
            theirs.hover();
            theirs.locator(".p-react-choice[data-emoji='❤️']").click();
            assertEquals("b-" + tag + " ❤️", bob.nextReactions(tag, 10, TimeUnit.SECONDS));
            assertThat(theirs.locator(".p-reaction.p-mine")).hasText("❤️");
            // Choosing it again takes it back: an empty set.
            theirs.hover();
            theirs.locator(".p-react-choice[data-emoji='❤️']").click();
            assertEquals("b-" + tag, bob.nextReactions(tag, 10, TimeUnit.SECONDS));
            assertThat(theirs.locator(".p-reaction")).hasCount(0);
        }
    }
}
