package im.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.parley.crypto.SoftCrypto;
import im.parley.stream.ConnectionError;
import im.parley.stream.ConnectionListener;
import im.parley.stream.Transport;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live messages held while a new session reads the archive come after the archive's older ones, once each (the
 * order bug a cut between a non-resumable session and its catch-up showed in the browser).
 */
class ChatManagerHoldTest {
    private final List<String> shown = new ArrayList<>();
    private final ChatManager chat;
    private Transport.Listener server;

    ChatManagerHoldTest() {
        Transport transport = new Transport() {
            @Override
            public void open(String url, Listener l) {
                server = l;
            }

            @Override
            public void send(String frame) {
            }

            @Override
            public void close() {
            }

            @Override
            public boolean isSecure(String url) {
                return true;
            }
        };
        XmppConnection connection = new XmppConnection(transport, new SoftCrypto(n -> new byte[n]),
                new ConnectionListener() {
                    @Override
                    public void onProgress(String phase) {
                    }

                    @Override
                    public void onConnected(Jid boundJid) {
                    }

                    @Override
                    public void onDisconnected(ConnectionError error) {
                    }
                });
        chat = new ChatManager(connection, m -> shown.add(m.body()), jid -> true, () -> 1_000L);
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        server.onOpen();
        String open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='s' version='1.0'/>";
        server.onFrame(open);
        server.onFrame("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms"
                + " xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        server.onFrame("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        server.onFrame(open);
        server.onFrame("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
        server.onFrame("<iq xmlns='jabber:client' type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@localhost/parley-1</jid></bind></iq>");
    }

    private static String message(String body, String archiveId) {
        return "<message xmlns='jabber:client' type='chat' from='bob@localhost/smack' to='alice@localhost/parley-1'"
                + " id='" + body + "'><body>" + body + "</body><stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost'"
                + " id='" + archiveId + "'/></message>";
    }

    private static XmlElement archived(String body, String archiveId) throws im.parley.xml.XmlException {
        return XmlTreeBuilder.parse(message(body, archiveId).replace(" to='alice@localhost/parley-1'",
                " to='alice@localhost'"));
    }

    @Test
    void liveMessagesWaitForTheCatchUpAndAreNotShownTwice() throws Exception {
        server.onFrame(message("b-1", "A1"));
        chat.hold();
        server.onFrame(message("b-5", "A5")); // live, while older ones are still in the archive only
        server.onFrame(message("b-6", "A6"));
        assertEquals(List.of("b-1"), shown);
        for (int i : new int[] {1, 3, 4, 5}) { // the catch-up: b-1 was shown live already, b-5 came live too
            ChatMessage m = chat.archived("A" + i, archived("b-" + i, "A" + i), 900);
            if (m != null) {
                shown.add(m.body());
            }
        }
        chat.release();
        server.onFrame(message("b-7", "A7"));
        assertEquals(List.of("b-1", "b-3", "b-4", "b-5", "b-6", "b-7"), shown);
    }

    @Test
    void aFloodIsNotHeldWithoutBound() {
        chat.hold();
        for (int i = 0; i < ChatManager.HOLD_MAX + 3; i++) {
            server.onFrame(message("m-" + i, "F" + i));
        }
        // Past the bound the held ones are shown and holding stops, in order, none lost.
        assertEquals(ChatManager.HOLD_MAX + 3, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            assertEquals("m-" + i, shown.get(i));
        }
        chat.release();
        assertEquals(ChatManager.HOLD_MAX + 3, shown.size());
    }
}
