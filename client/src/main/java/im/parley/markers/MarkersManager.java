package im.parley.markers;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * XEP-0333. Remembers which messages from contacts asked to be marked ({@code <markable/>}), sends a displayed
 * marker when the user has seen one (only to those the settings allow, and each conversation's newest only), and
 * reports markers that contacts send about the user's messages. Whether a marked message really is the user's is for
 * the caller to check.
 */
public final class MarkersManager implements StanzaHandler {
    /** A contact's marker on message {@code id}: "received", "displayed" or "acknowledged". */
    public interface Listener {
        void onMarker(String peer, String id, String type);
    }

    static final int REMEMBERED = 5_000;

    private final XmppConnection connection;
    private final Predicate<Jid> accepted;
    private final Listener listener;
    /** Markable incoming message ids and their sender (bare), oldest first. */
    private final LinkedHashMap<String, String> markable = new LinkedHashMap<String, String>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** Per peer, the id last marked as displayed. */
    private final Map<String, String> lastSent = new java.util.HashMap<>();

    public MarkersManager(XmppConnection connection, Predicate<Jid> accepted, Listener listener) {
        this.connection = connection;
        this.accepted = accepted;
        this.listener = listener;
        connection.addHandler(this);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name()) || "error".equals(stanza.attr("type"))) {
            return false;
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (from == null || from.bare().equals(connection.boundJid().bare())) {
            return false; // the account's own (carbons are unwrapped elsewhere)
        }
        String[] marker = Markers.marker(stanza);
        if (marker != null) {
            if (accepted.test(from.bare())) {
                listener.onMarker(from.bare().toString(), marker[1], marker[0]);
            }
            return stanza.child("body", Ns.CLIENT) == null;
        }
        if (Markers.isMarkable(stanza) && stanza.attr("id") != null && stanza.child("body", Ns.CLIENT) != null) {
            markable.put(stanza.attr("id"), from.bare().toString());
        }
        return false; // the message goes on to the chat
    }

    /**
     * The user has seen message {@code id} from {@code peer}: a displayed marker goes out if the message asked for
     * one, the peer may be told, and it is newer than the last one marked. Returns whether one was sent.
     */
    public boolean displayed(Jid peer, String id) {
        String bare = peer.bare().toString();
        if (!bare.equals(markable.get(id)) || id.equals(lastSent.get(bare)) || !accepted.test(peer.bare())) {
            return false;
        }
        lastSent.put(bare, id);
        connection.send(Markers.displayedMessage(bare, id));
        return true;
    }
}
