package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.parley.chat.ChatMessage;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BOSH (XEP-0124/0206) against Prosody's mod_bosh: the same session as over WebSocket (SASL, restart, bind, roster,
 * presence, stream management) and a chat with Smack both ways, 20 messages each, in order.
 */
@ExtendWith(TestServers.class)
class BoshAgainstProsodyTest {
    @Test
    void aSessionOverBosh() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession(true).loginAt(TestServers.prosody().boshUrl(), "nia", "nia-Pw7-pass",
                        true)) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                nia.call(() -> nia.client.send(Jid.parse("oto@localhost"), "over bosh " + tag + " " + n));
            }
            for (int i = 0; i < 20; i++) {
                Message got = oto.next(10, TimeUnit.SECONDS);
                assertNotNull(got, "oto got " + i + " of 20");
                assertEquals("over bosh " + tag + " " + i, got.getBody());
            }
            for (int i = 0; i < 20; i++) {
                oto.send("nia@localhost", "to bosh " + tag + " " + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("to bosh " + tag + " " + i, nia.events.await(ChatMessage.class, null).body());
            }
        }
    }
}
