package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.core.XmppClient;
import im.parley.testkit.FaultProxy;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stalled connection (the proxy stops forwarding without closing anything, as a dead Wi-Fi does): the socket
 * never says it is gone, so only the keepalive and the ack requests can tell. The client must find the connection
 * dead, resume the session on a new one once the network is back, and lose or duplicate nothing either way, while
 * messages keep being written on both sides during the stall.
 */
@ExtendWith(TestServers.class)
class StallRecoveryTest {
    static final int PER_PHASE = 100;

    @Test
    void aStalledConnectionIsFoundDeadAndResumedWithNothingLostOrDuplicated() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        JvmScheduler scheduler = new JvmScheduler(loop);
        RecordingListener listener = new RecordingListener("sb-");
        List<String> received = listener.received;
        List<String> states = listener.states;
        try (FaultProxy proxy = new FaultProxy(TestServers.prosody().httpPort());
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw", "stall")) {
            String url = "ws://127.0.0.1:" + proxy.port() + "/xmpp-websocket";
            XmppClient client = new XmppClient(() -> new JdkWebSocketTransport(loop), new JvmCrypto(), scheduler,
                    System::currentTimeMillis, listener);
            client.setKeepalive(1500, 2000); // probe after 1.5 s of silence; 2 s to answer
            loop.submit(() -> client.login(url, Jid.parse("alice@localhost"), "alice-secret-pw", false, true)).get();
            awaitState(states, "online", 20_000);

            List<String> bobGot = new ArrayList<>();
            int next = 0;
            for (int phase = 0; phase < 3; phase++) {
                if (phase == 1) {
                    proxy.stall(true);
                }
                for (int i = 0; i < PER_PHASE; i++, next++) {
                    int n = next;
                    loop.submit(() -> client.send(Jid.parse("bob@localhost"), "sa-" + n)).get();
                    bob.send("alice@localhost", "sb-" + n);
                    if (i % 10 == 0) {
                        Thread.sleep(20);
                    }
                }
                if (phase == 1) {
                    // The connection is found dead while still stalled: nothing has told the socket.
                    awaitState(states, "stopped answering", 15_000);
                    Thread.sleep(2000); // a reconnect attempt hangs in the stalled network too
                    proxy.recover(); // the old connection is gone; the reconnect attempt goes on
                }
                drain(bob, bobGot, 300);
            }
            long end = System.currentTimeMillis() + 60_000;
            while ((bobGot.size() < next || received.size() < next) && System.currentTimeMillis() < end) {
                drain(bob, bobGot, 100);
            }
            Thread.sleep(1000);
            drain(bob, bobGot, 500);

            String context;
            synchronized (states) {
                context = "states: " + states;
                assertEquals(List.of(), states.stream().filter(st -> st.startsWith("offline")).toList(),
                        "the client gave up");
            }
            assertInOrderOnce("sa-", next, bobGot, context);
            assertInOrderOnce("sb-", next, new ArrayList<>(received), context);
            assertTrue(states.contains("online") || states.stream().anyMatch(st -> st.startsWith("online")), context);
            loop.submit(client::logout).get();
        } finally {
            scheduler.shutdown();
            loop.shutdown();
        }
    }

    private static void awaitState(List<String> states, String part, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            synchronized (states) {
                if (states.stream().anyMatch(st -> st.contains(part))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        synchronized (states) {
            throw new AssertionError("no state with '" + part + "' in " + timeoutMs + " ms: " + states);
        }
    }

    private static void drain(SmackPeer bob, List<String> got, long waitMs) throws InterruptedException {
        Message m;
        while ((m = bob.next(waitMs, TimeUnit.MILLISECONDS)) != null) {
            if (m.getBody() != null && m.getBody().startsWith("sa-")) {
                got.add(m.getBody());
            }
        }
    }

    private static void assertInOrderOnce(String prefix, int count, List<String> got, String context) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(prefix + i);
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(got);
        List<String> dupes = new ArrayList<>(got);
        for (String e : expected) {
            dupes.remove(e);
        }
        assertEquals(List.of(), missing, "lost; " + context);
        assertEquals(List.of(), dupes, "duplicated; " + context);
        assertEquals(expected, got, "out of order; " + context);
    }
}
