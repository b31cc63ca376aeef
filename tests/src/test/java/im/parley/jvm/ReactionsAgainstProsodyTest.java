package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.parley.chat.ChatMessage;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reactions (XEP-0444) against Prosody with Smack: the peer's reactions to a message of the conversation arrive as a
 * set (letters and unknown messages refused), and the user's reach the peer.
 */
@ExtendWith(TestServers.class)
class ReactionsAgainstProsodyTest {
    @Test
    void reactionsBothWays() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession().login("nia", "nia-Pw7-pass", true)) {
            ChatMessage mine = nia.call(() -> nia.client.send(Jid.parse("oto@localhost"), "react to this " + tag));
            oto.next(10, TimeUnit.SECONDS);
            oto.sendReactions("nia@localhost", "r1-" + tag, "unknown-" + tag, "👍");
            oto.sendReactions("nia@localhost", "r2-" + tag, mine.id(), "👍", "LOL", "❤️");
            String reactions = nia.events.await(String.class, "reactions ");
            assertEquals("reactions oto@localhost " + mine.id() + " false [👍, ❤️]", reactions,
                    "only the reactions to a known message, without words");

            oto.sendMessage("nia@localhost", "o1-" + tag, "a message of oto's " + tag);
            ChatMessage theirs = nia.events.await(ChatMessage.class, null);
            nia.run(() -> nia.client.react(Jid.parse("oto@localhost"), theirs.id(), List.of("😂")));
            assertEquals(theirs.id() + " 😂", oto.nextReactions(tag, 10, TimeUnit.SECONDS));
        }
    }
}
