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
    /** Queries in flight, by query id: each result goes to its own query's handler. */
    private final java.util.Map<String, ResultHandler> queries = new java.util.HashMap<>();

    public MamManager(XmppConnection connection) {
        this.connection = connection;
        connection.addHandler(this);
    }

    /** One archived message of a query's results. */
    public interface ResultHandler {
        /**
         * @param archiveId the archive's id of the message (its XEP-0359 stanza-id)
         * @param message   the archived message stanza
         * @param stamp     when the server archived it (XEP-0203 delay), epoch milliseconds, or -1 if unknown
         */
        void onResult(String archiveId, XmlElement message, long stamp);
    }

    /**
     * Collects the ids (XEP-0359 origin-id, else the stanza id) of messages this account sent since
     * {@code startMillis}. Calls {@code done} with the ids, or with null if the archive could not be read.
     */
    public void sentIdsSince(long startMillis, Consumer<Set<String>> done) {
        Set<String> ids = new HashSet<>();
        fetchSince(startMillis, MAX_MESSAGES, (archiveId, message, stamp) -> {
            Jid sender = Jid.parseOrNull(message.attr("from"));
            if (sender != null && sender.bare().equals(connection.boundJid().bare())) {
                XmlElement originId = message.child("origin-id", ChatManager.SID_NS);
                String id = originId != null ? originId.attr("id") : message.attr("id");
                if (id != null) {
                    ids.add(id);
                }
            }
        }, complete -> done.accept(complete ? ids : null));
    }

    /**
     * Reads the own archive from {@code startMillis} on, oldest first, page by page, at most {@code max}
     * messages (rounded up to a page). {@code done} gets true when the archive answered, false if it could not
     * be read.
     */
    public void fetchSince(long startMillis, int max, ResultHandler each, Consumer<Boolean> done) {
        page(Timestamps.format(startMillis), null, 0, Math.min(max, MAX_MESSAGES), each, done);
    }

    /**
     * Reads the own archive after the message with archive id {@code afterId} (RSM, XEP-0059 2.2), oldest first, at
     * most {@code max} messages (rounded up to a page): exactly what came since, without a clock. {@code done} gets
     * false if the archive could not be read (an id it no longer has, for one).
     */
    public void fetchAfter(String afterId, int max, ResultHandler each, Consumer<Boolean> done) {
        page(null, afterId, 0, Math.min(max, MAX_MESSAGES), each, done);
    }

    private void page(String start, String after, int fetched, int max, ResultHandler each, Consumer<Boolean> done) {
        String queryId = connection.nextId();
        // Counted as they come: a server returns fewer per page than asked (Prosody: 50 at most by default).
        int[] got = {0};
        queries.put(queryId, (archiveId, message, stamp) -> {
            got[0]++;
            each.onResult(archiveId, message, stamp);
        });
        connection.sendIq(Mam.query(queryId, start, after, PAGE), null, result -> {
            queries.remove(queryId);
            XmlElement fin = result.child("fin", Mam.NS);
            if (!"result".equals(result.attr("type")) || fin == null) {
                done.accept(false);
                return;
            }
            XmlElement set = fin.child("set", Mam.RSM);
            String last = set == null ? null : set.childText("last", Mam.RSM);
            boolean complete = "true".equals(fin.attr("complete")) || last == null;
            int total = fetched + got[0];
            if (complete || got[0] == 0 || total >= max) {
                done.accept(true);
            } else {
                page(start, last, total, max, each, done);
            }
        });
    }

    /** The end of a {@link #fetchLatestSince} read. */
    public interface SpanDone {
        /**
         * @param ok     whether the archive answered
         * @param capped whether more messages since the start were left unread than {@code max} allowed (the
         *               oldest of them)
         */
        void done(boolean ok, boolean capped);
    }

    /**
     * Reads the own archive since {@code startMillis}, newest first, at most {@code max} messages (rounded up to a
     * page), and hands them to {@code each} oldest first once all are read: after a long absence the newest are the
     * ones to have, and a cap leaves out the oldest (there to be scrolled back to), never the messages just before
     * the live ones. Only messages that {@code counts} accepts count towards {@code max} (a busy archive holds a
     * receipt or a marker for many a message); the others are handed over too. Nothing is handed over if the
     * archive could not be read to the end.
     */
    public void fetchLatestSince(long startMillis, int max, java.util.function.Predicate<XmlElement> counts,
            ResultHandler each, SpanDone done) {
        latestPage(Timestamps.format(startMillis), "", new java.util.ArrayList<>(), 0, 0, Math.min(max, MAX_MESSAGES),
                counts, each, done);
    }

    /** One archived message as a query returned it, kept until a newest-first read can hand them over in order. */
    private static final class Archived {
        final String archiveId;
        final XmlElement message;
        final long stamp;

        Archived(String archiveId, XmlElement message, long stamp) {
            this.archiveId = archiveId;
            this.message = message;
            this.stamp = stamp;
        }
    }

    /**
     * @param fetched  messages read so far that count towards {@code max}
     * @param stanzas  stanzas read so far, of any kind (held in memory until the end)
     */
    private void latestPage(String start, String before, java.util.List<java.util.List<Archived>> pages, int fetched,
            int stanzas, int max, java.util.function.Predicate<XmlElement> counts, ResultHandler each, SpanDone done) {
        String queryId = connection.nextId();
        java.util.List<Archived> page = new java.util.ArrayList<>();
        queries.put(queryId, (archiveId, message, stamp) -> page.add(new Archived(archiveId, message, stamp)));
        connection.sendIq(Mam.query(queryId, start, null, before, PAGE), null, result -> {
            queries.remove(queryId);
            XmlElement fin = result.child("fin", Mam.NS);
            if (!"result".equals(result.attr("type")) || fin == null) {
                done.done(false, false);
                return;
            }
            pages.add(page);
            XmlElement set = fin.child("set", Mam.RSM);
            String first = set == null ? null : set.childText("first", Mam.RSM);
            boolean complete = "true".equals(fin.attr("complete")) || first == null || page.isEmpty();
            int total = fetched;
            for (Archived a : page) {
                if (counts.test(a.message)) {
                    total++;
                }
            }
            int held = stanzas + page.size();
            if (held >= MAX_MESSAGES) {
                total = max; // never more than this in memory, whatever they hold
            }
            if (complete || total >= max) {
                for (int p = pages.size() - 1; p >= 0; p--) { // the pages came newest first, each in order
                    for (Archived a : pages.get(p)) {
                        each.onResult(a.archiveId, a.message, a.stamp);
                    }
                }
                done.done(true, !complete);
            } else {
                latestPage(start, first, pages, total, held, max, counts, each, done);
            }
        });
    }

    /** The answer to a {@link #history} query. */
    public interface PageDone {
        /**
         * @param ok       whether the archive answered
         * @param complete whether the page reached the start of the conversation (nothing older is left)
         * @param first    the archive id of the page's oldest message, for the next page (null if none)
         */
        void done(boolean ok, boolean complete, String first);
    }

    /**
     * Reads a page of at most {@code max} messages of the conversation with {@code with}, oldest first: the page
     * before the archive id {@code beforeId}, or (beforeId null) the latest up to {@code endMillis} (0: up to now).
     */
    public void history(Jid with, long endMillis, String beforeId, int max, ResultHandler each, PageDone done) {
        String queryId = connection.nextId();
        queries.put(queryId, each);
        connection.sendIq(Mam.history(queryId, with.toString(), beforeId == null && endMillis > 0
                ? Timestamps.format(endMillis) : null, beforeId, max), null, result -> {
                    queries.remove(queryId);
                    XmlElement fin = result.child("fin", Mam.NS);
                    if (!"result".equals(result.attr("type")) || fin == null) {
                        done.done(false, false, null);
                        return;
                    }
                    XmlElement set = fin.child("set", Mam.RSM);
                    String first = set == null ? null : set.childText("first", Mam.RSM);
                    done.done(true, "true".equals(fin.attr("complete")) || first == null, first);
                });
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
        ResultHandler handler = queries.get(result.attr("queryid"));
        if (handler == null) {
            return true; // not a query of ours, or one that has ended
        }
        XmlElement message = Mam.forwardedMessage(result);
        if (message == null) {
            return true;
        }
        XmlElement fwd = result.child("forwarded", Mam.FORWARD);
        XmlElement delay = fwd.child("delay", "urn:xmpp:delay");
        long stamp = delay == null ? -1 : Timestamps.parse(delay.attr("stamp"), -1);
        handler.onResult(result.attr("id"), message, stamp);
        return true;
    }
}
