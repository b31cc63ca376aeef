package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.parley.blocking.BlockingManager;
import im.parley.chat.ChatMessage;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0191 against Prosody: the block list is read at login and follows the server's pushes; a blocked contact's
 * message never arrives; a block push forged by a contact is refused.
 */
@ExtendWith(TestServers.class)
class BlockingAgainstProsodyTest {
    @Test
    void blockUnblockAndAForgedPush() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer tom = new SmackPeer(TestServers.prosody(), "tom", "tom-Pw7-pass");
                JvmSession sam = new JvmSession().login("sam", "sam-Pw7-pass", false)) {
            assertEquals(List.of(), sam.events.await(List.class, null), "the list read at login");
            sam.run(() -> sam.client.setBlocked(Jid.parse("tom@localhost"), true, err -> sam.events.add("done " + err)));
            assertEquals(List.of("tom@localhost"), sam.events.await(List.class, null), "the server's push");
            tom.send("sam@localhost", "blocked " + tag);
            tom.sync(); // the server has bounced the message before sam unblocks
            sam.run(() -> sam.client.setBlocked(Jid.parse("tom@localhost"), false, err -> sam.events.add("done " + err)));
            assertEquals(List.of(), sam.events.await(List.class, null));
            // tom forges a push that would make sam's client believe it blocked carol; the message after it is the
            // barrier (same route, so it is handled after the forgery).
            tom.sendIq(sam.self, "set", "block", BlockingManager.NS, "<item jid='carol@localhost'/>");
            tom.send("sam@localhost", "unblocked " + tag);
            Object e = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (!(e instanceof ChatMessage) && System.currentTimeMillis() < deadline) {
                e = sam.events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                assertNull(e instanceof List && !((List<?>) e).isEmpty() ? e : null,
                        "the forged push changed the block list");
            }
            assertEquals("unblocked " + tag, ((ChatMessage) e).body(), "the message sent while blocked must never arrive");
        }
    }
}
