package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.parley.blocking.BlockingManager;
import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.stream.ConnectionError;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
        ExecutorService loop = Executors.newSingleThreadExecutor();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        String[] self = {null};
        XmppClient client = new XmppClient(new JdkWebSocketTransport(loop), new JvmCrypto(), System::currentTimeMillis,
                new ClientListener() {
                    @Override
                    public void onState(String state, ConnectionError error) {
                        events.add(state);
                    }

                    @Override
                    public void onSelf(String fullJid) {
                        self[0] = fullJid;
                    }

                    @Override
                    public void onMessage(ChatMessage message) {
                        events.add(message);
                    }

                    @Override
                    public void onBlocklist(List<String> blocked) {
                        events.add(blocked);
                    }
                });
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer tom = new SmackPeer(TestServers.prosody(), "tom", "tom-Pw7-pass")) {
            loop.submit(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse("sam@localhost"),
                    "sam-Pw7-pass", false)).get();
            assertEquals(List.of(), next(events, List.class), "the list read at login");
            loop.submit(() -> client.setBlocked(Jid.parse("tom@localhost"), true, err -> events.add("done " + err)))
                    .get();
            assertEquals(List.of("tom@localhost"), next(events, List.class), "the server's push");
            tom.send("sam@localhost", "blocked " + tag);
            tom.sync(); // the server has bounced the message before sam unblocks
            loop.submit(() -> client.setBlocked(Jid.parse("tom@localhost"), false, err -> events.add("done " + err)))
                    .get();
            assertEquals(List.of(), next(events, List.class));
            // tom forges a push that would make sam's client believe it blocked carol; the message after it is the
            // barrier (same route, so it is handled after the forgery).
            tom.sendIq(self[0], "set", "block", BlockingManager.NS, "<item jid='carol@localhost'/>");
            tom.send("sam@localhost", "unblocked " + tag);
            ChatMessage m = next(events, ChatMessage.class);
            assertEquals("unblocked " + tag, m.body(), "the message sent while blocked must never arrive");
            assertNull(events.stream().filter(e -> e instanceof List && !((List<?>) e).isEmpty()).findFirst()
                    .orElse(null), "the forged push changed the block list");
        } finally {
            loop.submit(client::logout).get();
            loop.shutdown();
        }
    }

    private static <T> T next(BlockingQueue<Object> events, Class<T> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }
}
