package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.parley.chat.ChatMessage;
import im.parley.correction.Correction;
import im.parley.retraction.Retraction;
import im.parley.testkit.EventQueue;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0308 corrections and XEP-0424 retractions against Prosody with Smack as the peer: the peer's edits of its own
 * messages are applied, its edits of the user's messages are refused, and the user's edits reach the peer.
 */
@ExtendWith(TestServers.class)
class EditsAgainstProsodyTest {
    @Test
    void onlyAuthorsEditTheirMessages() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession().login("nia", "nia-Pw7-pass", true)) {
            // nia writes; oto writes and corrects, tries to correct nia's message, and retracts its own.
            ChatMessage mine = nia.call(() -> nia.client.send(Jid.parse("oto@localhost"), "nia writes " + tag));
            Message got = oto.next(10, TimeUnit.SECONDS);
            assertEquals("nia writes " + tag, got.getBody());
            oto.sendMessage("nia@localhost", "o1-" + tag, "teh typo " + tag);
            assertEquals("teh typo " + tag, nia.events.await(ChatMessage.class, null).body());
            oto.sendMessage("nia@localhost", "o2-" + tag, "forged " + tag,
                    new String[] {"replace", Correction.NS, "id", mine.id()});
            oto.sendMessage("nia@localhost", "o3-" + tag, "the typo " + tag,
                    new String[] {"replace", Correction.NS, "id", "o1-" + tag});
            nextEdit(nia.events, "edit oto@localhost o1-" + tag + " the typo " + tag + " false");
            oto.sendMessage("nia@localhost", "o4-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", mine.id()});
            oto.sendMessage("nia@localhost", "o5-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", "o1-" + tag});
            // The forged correction and the forged retraction of nia's message never showed up as edits.
            nextEdit(nia.events, "edit oto@localhost o1-" + tag + " null false");

            // nia corrects, then retracts, her own message; oto receives both, naming the original.
            nia.run(() -> nia.client.correct(Jid.parse("oto@localhost"), mine.id(), "nia corrects " + tag));
            Message correction = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(correction);
            assertEquals("nia corrects " + tag, correction.getBody());
            assertEquals(mine.id(), SmackPeer.extensionAttribute(correction, "replace", Correction.NS, "id"));
            nia.run(() -> nia.client.retract(Jid.parse("oto@localhost"), mine.id()));
            Message retraction = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(retraction);
            assertEquals(mine.id(), SmackPeer.extensionAttribute(retraction, "retract", Retraction.NS, "id"));
            // nia cannot edit oto's message.
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> nia.run(() -> nia.client.correct(Jid.parse("oto@localhost"), "o1-" + tag, "x")));
            assertEquals("only your own messages can be corrected", refused.getCause().getMessage());
        }
    }

    /** The next edit must be this one: no forged edit slips through before it. */
    private static void nextEdit(EventQueue events, String expected) throws InterruptedException {
        assertEquals(expected, events.await(String.class, "edit "));
    }
}
