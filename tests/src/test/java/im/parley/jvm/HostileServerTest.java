package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.core.XmppClient;
import im.parley.testkit.MiniWsServer;
import im.parley.util.Jid;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A hostile server, after a proper login: garbage, an oversize stanza, nesting past the limit, a stream error, or
 * silence. Each time the client closes the stream with the matching error, says why, reconnects, loses none of the
 * messages that came before the attack, and over dozens of such sessions its memory does not grow.
 */
class HostileServerTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='h1' version='1.0'/>";
    private static final String SASL = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms"
            + " xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    private static final String BIND = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
    private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");

    /**
     * Logs the client in (PLAIN, bind, a roster with bob, empty archive answers, the time refused) and, when the
     * session's initial presence comes, answers with {@code attack.apply(connection number)}.
     */
    private static MiniWsServer server(AtomicInteger connections, IntFunction<List<String>> attack) throws Exception {
        return server(connections, attack, false);
    }

    /** The same; if {@code silent}, the server answers nothing at all once the presence came (a hung server). */
    private static MiniWsServer server(AtomicInteger connections, IntFunction<List<String>> attack, boolean silent)
            throws Exception {
        boolean[] authed = {false};
        boolean[] hung = {false};
        return new MiniWsServer(frame -> {
            Matcher m = ID.matcher(frame);
            String id = m.find() ? m.group(1) : "";
            if (frame.startsWith("<open")) {
                hung[0] = false;
            } else if (hung[0]) {
                return List.of();
            }
            if (frame.startsWith("<open")) {
                if (!authed[0]) {
                    connections.incrementAndGet();
                    return List.of(OPEN, SASL);
                }
                authed[0] = false;
                return List.of(OPEN, BIND);
            }
            if (frame.startsWith("<auth")) {
                authed[0] = true;
                return List.of("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            }
            if (frame.contains("urn:ietf:params:xml:ns:xmpp-bind")) {
                return List.of("<iq xmlns='jabber:client' type='result' id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                        + "<jid>alice@localhost/h" + connections.get() + "</jid></bind></iq>");
            }
            if (frame.contains("jabber:iq:roster") && frame.contains("type=\"get\"")) {
                return List.of("<iq xmlns='jabber:client' type='result' id='" + id + "'><query xmlns='jabber:iq:roster'>"
                        + "<item jid='bob@localhost' name='Bob' subscription='both'/></query></iq>");
            }
            if (frame.contains("urn:xmpp:mam:2") && frame.startsWith("<iq")) {
                return List.of("<iq xmlns='jabber:client' type='result' id='" + id + "'><fin xmlns='urn:xmpp:mam:2'"
                        + " complete='true'/></iq>");
            }
            if (frame.startsWith("<iq") && (frame.contains("type=\"get\"") || frame.contains("type=\"set\""))) {
                return List.of("<iq xmlns='jabber:client' type='error' id='" + id + "'" + (frame.contains("to=\"localhost\"")
                        ? " from='localhost'" : "") + "><error type='cancel'><service-unavailable"
                        + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            }
            if (frame.startsWith("<presence") && !frame.contains("type=")) {
                hung[0] = silent;
                return attack.apply(connections.get());
            }
            return List.of();
        });
    }

    private static String message(int n) {
        return "<message xmlns='jabber:client' from='bob@localhost/x' to='alice@localhost' type='chat' id='ok-" + n
                + "'><body>ok-" + n + "</body></message>";
    }

    /** The attack of connection {@code n}: each kind in turn, after a message the client must not lose. */
    private static List<String> attack(int n) {
        switch (n % 4) {
            case 0:
                return List.of(message(n), "<message xmlns='jabber:client'><<<garbage");
            case 1:
                return List.of(message(n), "<message xmlns='jabber:client' from='bob@localhost/x' type='chat'><body>"
                        + "x".repeat(1_100_000) + "</body></message>");
            case 2:
                return List.of(message(n), "<message xmlns='jabber:client' from='bob@localhost/x'>"
                        + "<x xmlns='urn:x'>".repeat(100) + "</x>".repeat(100) + "</message>");
            default:
                return List.of(message(n), "<error xmlns='http://etherx.jabber.org/streams'><internal-server-error"
                        + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></error>",
                        "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void attacksEndTheStreamWithTheRightErrorAndNothingIsLostOrKept() throws Exception {
        int warmup = 8;
        int cycles = 32;
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger calm = new AtomicInteger(Integer.MAX_VALUE); // from this connection on, no more attacks
        ExecutorService loop = Executors.newSingleThreadExecutor();
        JvmScheduler scheduler = new JvmScheduler(loop);
        RecordingListener listener = new RecordingListener("ok-");
        try (MiniWsServer server = server(connections, n -> n >= calm.get() ? List.of(message(n)) : attack(n))) {
            XmppClient client = new XmppClient(() -> new JdkWebSocketTransport(loop), new JvmCrypto(), scheduler,
                    System::currentTimeMillis, listener);
            loop.submit(() -> client.login(server.url(), Jid.parse("alice@localhost"), "pw", false, true)).get();
            long heapAfterWarmup = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (connections.get() < cycles && System.currentTimeMillis() < deadline) {
                if (connections.get() == warmup && heapAfterWarmup == 0) {
                    heapAfterWarmup = usedHeap();
                }
                Thread.sleep(20);
            }
            calm.set(connections.get() + 1);
            long end = System.currentTimeMillis() + 30_000;
            while (listener.received.size() < calm.get() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            long heapAtEnd = usedHeap();
            String all = String.join("\n", server.received());
            List<String> states;
            synchronized (listener.states) {
                states = new ArrayList<>(listener.states);
            }
            // Each attack got its stream error and close, and the user was told why.
            assertTrue(all.contains("<not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"), "garbage");
            assertTrue(all.contains("<policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"), "limits");
            assertTrue(states.stream().anyMatch(s -> s.contains("bad-xml")), states.toString());
            assertTrue(states.stream().anyMatch(s -> s.contains("internal-server-error")), states.toString());
            assertTrue(states.stream().noneMatch(s -> s.startsWith("offline")), "the client gave up: " + states);
            // Every message that came before an attack was delivered, once, in order.
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= calm.get(); n++) {
                expected.add("ok-" + n);
            }
            assertEquals(expected, new ArrayList<>(listener.received));
            long growth = heapAtEnd - heapAfterWarmup;
            System.out.println("hostile server: " + connections.get() + " sessions, heap after " + warmup + ": "
                    + heapAfterWarmup / 1024 + " KiB, at the end: " + heapAtEnd / 1024 + " KiB");
            assertTrue(growth < 4 * 1024 * 1024, "the heap grew by " + growth / 1024 + " KiB over "
                    + (connections.get() - warmup) + " hostile sessions");
            loop.submit(client::logout).get();
        } finally {
            scheduler.shutdown();
            loop.shutdown();
        }
    }

    @Test
    void aServerThatFallsSilentIsFoundDeadAndLeft() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        ExecutorService loop = Executors.newSingleThreadExecutor();
        JvmScheduler scheduler = new JvmScheduler(loop);
        RecordingListener listener = new RecordingListener("ok-");
        // After the presence, nothing: no answer to the keepalive probe, ever.
        try (MiniWsServer server = server(connections, n -> List.of(message(n)), true)) {
            XmppClient client = new XmppClient(() -> new JdkWebSocketTransport(loop), new JvmCrypto(), scheduler,
                    System::currentTimeMillis, listener);
            client.setKeepalive(1000, 1500);
            loop.submit(() -> client.login(server.url(), Jid.parse("alice@localhost"), "pw", false, true)).get();
            long end = System.currentTimeMillis() + 30_000;
            while (connections.get() < 3 && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            List<String> states;
            synchronized (listener.states) {
                states = new ArrayList<>(listener.states);
            }
            assertTrue(connections.get() >= 3, "no reconnects: " + states);
            assertTrue(states.stream().anyMatch(s -> s.contains("stopped answering")), states.toString());
            loop.submit(client::logout).get();
        } finally {
            scheduler.shutdown();
            loop.shutdown();
        }
    }
}
