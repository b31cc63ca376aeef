package im.parley.presence;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;

/**
 * Own presence and contacts' presence (RFC 6121 section 4). Tracks available resources per bare JID and
 * reports a contact's availability when it changes.
 */
public final class PresenceManager implements StanzaHandler {
    /** Availability of a contact: {@code show} is null when offline, "" for plain available, else away/dnd/xa/chat. */
    public interface Listener {
        void onPresence(String bareJid, String show, String status);
    }

    private final XmppConnection connection;
    private final Listener listener;
    private final Map<String, Map<String, String[]>> resources = new HashMap<>();

    public PresenceManager(XmppConnection connection, Listener listener) {
        this.connection = connection;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Sends initial (or updated) presence. */
    public void sendAvailable() {
        sendAvailable(new XmlElement.Builder[0]);
    }

    /** Initial presence with payloads such as the XEP-0115 caps element. */
    public void sendAvailable(XmlElement.Builder... payload) {
        XmlElement.Builder p = XmlElement.builder("presence", Ns.CLIENT);
        for (XmlElement.Builder b : payload) {
            if (b != null) {
                p.child(b);
            }
        }
        connection.send(p.build());
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"presence".equals(stanza.name())) {
            return false;
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        String type = stanza.attr("type");
        if ("subscribe".equals(type) || "unsubscribe".equals(type) || "subscribed".equals(type)
                || "unsubscribed".equals(type)) {
            return false; // subscriptions: the roster package's
        }
        if (from == null || (type != null && !"unavailable".equals(type))) {
            return true; // presence errors and probes: nothing to show
        }
        String bare = from.bare().toString();
        String resource = from.resource() == null ? "" : from.resource();
        Map<String, String[]> byResource = resources.computeIfAbsent(bare, k -> new HashMap<>());
        if ("unavailable".equals(type)) {
            byResource.remove(resource);
        } else {
            String show = stanza.childText("show", Ns.CLIENT);
            if (show == null || !(show.equals("away") || show.equals("chat") || show.equals("dnd")
                    || show.equals("xa"))) {
                show = "";
            }
            byResource.put(resource, new String[] {show, stanza.childText("status", Ns.CLIENT)});
        }
        String[] best = null;
        for (String[] s : byResource.values()) {
            if (best == null || rank(s[0]) < rank(best[0])) {
                best = s;
            }
        }
        listener.onPresence(bare, best == null ? null : best[0], best == null ? null : best[1]);
        return true;
    }

    private static int rank(String show) {
        switch (show) {
            case "chat": return 0;
            case "": return 1;
            case "away": return 2;
            case "xa": return 3;
            default: return 4;
        }
    }
}
