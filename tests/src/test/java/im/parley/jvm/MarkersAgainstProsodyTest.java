package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.parley.chat.ChatMessage;
import im.parley.markers.Markers;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chat markers (XEP-0333) against Prosody with Smack: Parley's messages are markable and a contact's displayed
 * marker makes one "displayed"; a marker on a message that is not the user's changes nothing; Parley marks a markable
 * message the user has seen, once.
 */
@ExtendWith(TestServers.class)
class MarkersAgainstProsodyTest {
    @Test
    void markersBothWays() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession().login("nia", "nia-Pw7-pass", true)) {
            ChatMessage mine = nia.call(() -> nia.client.send(Jid.parse("oto@localhost"), "read me " + tag));
            Message got = oto.next(10, TimeUnit.SECONDS);
            assertEquals("read me " + tag, got.getBody());
            assertNotNull(got.getExtensionElement("markable", Markers.NS), "Parley's message is not markable");

            oto.sendMessage("nia@localhost", "m1-" + tag, null, new String[] {"displayed", Markers.NS, "id", "not-hers"});
            oto.sendMessage("nia@localhost", "m2-" + tag, null, new String[] {"displayed", Markers.NS, "id", mine.id()});
            String state;
            do {
                state = nia.events.await(String.class, "state ");
            } while (!state.endsWith(" displayed"));
            assertEquals("state " + mine.id() + " oto@localhost displayed", state, "a marker on another id counts not");

            // oto writes a markable message; the user sees it: one displayed marker, naming it.
            oto.sendMessage("nia@localhost", "m3-" + tag, "mark me " + tag, new String[] {"markable", Markers.NS});
            ChatMessage theirs = nia.events.await(ChatMessage.class, null);
            assertEquals("mark me " + tag, theirs.body());
            nia.run(() -> nia.client.markDisplayed(Jid.parse("oto@localhost"), "m3-" + tag));
            nia.run(() -> nia.client.markDisplayed(Jid.parse("oto@localhost"), "m3-" + tag));
            assertEquals("displayed m3-" + tag, oto.nextMarker(tag, 10, TimeUnit.SECONDS));
            assertNull(oto.nextMarker(tag, 1, TimeUnit.SECONDS), "a message is marked once");
        }
    }
}
