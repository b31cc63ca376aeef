package im.parley.sm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.crypto.SoftCrypto;
import im.parley.sasl.Credentials;
import im.parley.stream.ConnectionError;
import im.parley.stream.ConnectionListener;
import im.parley.stream.Ns;
import im.parley.stream.Transport;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlLimits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0198 counting, acknowledgement, resumption and its failure, against a scripted server. */
class StreamManagementTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='s' version='1.0'/>";
    private static final String SASL = "<features xmlns='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></features>";
    private static final String BOUND_FEATURES = "<features xmlns='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></features>";

    final List<List<String>> connections = new ArrayList<>();
    final List<Transport.Listener> listeners = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<String> acked = new ArrayList<>();
    final StreamManagement sm = new StreamManagement(s -> acked.add(s.childText("body", Ns.CLIENT)));

    final XmppConnection connection = new XmppConnection(() -> new Transport() {
        final List<String> sent = new ArrayList<>();

        @Override
        public void open(String url, Listener l) {
            connections.add(sent);
            listeners.add(l);
        }

        @Override
        public void send(String frame) {
            sent.add(frame);
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isSecure(String url) {
            return true;
        }
    }, new SoftCrypto(n -> new byte[n]), new ConnectionListener() {
        @Override
        public void onProgress(String phase) {
            events.add(phase);
        }

        @Override
        public void onConnected(Jid boundJid) {
            events.add("connected");
        }

        @Override
        public void onResumed(Jid boundJid) {
            events.add("resumed " + boundJid);
        }

        @Override
        public void onResumeFailed(List<XmlElement> unacked) {
            events.add("resume failed, unacked " + unacked.size());
        }

        @Override
        public void onDisconnected(ConnectionError error) {
            events.add("disconnected " + (error == null ? "" : error.code()));
        }
    }, XmlLimits.DEFAULT, sm, null);

    private Transport.Listener server() {
        return listeners.get(listeners.size() - 1);
    }

    private List<String> sent() {
        return connections.get(connections.size() - 1);
    }

    private void authenticate() {
        server().onOpen();
        server().onFrame(OPEN);
        server().onFrame(SASL);
        server().onFrame("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        server().onFrame(OPEN);
        server().onFrame(BOUND_FEATURES);
    }

    private void bindAndEnable() {
        server().onFrame("<iq xmlns='jabber:client' type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/r1</jid></bind></iq>");
        assertEquals("<enable xmlns=\"urn:xmpp:sm:3\" resume=\"true\"/>", sent().get(sent().size() - 1));
        server().onFrame("<enabled xmlns='urn:xmpp:sm:3' id='sess-1' resume='true'/>");
    }

    private static XmlElement message(String body) {
        return XmlElement.builder("message", Ns.CLIENT).attr("to", "bob@localhost").attr("type", "chat")
                .textChild("body", body).build();
    }

    @Test
    void countsAnswersAndAcknowledges() {
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), new Credentials("alice", "pw"), null);
        authenticate();
        bindAndEnable();
        connection.send(message("one"));
        connection.send(message("two"));
        server().onFrame("<message xmlns='jabber:client' from='bob@localhost/x' type='chat'><body>hi</body></message>");
        server().onFrame("<r xmlns='urn:xmpp:sm:3'/>");
        assertEquals("<a xmlns=\"urn:xmpp:sm:3\" h=\"1\"/>", sent().get(sent().size() - 1));
        server().onFrame("<a xmlns='urn:xmpp:sm:3' h='1'/>");
        assertEquals(List.of("one"), acked);
        assertEquals(1, sm.unackedCount());
        server().onFrame("<a xmlns='urn:xmpp:sm:3' h='5'/>");
        assertTrue(events.get(events.size() - 1).startsWith("disconnected"), "acking unsent stanzas is an error");
    }

    @Test
    void resumesAndResendsWhatTheServerDidNotGet() {
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), new Credentials("alice", "pw"), null);
        authenticate();
        bindAndEnable();
        connection.send(message("one"));
        connection.send(message("two"));
        connection.send(message("three"));
        server().onFrame("<message xmlns='jabber:client' from='bob@localhost/x' type='chat'><body>hi</body></message>");
        server().onClosed("cut");
        assertTrue(sm.canResume());
        connection.reconnect();
        authenticate();
        assertEquals("<resume xmlns=\"urn:xmpp:sm:3\" previd=\"sess-1\" h=\"1\"/>", sent().get(sent().size() - 1));
        int before = sent().size();
        server().onFrame("<resumed xmlns='urn:xmpp:sm:3' previd='sess-1' h='1'/>");
        assertEquals(List.of("one"), acked);
        List<String> resent = sent().subList(before, sent().size());
        assertEquals(2, resent.size());
        assertTrue(resent.get(0).contains("<body>two</body>") && resent.get(1).contains("<body>three</body>"), resent.toString());
        assertTrue(events.contains("resumed alice@localhost/r1"), events.toString());
        assertTrue(connection.isBound());
        // The resent stanzas are not counted twice: acknowledging all three is exact.
        server().onFrame("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertEquals(List.of("one", "two", "three"), acked);
    }

    @Test
    void aFailedResumptionHandsBackTheUnackedStanzasAndBindsAgain() {
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), new Credentials("alice", "pw"), null);
        authenticate();
        bindAndEnable();
        connection.send(message("lost?"));
        server().onClosed("cut");
        connection.reconnect();
        authenticate();
        server().onFrame("<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        assertTrue(events.contains("resume failed, unacked 1"), events.toString());
        assertTrue(sent().get(sent().size() - 1).contains("urn:ietf:params:xml:ns:xmpp-bind"));
        assertFalse(sm.canResume());
        bindAndEnable();
        assertTrue(events.get(events.size() - 1).equals("connected"), events.toString());
    }

    @Test
    void countersWrapAt32Bits() {
        StreamManagement s = new StreamManagement(x -> { });
        s.enableSent();
        s.enabled("id", true);
        assertEquals(-1, Sm.h(XmlElement.builder("a", Sm.NS).attr("h", "4294967296").build()));
        assertEquals(4294967295L, Sm.h(XmlElement.builder("a", Sm.NS).attr("h", "4294967295").build()));
        assertEquals(-1, Sm.h(XmlElement.builder("a", Sm.NS).attr("h", "-1").build()));
    }
}
