package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.markers.Markers;
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
 * Chat markers (XEP-0333) against Prosody with Smack: Parley's messages are markable and a contact's displayed
 * marker makes one "displayed"; a marker on a message that is not the user's changes nothing; Parley marks a markable
 * message the user has seen, once.
 */
@ExtendWith(TestServers.class)
class MarkersAgainstProsodyTest {
    @Test
    void markersBothWays() throws Exception {
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
                    public void onMessageState(String id, String peer, String state) {
                        events.add("state " + id + " " + peer + " " + state);
                    }
                });
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass")) {
            loop.submit(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse("nia@localhost"),
                    "nia-Pw7-pass", true)).get();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!events.contains("online") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            ChatMessage mine = loop.submit(() -> client.send(Jid.parse("oto@localhost"), "read me " + tag)).get();
            Message got = oto.next(10, TimeUnit.SECONDS);
            assertEquals("read me " + tag, got.getBody());
            assertNotNull(got.getExtensionElement("markable", Markers.NS), "Parley's message is not markable");

            oto.sendMessage("nia@localhost", "m1-" + tag, null, new String[] {"displayed", Markers.NS, "id", "not-hers"});
            oto.sendMessage("nia@localhost", "m2-" + tag, null, new String[] {"displayed", Markers.NS, "id", mine.id()});
            String state = null;
            deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                Object e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e instanceof String && ((String) e).startsWith("state ") && ((String) e).endsWith("displayed")) {
                    state = (String) e;
                    break;
                }
            }
            assertEquals("state " + mine.id() + " oto@localhost displayed", state, "the marker on another id counts not");

            // oto writes a markable message; the user sees it: one displayed marker, naming it.
            oto.sendMessage("nia@localhost", "m3-" + tag, "mark me " + tag, new String[] {"markable", Markers.NS});
            deadline = System.currentTimeMillis() + 10_000;
            ChatMessage theirs = null;
            while (theirs == null && System.currentTimeMillis() < deadline) {
                Object e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e instanceof ChatMessage && ((ChatMessage) e).body().equals("mark me " + tag)) {
                    theirs = (ChatMessage) e;
                }
            }
            assertNotNull(theirs);
            loop.submit(() -> client.markDisplayed(Jid.parse("oto@localhost"), "m3-" + tag)).get();
            loop.submit(() -> client.markDisplayed(Jid.parse("oto@localhost"), "m3-" + tag)).get();
            assertEquals("displayed m3-" + tag, oto.nextMarker(10, TimeUnit.SECONDS));
            assertNull(oto.nextMarker(1, TimeUnit.SECONDS), "a message is marked once");
        } finally {
            loop.submit(client::logout).get();
            loop.shutdown();
        }
    }
}
