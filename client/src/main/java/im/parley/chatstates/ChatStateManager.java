package im.parley.chatstates;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.function.Predicate;

/**
 * XEP-0085: shows whether a contact is typing, and tells contacts when the user is. Notifications are exchanged
 * only with accepted senders (the roster, unless non-roster messaging is allowed).
 */
public final class ChatStateManager implements StanzaHandler {
    public interface Listener {
        void onChatState(String peerBareJid, String state);
    }

    private final XmppConnection connection;
    private final Predicate<Jid> accept;
    private final Listener listener;

    public ChatStateManager(XmppConnection connection, Predicate<Jid> accept, Listener listener) {
        this.connection = connection;
        this.accept = accept;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Tells {@code to} the user's state in the conversation (composing, paused, active...). */
    public void send(Jid to, String state) {
        if (!ChatStates.isState(state)) {
            throw new IllegalArgumentException("not a chat state: " + state);
        }
        if (connection.isBound() && accept.test(to.bare())) {
            connection.send(ChatStates.notification(to.bare().toString(), state));
        }
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name()) || "error".equals(stanza.attr("type"))) {
            return false;
        }
        String state = ChatStates.of(stanza);
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (state == null || from == null) {
            return false;
        }
        boolean standalone = stanza.child("body", Ns.CLIENT) == null;
        if (!from.bare().equals(connection.boundJid().bare()) && accept.test(from.bare())) {
            listener.onChatState(from.bare().toString(), state);
        }
        return standalone;
    }
}
