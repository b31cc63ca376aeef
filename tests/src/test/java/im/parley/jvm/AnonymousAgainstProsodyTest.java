package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SASL ANONYMOUS (RFC 4505) against Prosody: on a host that allows it, the server makes up an account and the
 * session chats like any other; on a host that does not, the login fails clearly and nothing else is tried.
 */
@ExtendWith(TestServers.class)
class AnonymousAgainstProsodyTest {
    @Test
    void anAnonymousSessionChatsWithARealAccount() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer alice = new SmackPeer(TestServers.prosody(), "alice", "alice-secret-pw", "anon-test");
                JvmSession anon = new JvmSession().loginAnonymously(Prosody.ANON_DOMAIN)) {
            Jid self = Jid.parse(anon.self);
            assertEquals(Prosody.ANON_DOMAIN, self.domain());
            assertNotNull(self.local(), "the server made up an account: " + anon.self);

            anon.call(() -> anon.client.send(Jid.parse("alice@localhost"), "hello from nowhere " + tag));
            Message got = alice.next(10, TimeUnit.SECONDS);
            while (got != null && !("hello from nowhere " + tag).equals(got.getBody())) {
                got = alice.next(10, TimeUnit.SECONDS);
            }
            assertNotNull(got, "alice received it");
            assertEquals(self.bare().toString(), got.getFrom().asBareJid().toString());

            alice.send(self.bare().toString(), "welcome " + tag);
            ChatMessage answer = anon.events.await(ChatMessage.class, null);
            while (!answer.body().equals("welcome " + tag)) {
                answer = anon.events.await(ChatMessage.class, null);
            }
            assertEquals("alice@localhost", answer.peer());
        }
    }

    @Test
    void aHostWithoutAnonymousLoginsRefusesItAndNothingElseIsTried() throws Exception {
        try (JvmSession anon = new JvmSession()) {
            anon.run(() -> anon.client.loginAnonymously(TestServers.prosody().websocketUrl(), Jid.parse("localhost"),
                    true, false));
            String error = anon.events.await(String.class, "error ");
            assertTrue(error.contains("offers no login method Parley accepts"), error);
            assertEquals("offline", anon.events.await(String.class, "offline"));
        }
    }
}
