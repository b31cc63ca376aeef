package im.parley.presence;

import im.parley.idle.Idle;
import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Own presence and contacts' presence (RFC 6121 section 4). Tracks available resources per bare JID and
 * reports a contact's availability when it changes.
 */
public final class PresenceManager implements StanzaHandler {
    /**
     * Availability of a contact: {@code show} is null when offline, "" for plain available, else away/dnd/xa/chat;
     * {@code idleSince} is when the contact was last active (XEP-0319, epoch ms), or 0 when not idle.
     */
    public interface Listener {
        void onPresence(String bareJid, String show, String status, long idleSince);
    }

    /** The values of show (RFC 6121 4.7.2.1); "" is plain available. */
    public static final java.util.List<String> SHOWS = java.util.Collections.unmodifiableList(
            java.util.Arrays.asList("", "chat", "away", "xa", "dnd"));
    /** Longest status message accepted from the user, and kept of a contact's. */
    public static final int MAX_STATUS = 1000;

    private final XmppConnection connection;
    private final Listener listener;
    private final LongSupplier clock;
    /** Per bare JID, per resource: show, status, idle since (a decimal string, "0" when not idle). */
    private final Map<String, Map<String, String[]>> resources = new HashMap<>();

    public PresenceManager(XmppConnection connection, LongSupplier clock, Listener listener) {
        this.connection = connection;
        this.clock = clock;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Sends plain available presence. */
    public void sendAvailable() {
        sendAvailable("", null, 0, 0);
    }

    /**
     * Sends the user's available presence: {@code show} one of {@link #SHOWS}, a status message (null for none),
     * the priority (RFC 6121 4.7.2.3), idle since (epoch ms; 0 when the user is active), and payloads such as the
     * XEP-0115 caps element.
     */
    public void sendAvailable(String show, String status, int priority, long idleSince, XmlElement.Builder... payload) {
        if (!SHOWS.contains(show)) {
            throw new IllegalArgumentException("show is one of chat, away, xa, dnd, or empty");
        }
        if (status != null && status.length() > MAX_STATUS) {
            throw new IllegalArgumentException("a status message is at most " + MAX_STATUS + " characters");
        }
        if (priority < -128 || priority > 127) {
            throw new IllegalArgumentException("a priority is between -128 and 127");
        }
        XmlElement.Builder p = XmlElement.builder("presence", Ns.CLIENT);
        if (!show.isEmpty()) {
            p.child(XmlElement.builder("show", Ns.CLIENT).text(show));
        }
        if (status != null && !status.isEmpty()) {
            p.child(XmlElement.builder("status", Ns.CLIENT).text(status));
        }
        if (priority != 0) {
            p.child(XmlElement.builder("priority", Ns.CLIENT).text(Integer.toString(priority)));
        }
        if (idleSince > 0) {
            p.child(Idle.element(idleSince));
        }
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
            String status = stanza.childText("status", Ns.CLIENT);
            if (status != null && status.length() > MAX_STATUS) {
                status = status.substring(0, MAX_STATUS);
            }
            byResource.put(resource, new String[] {show, status,
                Long.toString(Idle.since(stanza, clock.getAsLong()))});
        }
        String[] best = null;
        for (String[] s : byResource.values()) {
            if (best == null || rank(s[0]) < rank(best[0])) {
                best = s;
            }
        }
        if (byResource.isEmpty()) {
            resources.remove(bare);
        }
        listener.onPresence(bare, best == null ? null : best[0], best == null ? null : best[1],
                best == null ? 0 : Long.parseLong(best[2]));
        return true;
    }

    /** How available a show is, most first: chat 0, plain available 1, away 2, xa 3, dnd 4. */
    public static int rank(String show) {
        switch (show) {
            case "chat": return 0;
            case "": return 1;
            case "away": return 2;
            case "xa": return 3;
            default: return 4;
        }
    }
}
