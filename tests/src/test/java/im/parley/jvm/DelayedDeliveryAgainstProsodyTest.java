package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delayed delivery (XEP-0203): a message kept offline by Prosody shows the time it was sent, not the time of the
 * login that brought it; a delay stamp that the sender wrote into their own message is not believed.
 */
@ExtendWith(TestServers.class)
class DelayedDeliveryAgainstProsodyTest {
    @Test
    void anOfflineMessageKeepsItsTime() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        long sent;
        try (SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass")) {
            sent = System.currentTimeMillis();
            vic.send("uma@localhost", "while you were away " + tag);
            // A forged delay: claims the message is a year old, added by the sender's client itself.
            vic.sendMessage("uma@localhost", "forged-" + tag, "forged " + tag,
                    new String[] {"delay", "urn:xmpp:delay", "from", "evil.example", "stamp", "2025-01-01T00:00:00Z"});
            vic.sync();
        }
        Thread.sleep(2500);
        long login = System.currentTimeMillis();
        try (JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            ChatMessage away = null;
            ChatMessage forged = null;
            while (away == null || forged == null) {
                ChatMessage m = uma.events.await(ChatMessage.class, null);
                if (m.body().equals("while you were away " + tag)) {
                    away = m;
                } else if (m.body().equals("forged " + tag)) {
                    forged = m;
                }
            }
            assertTrue(away.timestamp() >= sent - 1000 && away.timestamp() < login - 1500,
                    "sent " + sent + ", login " + login + ", shown " + away.timestamp());
            // The forged stamp is not believed; the server's own (it kept the message offline) is.
            assertTrue(forged.timestamp() >= sent - 1000 && forged.timestamp() < login - 1500,
                    "the forged stamp is not believed: " + forged.timestamp());
        }
    }
}
