package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.correction.Correction;
import im.parley.retraction.Retraction;
import im.parley.stream.ConnectionError;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
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
        ExecutorService loop = Executors.newSingleThreadExecutor();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        XmppClient client = new XmppClient(new JdkWebSocketTransport(loop), new JvmCrypto(), System::currentTimeMillis,
                new ClientListener() {
                    @Override
                    public void onState(String state, ConnectionError error) {
                        events.add(state);
                    }

                    @Override
                    public void onMessage(ChatMessage message) {
                        events.add(message);
                    }

                    @Override
                    public void onEdit(String peer, String id, String body, boolean outgoing) {
                        events.add("edit " + peer + " " + id + " " + body + " " + outgoing);
                    }
                });
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass")) {
            loop.submit(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse("nia@localhost"),
                    "nia-Pw7-pass", true)).get();
            next(events, "online");
            // nia writes; oto writes and corrects, tries to correct nia's message, and retracts its own.
            ChatMessage mine = loop.submit(() -> client.send(Jid.parse("oto@localhost"), "nia writes " + tag)).get();
            Message got = oto.next(10, TimeUnit.SECONDS);
            assertEquals("nia writes " + tag, got.getBody());
            oto.sendMessage("nia@localhost", "o1-" + tag, "teh typo " + tag);
            assertEquals("teh typo " + tag, ((ChatMessage) nextMessage(events)).body());
            oto.sendMessage("nia@localhost", "o2-" + tag, "forged " + tag,
                    new String[] {"replace", Correction.NS, "id", mine.id()});
            oto.sendMessage("nia@localhost", "o3-" + tag, "the typo " + tag,
                    new String[] {"replace", Correction.NS, "id", "o1-" + tag});
            next(events, "edit oto@localhost o1-" + tag + " the typo " + tag + " false");
            oto.sendMessage("nia@localhost", "o4-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", mine.id()});
            oto.sendMessage("nia@localhost", "o5-" + tag, Retraction.FALLBACK_BODY,
                    new String[] {"retract", Retraction.NS, "id", "o1-" + tag});
            // The forged correction and the forged retraction of nia's message never showed up as edits.
            next(events, "edit oto@localhost o1-" + tag + " null false");

            // nia corrects, then retracts, her own message; oto receives both, naming the original.
            loop.submit(() -> client.correct(Jid.parse("oto@localhost"), mine.id(), "nia corrects " + tag)).get();
            Message correction = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(correction);
            assertEquals("nia corrects " + tag, correction.getBody());
            assertEquals(mine.id(), SmackPeer.extensionAttribute(correction, "replace", Correction.NS, "id"));
            loop.submit(() -> client.retract(Jid.parse("oto@localhost"), mine.id())).get();
            Message retraction = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(retraction);
            assertEquals(mine.id(), SmackPeer.extensionAttribute(retraction, "retract", Retraction.NS, "id"));
            // nia cannot edit oto's message.
            Exception refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> loop.submit(() -> client.correct(Jid.parse("oto@localhost"), "o1-" + tag, "x")).get());
            assertEquals("only your own messages can be corrected", refused.getCause().getMessage());
        } finally {
            loop.submit(client::logout).get();
            loop.shutdown();
        }
    }

    /** Waits for an event string; every edit before it must be it (no forged edit slips through unnoticed). */
    private static void next(BlockingQueue<Object> events, String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(e)) {
                return;
            }
            if (e instanceof String && ((String) e).startsWith("edit ")) {
                throw new AssertionError("unexpected " + e + ", waiting for " + expected);
            }
        }
        throw new AssertionError("no " + expected);
    }

    private static Object nextMessage(BlockingQueue<Object> events) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ChatMessage) {
                return e;
            }
        }
        throw new AssertionError("no message");
    }
}
