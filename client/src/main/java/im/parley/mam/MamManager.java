package im.parley.mam;

import im.parley.chat.ChatManager;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.util.Timestamps;
import im.parley.xml.XmlElement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Message archive queries (XEP-0313) of the account's own archive. Results are accepted only from the own
 * archive (no 'from', or the own bare JID) and only for queries this client made.
 */
public final class MamManager implements StanzaHandler {
    static final int PAGE = 250;
    /** A query never pages past this many messages. */
    static final int MAX_MESSAGES = 20_000;

    private final XmppConnection connection;
    private String activeQuery;
    private Set<String> collecting;

    public MamManager(XmppConnection connection) {
        this.connection = connection;
        connection.addHandler(this);
    }

    /**
     * Collects the ids (XEP-0359 origin-id, else the stanza id) of messages this account sent since
     * {@code startMillis}. Calls {@code done} with the ids, or with null if the archive could not be read.
     */
    public void sentIdsSince(long startMillis, Consumer<Set<String>> done) {
        collecting = new HashSet<>();
        page(Timestamps.format(startMillis), null, 0, done);
    }

    private void page(String start, String after, int fetched, Consumer<Set<String>> done) {
        String queryId = connection.nextId();
        activeQuery = queryId;
        connection.sendIq(Mam.query(queryId, start, after, PAGE), null, result -> {
            XmlElement fin = result.child("fin", Mam.NS);
            if (!"result".equals(result.attr("type")) || fin == null) {
                finish(done, null);
                return;
            }
            XmlElement set = fin.child("set", Mam.RSM);
            String last = set == null ? null : set.childText("last", Mam.RSM);
            boolean complete = "true".equals(fin.attr("complete")) || last == null;
            int total = fetched + PAGE;
            if (complete || total >= MAX_MESSAGES) {
                finish(done, collecting);
            } else {
                page(start, last, total, done);
            }
        });
    }

    private void finish(Consumer<Set<String>> done, Set<String> ids) {
        activeQuery = null;
        collecting = null;
        done.accept(ids);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name())) {
            return false;
        }
        XmlElement result = stanza.child("result", Mam.NS);
        if (result == null) {
            return false;
        }
        Jid own = connection.boundJid().bare();
        String from = stanza.attr("from");
        if (from != null && !own.equals(Jid.parseOrNull(from))) {
            return true; // a result claiming to come from someone else's archive: ignored
        }
        if (activeQuery == null || !activeQuery.equals(result.attr("queryid")) || collecting == null) {
            return true;
        }
        XmlElement message = Mam.forwardedMessage(result);
        if (message == null) {
            return true;
        }
        Jid sender = Jid.parseOrNull(message.attr("from"));
        if (sender != null && sender.bare().equals(own)) {
            XmlElement originId = message.child("origin-id", ChatManager.SID_NS);
            String id = originId != null ? originId.attr("id") : message.attr("id");
            if (id != null) {
                collecting.add(id);
            }
        }
        return true;
    }
}
