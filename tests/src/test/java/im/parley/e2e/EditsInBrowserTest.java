package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.microsoft.playwright.Locator;
import im.parley.correction.Correction;
import im.parley.retraction.Retraction;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Corrections (XEP-0308) and retractions (XEP-0424) in the UI, with Smack on the other side: the peer's edits of
 * its own messages show, its edit of the user's message does not; the user corrects (ArrowUp in the empty composer)
 * and deletes (two clicks) their own message, and the peer receives both.
 */
class EditsInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void correctAndRetractBothWays(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs(build, "alice", "alice-secret-pw");
            bob.drain();

            bob.sendMessage("alice@localhost", "b1-" + tag, "teh draft " + tag);
            page.locator(".p-conversation-button[data-jid='bob@localhost']").click();
            Locator theirs = page.locator(".p-message.p-in[data-id='b1-" + tag + "']");
            assertThat(theirs.locator(".p-body")).hasText("teh draft " + tag);
            bob.sendMessage("alice@localhost", "b2-" + tag, "the draft " + tag,
                    new String[] {"replace", Correction.NS, "id", "b1-" + tag});
            assertThat(theirs.locator(".p-body")).hasText("the draft " + tag);
            assertThat(theirs.locator(".p-edited")).hasText(" (edited)");

            // Alice writes; Bob tries to rewrite and to delete her message: refused.
            page.locator(".p-composer-text").fill("alice wrote " + tag);
            page.locator(".p-composer-text").press("Enter");
            Message got = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(got);
            String aliceId = got.getStanzaId();
            bob.sendMessage("alice@localhost", "b3-" + tag, "bob's forgery " + tag,
                    new String[] {"replace", Correction.NS, "id", aliceId});
            bob.sendMessage("alice@localhost", "b4-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", aliceId});
            bob.sendMessage("alice@localhost", "b5-" + tag, "marker " + tag);
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("marker " + tag);
            Locator mine = page.locator(".p-message.p-out[data-id='" + aliceId + "']");
            assertThat(mine.locator(".p-body")).hasText("alice wrote " + tag);
            assertThat(mine.locator(".p-edited")).hasCount(0);

            // Alice corrects her last message with ArrowUp in the empty composer.
            page.locator(".p-composer-text").press("ArrowUp");
            assertThat(page.locator(".p-composer-text")).hasValue("alice wrote " + tag);
            page.locator(".p-composer-text").fill("alice corrected " + tag);
            page.locator(".p-composer-text").press("Enter");
            Message correction = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(correction);
            assertEquals("alice corrected " + tag, correction.getBody());
            assertEquals(aliceId, SmackPeer.extensionAttribute(correction, "replace", Correction.NS, "id"));
            assertThat(mine.locator(".p-body")).hasText("alice corrected " + tag);
            assertThat(mine.locator(".p-edited")).hasText(" (edited)");

            // Alice deletes it: the first click asks, the second deletes for everyone.
            mine.hover();
            mine.locator(".p-retract").click();
            assertThat(mine.locator(".p-retract")).hasText("Delete for everyone?");
            mine.locator(".p-retract").click();
            Message retraction = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(retraction);
            assertEquals(aliceId, SmackPeer.extensionAttribute(retraction, "retract", Retraction.NS, "id"));
            assertThat(mine.locator(".p-body")).hasText("This message was deleted.");

            // Bob retracts his own message.
            bob.sendMessage("alice@localhost", "b6-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", "b1-" + tag});
            assertThat(theirs.locator(".p-body")).hasText("This message was deleted.");
            assertThat(theirs).hasAttribute("data-retracted", "true");
        }
    }
}
