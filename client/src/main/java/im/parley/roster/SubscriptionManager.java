package im.parley.roster;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presence subscriptions (RFC 6121 section 3): asking a contact to see their presence, and the requests of
 * others to see ours, which wait for the user to approve or deny them. With {@code allowContactRequests} off
 * (Converse's {@code allow_contact_requests}), requests are ignored in the worker, not only hidden in the UI.
 */
public final class SubscriptionManager implements StanzaHandler {
    /** At most this many requests wait at once; more are ignored (a flood from strangers fills nothing). */
    static final int MAX_PENDING = 200;

    /** Receives the waiting requests after each change: bare JID -> the nickname they gave (XEP-0172), or null. */
    public interface Listener {
        void onRequests(Map<String, String> pending);
    }

    private final XmppConnection connection;
    private final RosterManager roster;
    private final boolean allowContactRequests;
    private final Listener listener;
    private final Map<String, String> pending = new LinkedHashMap<>();

    public SubscriptionManager(XmppConnection connection, RosterManager roster, boolean allowContactRequests,
            Listener listener) {
        this.connection = connection;
        this.roster = roster;
        this.allowContactRequests = allowContactRequests;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Asks to see {@code jid}'s presence. */
    public void request(Jid jid) {
        send(jid, "subscribe");
    }

    /**
     * Lets {@code jid} see the user's presence and, unless already subscribed to theirs, asks for theirs in return
     * (what users expect from "accept": a mutual contact).
     */
    public void approve(Jid jid) {
        send(jid, "subscribed");
        RosterItem item = roster.get(jid);
        String sub = item == null ? "none" : item.subscription();
        if (!"to".equals(sub) && !"both".equals(sub) && (item == null || !item.askSubscribe())) {
            send(jid, "subscribe");
        }
        settle(jid);
    }

    /** Refuses (or, for a contact, revokes) {@code jid}'s subscription to the user's presence. */
    public void deny(Jid jid) {
        send(jid, "unsubscribed");
        settle(jid);
    }

    private void settle(Jid jid) {
        String bare = jid.bare().toString();
        if (pending.containsKey(bare)) { // the value is the nickname, which may be null
            pending.remove(bare);
            listener.onRequests(new LinkedHashMap<>(pending));
        }
    }

    private void send(Jid jid, String type) {
        connection.send(XmlElement.builder("presence", Ns.CLIENT).attr("to", jid.bare().toString()).attr("type", type)
                .build());
    }

    public List<String> pending() {
        return new ArrayList<>(pending.keySet());
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"presence".equals(stanza.name())) {
            return false;
        }
        String type = stanza.attr("type");
        if (!"subscribe".equals(type) && !"unsubscribe".equals(type)) {
            return false; // subscribed/unsubscribed show up as roster pushes; the rest is presence
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (from == null || from.local() == null || from.bare().equals(connection.boundJid().bare())) {
            return true;
        }
        String bare = from.bare().toString();
        if ("unsubscribe".equals(type)) {
            settle(from); // they withdrew their request
            return true;
        }
        RosterItem item = roster.get(from);
        if (item != null && ("from".equals(item.subscription()) || "both".equals(item.subscription()))) {
            send(from, "subscribed"); // approved before (RFC 6121 3.1.3): answer for the user
            return true;
        }
        if (!allowContactRequests || pending.containsKey(bare) || pending.size() >= MAX_PENDING) {
            return true;
        }
        XmlElement nick = stanza.child("nick", "http://jabber.org/protocol/nick");
        String name = nick == null ? null : nick.text();
        if (name != null && name.length() > RosterManager.MAX_NAME) {
            name = name.substring(0, RosterManager.MAX_NAME);
        }
        pending.put(bare, name);
        listener.onRequests(new LinkedHashMap<>(pending));
        return true;
    }
}
