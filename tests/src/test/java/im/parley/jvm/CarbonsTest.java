package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.stream.ConnectionError;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** XEP-0280 against Prosody: copies from the account's other device (Smack) are shown; forged carbons are not. */
@ExtendWith(TestServers.class)
class CarbonsTest {
    @Test
    void copiesFromTheOtherDeviceAreShownAndForgedOnesAreNot() throws Exception {
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
                });
        try (SmackPeer phone = new SmackPeer(TestServers.prosody(), "alice", "alice-secret-pw", "phone");
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loop.submit(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse("alice@localhost"),
                    "alice-secret-pw", false)).get();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!events.contains("online") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // the carbons enable round trip

            phone.send("bob@localhost", "sent from alice's phone");
            ChatMessage sentCopy = next(events);
            assertEquals("sent from alice's phone", sentCopy.body());
            assertTrue(sentCopy.outgoing(), "a sent carbon is the user's own message");
            assertEquals("bob@localhost", sentCopy.peer());

            bob.sendToResource("alice@localhost/phone", "to the phone only");
            ChatMessage receivedCopy = next(events);
            assertEquals("to the phone only", receivedCopy.body());
            assertEquals("bob@localhost", receivedCopy.peer());
            assertTrue(!receivedCopy.outgoing());

            bob.sendForgedCarbon("alice@localhost", "carol@localhost/x", "forged by bob");
            bob.send("alice@localhost", "marker after the forgery");
            ChatMessage after = next(events);
            assertEquals("marker after the forgery", after.body(), "the forged carbon must not be shown");
        } finally {
            loop.submit(client::logout).get();
            loop.shutdown();
        }
    }

    private static ChatMessage next(BlockingQueue<Object> events) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ChatMessage) {
                return (ChatMessage) e;
            }
        }
        throw new AssertionError("no message");
    }
}
