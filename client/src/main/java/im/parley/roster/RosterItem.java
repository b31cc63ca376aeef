package im.parley.roster;

import java.util.Collections;
import java.util.List;

/** One contact of the roster (RFC 6121 2.1.2). */
public final class RosterItem {
    private final String jid;
    private final String name;
    private final String subscription;
    private final boolean askSubscribe;
    private final List<String> groups;

    public RosterItem(String jid, String name, String subscription, boolean askSubscribe, List<String> groups) {
        this.jid = jid;
        this.name = name;
        this.subscription = subscription;
        this.askSubscribe = askSubscribe;
        this.groups = Collections.unmodifiableList(groups);
    }

    /** Bare JID. */
    public String jid() {
        return jid;
    }

    /** Handle chosen by the user, or null. */
    public String name() {
        return name;
    }

    /** none, to, from or both. */
    public String subscription() {
        return subscription;
    }

    public boolean askSubscribe() {
        return askSubscribe;
    }

    public List<String> groups() {
        return groups;
    }
}
