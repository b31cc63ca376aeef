package im.parley.roster;

import im.parley.stream.Ns;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** The jabber:iq:roster query element: building the get, parsing items from results and pushes. */
public final class RosterIq {
    public static final String NS = "jabber:iq:roster";
    private static final int MAX_GROUPS = 64;

    private RosterIq() {
    }

    public static XmlElement.Builder get() {
        return get(null);
    }

    /** A roster get; with {@code ver} (RFC 6121 2.6, "" when nothing is cached) the server may answer "unchanged". */
    public static XmlElement.Builder get(String ver) {
        XmlElement.Builder query = XmlElement.builder("query", NS);
        if (ver != null) {
            query.attr("ver", ver);
        }
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "get").child(query);
    }

    /** Parses the items of a query; items with an invalid JID are skipped. */
    public static List<RosterItem> parseItems(XmlElement query) {
        List<RosterItem> items = new ArrayList<>();
        for (XmlElement item : query.children("item", NS)) {
            Jid jid = Jid.parseOrNull(item.attr("jid"));
            if (jid == null) {
                continue;
            }
            String sub = item.attr("subscription");
            if (sub == null) {
                sub = "none";
            }
            List<String> groups = new ArrayList<>();
            for (XmlElement g : item.children("group", NS)) {
                String t = g.text();
                if (!t.isEmpty() && groups.size() < MAX_GROUPS && !groups.contains(t)) {
                    groups.add(t);
                }
            }
            items.add(new RosterItem(jid.bare().toString(), item.attr("name"), sub,
                    "subscribe".equals(item.attr("ask")), groups));
        }
        return items;
    }

    /**
     * A roster set of one item (RFC 6121 2.3 and 2.5): {@code name} and {@code groups} as given, or, with
     * {@code remove}, the removal of the item.
     */
    public static XmlElement.Builder set(Jid jid, String name, List<String> groups, boolean remove) {
        XmlElement.Builder item = XmlElement.builder("item", NS).attr("jid", jid.bare().toString());
        if (remove) {
            item.attr("subscription", "remove");
        } else {
            if (name != null && !name.isEmpty()) {
                item.attr("name", name);
            }
            for (String g : groups) {
                item.child(XmlElement.builder("group", NS).text(g));
            }
        }
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").child(XmlElement.builder("query", NS).child(item));
    }
}
