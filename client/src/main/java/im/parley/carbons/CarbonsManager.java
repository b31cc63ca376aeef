package im.parley.carbons;

import im.parley.chat.ChatManager;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;

/**
 * XEP-0280 Message Carbons: copies of the messages the account's other devices send and receive. A carbon is
 * only believed when it comes from the account itself (its bare JID): anyone else can wrap a forged message in
 * a {@code <received/>} element, and such stanzas are dropped (CVE-2017-5589 in several clients).
 */
public final class CarbonsManager implements StanzaHandler {
    private final XmppConnection connection;
    private final ChatManager chat;

    public CarbonsManager(XmppConnection connection, ChatManager chat) {
        this.connection = connection;
        this.chat = chat;
        connection.addHandler(this);
        connection.requestInline(XmlElement.builder("enable", Carbons.NS).build());
    }

    /**
     * Asks the server for carbons on this session (a server without them answers with an error; ignored), unless
     * the session's login enabled them already (Bind 2).
     */
    public void enable() {
        if (connection.enabledInline(Carbons.NS)) {
            return;
        }
        connection.sendIq(Carbons.enable(), null, result -> { });
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name())) {
            return false;
        }
        XmlElement wrapper = Carbons.wrapper(stanza);
        if (wrapper == null) {
            return false;
        }
        Jid own = connection.boundJid().bare();
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (from == null || !from.equals(own)) {
            return true; // a forged carbon: not from our own account
        }
        XmlElement copy = Carbons.copied(wrapper);
        if (copy == null) {
            return true;
        }
        if ("sent".equals(wrapper.name())) {
            chat.handleSentCopy(copy);
        } else {
            chat.handleIncoming(copy);
        }
        return true;
    }
}
