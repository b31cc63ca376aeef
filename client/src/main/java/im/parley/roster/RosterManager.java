package im.parley.roster;

import im.parley.stream.Ns;
import im.parley.stream.StanzaErrors;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roster (RFC 6121 section 2): fetched after binding, kept current by roster pushes. A push from anyone
 * but the account itself is ignored (the roster-push interception attack).
 */
public final class RosterManager implements StanzaHandler {
    /** Receives the whole roster after each change. */
    public interface Listener {
        void onRoster(List<RosterItem> items);
    }

    private final XmppConnection connection;
    private final Listener listener;
    private final Map<String, RosterItem> items = new LinkedHashMap<>();
    private boolean loaded;

    public RosterManager(XmppConnection connection, Listener listener) {
        this.connection = connection;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Requests the roster; {@code then} runs when it arrived (or failed). */
    public void fetch(Runnable then) {
        fetch(null, null, then);
    }

    /**
     * Requests the roster with roster versioning (RFC 6121 2.6) when the server offers it: with a cached roster
     * and its version the server answers "unchanged" with an empty result, and the cached roster is used.
     */
    public void fetch(String cachedVersion, List<RosterItem> cached, Runnable then) {
        boolean versioning = connection.offersRosterVersioning();
        String ver = !versioning ? null : cachedVersion != null && cached != null ? cachedVersion : "";
        connection.sendIq(RosterIq.get(ver), null, result -> {
            XmlElement query = result.child("query", RosterIq.NS);
            if ("result".equals(result.attr("type")) && query != null) {
                items.clear();
                for (RosterItem item : RosterIq.parseItems(query)) {
                    items.put(item.jid(), item);
                }
                version = versioning ? query.attr("ver") : null;
            } else if ("result".equals(result.attr("type")) && ver != null && !ver.isEmpty()) {
                items.clear(); // unchanged since the cached version
                for (RosterItem item : cached) {
                    items.put(item.jid(), item);
                }
                version = ver;
            }
            loaded = true;
            listener.onRoster(list());
            then.run();
        });
    }

    /** Longest contact name accepted from the user. */
    public static final int MAX_NAME = 1000;

    /**
     * Adds a contact to the roster, or changes its name (RFC 6121 2.3); {@code done} gets null when the server
     * agreed, else the reason. The roster itself changes by the server's push.
     */
    public void put(Jid jid, String name, java.util.function.Consumer<String> done) {
        if (name != null && name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a contact's name is at most " + MAX_NAME + " characters");
        }
        RosterItem known = items.get(jid.bare().toString());
        List<String> groups = known == null ? new ArrayList<>() : known.groups();
        connection.sendIq(RosterIq.set(jid, name, groups, false), null,
                result -> done.accept(StanzaErrors.refusal(result)));
    }

    /** Most groups a contact may be put in, and the longest group name accepted from the user. */
    public static final int MAX_GROUPS = 64;
    public static final int MAX_GROUP = 200;

    /**
     * Sets a contact's name and groups (RFC 6121 2.3): blank and repeated groups are dropped, names are trimmed.
     * {@code done} gets null when the server agreed, else the reason.
     */
    public void update(Jid jid, String name, List<String> groups, java.util.function.Consumer<String> done) {
        if (name != null && name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a contact's name is at most " + MAX_NAME + " characters");
        }
        List<String> clean = new ArrayList<>();
        for (String g : groups) {
            String t = g == null ? "" : g.trim();
            if (t.length() > MAX_GROUP) {
                throw new IllegalArgumentException("a group's name is at most " + MAX_GROUP + " characters");
            }
            if (!t.isEmpty() && !clean.contains(t)) {
                clean.add(t);
            }
        }
        if (clean.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("a contact is in at most " + MAX_GROUPS + " groups");
        }
        connection.sendIq(RosterIq.set(jid, name == null ? null : name.trim(), clean, false), null,
                result -> done.accept(StanzaErrors.refusal(result)));
    }

    /** Removes a contact, which also cancels the subscriptions both ways (RFC 6121 2.5). */
    public void remove(Jid jid, java.util.function.Consumer<String> done) {
        connection.sendIq(RosterIq.set(jid, null, new ArrayList<>(), true), null,
                result -> done.accept(StanzaErrors.refusal(result)));
    }

    /** The item of a contact, or null. */
    public RosterItem get(Jid jid) {
        return items.get(jid.bare().toString());
    }

    /** The version of the roster as now known (RFC 6121 2.6), or null if the server does not version it. */
    public String version() {
        return version;
    }

    private String version;

    public boolean isLoaded() {
        return loaded;
    }

    public boolean contains(Jid jid) {
        return items.containsKey(jid.bare().toString());
    }

    public List<RosterItem> list() {
        return new ArrayList<>(items.values());
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"iq".equals(stanza.name()) || !"set".equals(stanza.attr("type"))) {
            return false;
        }
        XmlElement query = stanza.child("query", RosterIq.NS);
        if (query == null) {
            return false;
        }
        String from = stanza.attr("from");
        Jid own = connection.boundJid();
        if (from != null && !own.bare().equals(Jid.parseOrNull(from))) {
            // Not from our server on our behalf: ignore it and say so (RFC 6121 2.1.6).
            connection.sendIqError(stanza, "cancel", "service-unavailable");
            return true;
        }
        if (query.attr("ver") != null && connection.offersRosterVersioning()) {
            version = query.attr("ver");
        }
        for (RosterItem item : RosterIq.parseItems(query)) {
            if ("remove".equals(item.subscription())) {
                items.remove(item.jid());
            } else {
                items.put(item.jid(), item);
            }
        }
        connection.send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "result").attr("id", stanza.attr("id"))
                .build());
        listener.onRoster(list());
        return true;
    }
}
