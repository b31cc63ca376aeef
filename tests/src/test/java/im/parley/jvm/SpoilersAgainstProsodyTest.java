package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.parley.chat.ChatManager;
import im.parley.chat.ChatMessage;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spoilers (XEP-0382) and out-of-band links (XEP-0066) against Prosody with Smack: both are read from the peer's
 * messages (only http(s) links), and the user's spoilers reach the peer marked as such.
 */
@ExtendWith(TestServers.class)
class SpoilersAgainstProsodyTest {
    @Test
    void spoilersAndLinks() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession().login("nia", "nia-Pw7-pass", true)) {
            oto.sendSpoilerWithLink("nia@localhost", "s1-" + tag, "the butler " + tag, "who did it",
                    "https://example.org/ending");
            ChatMessage m = nia.events.await(ChatMessage.class, null);
            assertEquals("the butler " + tag, m.body());
            assertEquals("who did it", m.spoiler());
            assertEquals("https://example.org/ending", m.oob());
            oto.sendSpoilerWithLink("nia@localhost", "s2-" + tag, "x " + tag, null, "javascript:alert(1)");
            ChatMessage second = nia.events.await(ChatMessage.class, null);
            assertEquals("", second.spoiler());
            assertNull(second.oob(), "only http(s) links");

            nia.call(() -> nia.client.send(Jid.parse("oto@localhost"), "a secret " + tag, "hint"));
            Message got = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(got);
            assertEquals("a secret " + tag, got.getBody());
            assertNotNull(got.getExtensionElement("spoiler", ChatManager.SPOILER_NS));
        }
    }
}
