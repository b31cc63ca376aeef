package im.parley.receipts;

import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.function.Predicate;

/**
 * XEP-0184 delivery receipts. Answers receipt requests on chat messages from accepted senders (never to
 * strangers, which would tell them the account is online), and reports receipts for messages this account sent.
 */
public final class ReceiptsManager implements StanzaHandler {
    /** A peer's client confirmed it received message {@code id}. */
    public interface Listener {
        void onDelivered(String id, String peerBareJid);
    }

    private final XmppConnection connection;
    private final Predicate<Jid> answerTo;
    private final Listener listener;

    public ReceiptsManager(XmppConnection connection, Predicate<Jid> answerTo, Listener listener) {
        this.connection = connection;
        this.answerTo = answerTo;
        this.listener = listener;
        connection.addHandler(this);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name()) || "error".equals(stanza.attr("type"))) {
            return false;
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (from == null) {
            return false;
        }
        XmlElement received = stanza.child("received", Receipts.NS);
        if (received != null && received.attr("id") != null) {
            listener.onDelivered(received.attr("id"), from.bare().toString());
            return stanza.child("body", im.parley.stream.Ns.CLIENT) == null;
        }
        String id = stanza.attr("id");
        if (stanza.child("request", Receipts.NS) != null && id != null && !id.isEmpty()
                && stanza.child("body", im.parley.stream.Ns.CLIENT) != null && answerTo.test(from.bare())
                && !from.bare().equals(connection.boundJid().bare())) {
            connection.send(Receipts.received(from.toString(), id));
        }
        return false; // the message itself goes on to the chat handler
    }
}
