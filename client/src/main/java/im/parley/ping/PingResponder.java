package im.parley.ping;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.xml.XmlElement;

/** Answers XEP-0199 pings addressed to this client with an empty result, as the XEP requires of clients. */
public final class PingResponder implements StanzaHandler {
    public static final String NS = "urn:xmpp:ping";

    private final XmppConnection connection;

    public PingResponder(XmppConnection connection) {
        this.connection = connection;
        connection.addHandler(this);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"iq".equals(stanza.name()) || !"get".equals(stanza.attr("type")) || stanza.child("ping", NS) == null) {
            return false;
        }
        XmlElement.Builder pong = XmlElement.builder("iq", Ns.CLIENT).attr("type", "result").attr("id", stanza.attr("id"));
        if (stanza.attr("from") != null) {
            pong.attr("to", stanza.attr("from"));
        }
        connection.send(pong.build());
        return true;
    }
}
