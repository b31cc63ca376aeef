package im.parley.chat;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One-to-one messages of type "chat" (RFC 6121 section 5). Messages from JIDs outside the roster are delivered
 * only when {@code allowNonRoster} says so (Converse's {@code allow_non_roster_messaging}).
 */
public final class ChatManager implements StanzaHandler {
    /** Largest body accepted from the network or the UI, in UTF-16 units. */
    public static final int MAX_BODY = 100_000;

    public interface Listener {
        void onMessage(ChatMessage message);
    }

    /**
     * Corrections (XEP-0308; {@code body} is the new text) and retractions (XEP-0424; {@code body} is null) of the
     * message {@code id} in the conversation with {@code peer}, by the peer ({@code outgoing} false) or by this
     * account from any device (true). Whether that message is really theirs is for the receiver to check.
     */
    public interface Edits {
        void onEdit(String peer, String id, String body, boolean outgoing);
    }

    private Edits edits = (peer, id, body, outgoing) -> { };

    /** Reactions (XEP-0444): the reactor's whole set for message {@code id} in the conversation with {@code peer}. */
    public interface ReactionsListener {
        void onReactions(String peer, String id, boolean fromMe, java.util.List<String> reactions);
    }

    private ReactionsListener reactions = (peer, id, fromMe, list) -> { };

    public void onReactions(ReactionsListener l) {
        this.reactions = l;
    }

    /** A message that is not text for the conversation: a retraction or reactions. */
    private static boolean special(XmlElement m) {
        return im.parley.retraction.Retraction.target(m) != null || im.parley.reactions.Reactions.target(m) != null;
    }

    public void onEdits(Edits e) {
        this.edits = e;
    }

    /** Hands a correction or retraction to {@link Edits}; true if the message was one. */
    private boolean edit(XmlElement m, String peer, boolean outgoing, String body) {
        String reacted = im.parley.reactions.Reactions.target(m);
        if (reacted != null) {
            reactions.onReactions(peer, reacted, outgoing, im.parley.reactions.Reactions.of(m));
            return true;
        }
        String retracted = im.parley.retraction.Retraction.target(m);
        if (retracted != null) {
            edits.onEdit(peer, retracted, null, outgoing);
            return true;
        }
        String replaced = im.parley.correction.Correction.target(m);
        if (replaced != null && body != null) {
            edits.onEdit(peer, replaced, body, outgoing);
            return true;
        }
        return false;
    }

    private final XmppConnection connection;
    private final Listener listener;
    private final Predicate<Jid> accept;
    private final LongSupplier clock;
    /**
     * Keys of recently delivered messages. When a session cannot be resumed, the server re-routes what it had
     * not seen acknowledged to the new session, including messages already shown: they are recognised here by
     * the archive's stanza-id (XEP-0359) or, failing that, by sender and id.
     */
    private final java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
    static final int SEEN_LIMIT = 10_000;

    /**
     * @param accept decides whether a message from this bare JID opens/extends a chat (roster check)
     */
    public ChatManager(XmppConnection connection, Listener listener, Predicate<Jid> accept, LongSupplier clock) {
        this.connection = connection;
        this.listener = listener;
        this.accept = accept;
        this.clock = clock;
        connection.addHandler(this);
    }

    /** XEP-0359: the sender's own id for a message, kept by servers and archives so copies can be matched. */
    public static final String SID_NS = "urn:xmpp:sid:0";
    private static final String CARBONS_NS = "urn:xmpp:carbons:2";

    /** Checks a body the user wants to send. @throws IllegalArgumentException saying what is wrong */
    public static void checkBody(String body) {
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("empty message");
        }
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("message longer than " + MAX_BODY + " characters");
        }
    }

    /** The stanza of a chat message with its id also as XEP-0359 origin-id, asking for a receipt (XEP-0184). */
    public static XmlElement stanza(Jid to, String id, String body) {
        return stanza(to, id, body, null);
    }

    /** XEP-0382: the spoiler hint of a message ("" without one), or null if it is not a spoiler. */
    public static String spoilerOf(XmlElement m) {
        XmlElement s = m.child("spoiler", SPOILER_NS);
        if (s == null) {
            return null;
        }
        String hint = s.text().trim();
        return hint.length() > 200 ? hint.substring(0, 200) : hint;
    }

    /** XEP-0066: the http(s) URL a message points to, or null (other schemes are never shown). */
    public static String oobOf(XmlElement m) {
        XmlElement x = m.child("x", OOB_NS);
        String url = x == null ? null : x.childText("url", OOB_NS);
        if (url == null) {
            return null;
        }
        url = url.trim();
        if (url.length() > 2000 || !(url.startsWith("https://") || url.startsWith("http://"))) {
            return null;
        }
        for (int i = 0; i < url.length(); i++) {
            if (url.charAt(i) <= ' ' || url.charAt(i) == '"' || url.charAt(i) == '<' || url.charAt(i) == '>') {
                return null;
            }
        }
        return url;
    }

    public static final String SPOILER_NS = "urn:xmpp:spoiler:0";
    public static final String OOB_NS = "jabber:x:oob";

    /** A chat message stanza marked as a spoiler (XEP-0382) with {@code hint} ("" for none), or plain if null. */
    public static XmlElement stanza(Jid to, String id, String body, String spoiler) {
        return stanza(to, id, body, spoiler, null);
    }

    /** The same, with an out-of-band URL (XEP-0066) if {@code oob} is not null: a shared file's link. */
    public static XmlElement stanza(Jid to, String id, String body, String spoiler, String oob) {
        XmlElement.Builder m = XmlElement.builder("message", Ns.CLIENT).attr("type", "chat").attr("to", to.toString())
                .attr("id", id).textChild("body", body)
                .child(XmlElement.builder("origin-id", SID_NS).attr("id", id))
                .child(XmlElement.builder("request", "urn:xmpp:receipts"))
                .child(im.parley.markers.Markers.markable())
                .child(XmlElement.builder("active", "http://jabber.org/protocol/chatstates"));
        if (spoiler != null) {
            m.child(XmlElement.builder("spoiler", SPOILER_NS).text(spoiler));
        }
        if (oob != null) {
            m.child(XmlElement.builder("x", OOB_NS).child(XmlElement.builder("url", OOB_NS).text(oob)));
        }
        return m.build();
    }

    /** Sends a chat message and returns it as it will appear in the conversation. */
    public ChatMessage send(Jid to, String body) {
        checkBody(body);
        String id = connection.nextId();
        connection.send(stanza(to, id, body));
        return new ChatMessage(id, to.bare().toString(), body, true, clock.getAsLong());
    }

    /** Sends a message that already has its id (from the outbox, or again after a lost session). */
    public void send(XmlElement message) {
        connection.send(message);
    }

    private String dedupKey(XmlElement stanza, Jid from, String id) {
        String archiveId = ownArchiveId(stanza);
        if (archiveId != null) {
            return "sid:" + archiveId;
        }
        return id == null || id.isEmpty() ? null : "id:" + from + "|" + id;
    }

    /** The id the own archive gave a stanza (XEP-0359 stanza-id by the own bare JID), or null. */
    private String ownArchiveId(XmlElement stanza) {
        String own = connection.boundJid().bare().toString();
        for (XmlElement sid : stanza.children("stanza-id", SID_NS)) {
            if (own.equals(sid.attr("by")) && sid.attr("id") != null) {
                return sid.attr("id");
            }
        }
        return null;
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name())) {
            return false;
        }
        String archiveId = ownArchiveId(stanza); // the server stamps it; a sender cannot (Prosody strips forged ones)
        if (archiveId != null) {
            lastArchiveId = archiveId;
        }
        if (stanza.child("received", CARBONS_NS) != null || stanza.child("sent", CARBONS_NS) != null) {
            return false; // carbons are checked and unwrapped by the carbons package
        }
        return handleIncoming(stanza);
    }

    /** The own archive's id (XEP-0359 stanza-id) of the latest message that arrived live; null if none yet. */
    public String lastArchiveId() {
        return lastArchiveId;
    }

    private String lastArchiveId;

    /** An incoming message, received directly or as a carbon of one another device received. */
    public boolean handleIncoming(XmlElement stanza) {
        String type = stanza.attr("type");
        if (!"chat".equals(type) && !(type == null || "normal".equals(type))) {
            return false;
        }
        String body = stanza.childText("body", Ns.CLIENT);
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        boolean retraction = special(stanza);
        if ((body == null && !retraction) || from == null) {
            return false;
        }
        if (body != null && body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY);
        }
        Jid bare = from.bare();
        if (bare.equals(connection.boundJid().bare()) || !accept.test(bare)) {
            return true;
        }
        if (held != null && held.size() >= HOLD_MAX) {
            release(); // a flood: order matters less than memory
        }
        if (held != null) {
            held.add(new Held(stanza, false, clock.getAsLong()));
            return true;
        }
        String id = stanza.attr("id");
        if (!firstTime(stanza, bare, id)) {
            return true;
        }
        if (edit(stanza, bare.toString(), false, body)) {
            return true;
        }
        listener.onMessage(new ChatMessage(id == null ? connection.nextId() : id, bare.toString(), body, false,
                sentAt(stanza, bare)).withExtras(spoilerOf(stanza), oobOf(stanza))
                .withLinks(ownArchiveId(stanza), null));
        return true;
    }

    /** A sender's clock may run ahead of ours by this much; a later delay stamp is taken as now. */
    static final long DELAY_SLACK_MS = 5 * 60_000;

    /**
     * When a message was sent: a delayed one (XEP-0203, e.g. kept offline by the server) carries the time in a delay
     * element, believed only if the own server or the sender's added it, and never later than now; else now.
     */
    long sentAt(XmlElement stanza, Jid sender) {
        long now = now();
        long stamp = delayStamp(stanza, sender);
        return stamp <= 0 || stamp > now + DELAY_SLACK_MS ? now : Math.min(stamp, now);
    }

    /** The stamp of a delay element (XEP-0203) the own server or the sender added, epoch ms; -1 if none. */
    private long delayStamp(XmlElement stanza, Jid sender) {
        for (XmlElement delay : stanza.children("delay", DELAY_NS)) {
            String by = delay.attr("from");
            if (by != null && (by.equals(connection.boundJid().domain()) || by.equals(sender.domain())
                    || by.equals(sender.toString()))) {
                return im.parley.util.Timestamps.parse(delay.attr("stamp"), -1);
            }
        }
        return -1;
    }

    public static final String DELAY_NS = "urn:xmpp:delay";

    /** A copy of a message another device of this account sent (XEP-0280 sent carbon). */
    public void handleSentCopy(XmlElement copy) {
        String body = copy.childText("body", Ns.CLIENT);
        Jid to = Jid.parseOrNull(copy.attr("to"));
        String type = copy.attr("type");
        boolean retraction = special(copy);
        if ((body == null && !retraction) || to == null
                || !(type == null || "chat".equals(type) || "normal".equals(type))) {
            return;
        }
        if (body != null && body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY);
        }
        if (held != null && held.size() >= HOLD_MAX) {
            release();
        }
        if (held != null) {
            held.add(new Held(copy, true, clock.getAsLong()));
            return;
        }
        String id = copy.attr("id");
        if (!firstTime(copy, connection.boundJid().bare(), id)) {
            return;
        }
        if (edit(copy, to.bare().toString(), true, body)) {
            return;
        }
        listener.onMessage(new ChatMessage(id == null ? connection.nextId() : id, to.bare().toString(), body, true,
                now()).withExtras(spoilerOf(copy), oobOf(copy)));
    }

    /**
     * A message from the own archive (XEP-0313), fetched to catch up after time offline: incoming if a contact
     * (or, with non-roster messaging, anyone) sent it, outgoing if this account sent it from any device. Its id
     * is the sender's (origin-id, else the stanza's id), as when it arrives live, so copies are recognised;
     * messages already delivered in this session (same archive id) are skipped.
     */
    public void handleArchived(String archiveId, XmlElement message, long stamp) {
        ChatMessage m = archived(archiveId, message, stamp);
        if (m != null) {
            listener.onMessage(m);
        }
    }

    /**
     * A message from the own archive as it belongs in its conversation, or null if it is not one (or was seen
     * already, or was a correction or retraction, which goes to {@link Edits}).
     */
    public ChatMessage archived(String archiveId, XmlElement message, long stamp) {
        return archived(archiveId, message, stamp, true);
    }

    /**
     * A message of a history page (scrolling back): like {@link #archived(String, XmlElement, long)}, but it is not
     * recorded as delivered, so that if the page is lost (a cut connection) the same message arriving live later is
     * still shown. (The UI shows a message once whichever way it comes.)
     */
    public ChatMessage archivedPage(String archiveId, XmlElement message, long stamp) {
        return archived(archiveId, message, stamp, false);
    }

    private ChatMessage archived(String archiveId, XmlElement message, long stamp, boolean record) {
        String[] place = placeOf(message);
        if (place == null) {
            return null;
        }
        String body = message.childText("body", Ns.CLIENT);
        if (body != null && body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY);
        }
        boolean outgoing = place[1] != null;
        String peer = place[0];
        String id = archivedId(archiveId, message);
        if (id == null) {
            id = connection.nextId();
        }
        String idKey = "id:" + (outgoing ? connection.boundJid().bare() : peer) + "|" + id;
        if (!record) {
            if ((archiveId != null && seen.contains("sid:" + archiveId)) || seen.contains(idKey)) {
                return null;
            }
        } else if (archiveId != null) {
            if (!remember("sid:" + archiveId)) {
                return null;
            }
            remember(idKey);
        } else if (!remember(idKey)) {
            return null;
        }
        if (edit(message, peer, outgoing, body)) {
            return null;
        }
        return new ChatMessage(id, peer, body, outgoing, stamp > 0 ? stamp : clock.getAsLong())
                .withExtras(spoilerOf(message), oobOf(message)).withLinks(archiveId, null);
    }

    /**
     * Where a message of the own archive belongs: {peer's bare JID, non-null if the account sent it}, or null if it
     * is not a one-to-one message of a conversation (no body and no retraction or reaction, a bad address or type,
     * a message to oneself, a stranger's when strangers are not accepted).
     */
    private String[] placeOf(XmlElement message) {
        String type = message.attr("type");
        String body = message.childText("body", Ns.CLIENT);
        Jid from = Jid.parseOrNull(message.attr("from"));
        Jid to = Jid.parseOrNull(message.attr("to"));
        if ((body == null && !special(message)) || from == null || to == null || !("chat".equals(type)
                || type == null || "normal".equals(type))) {
            return null;
        }
        Jid own = connection.boundJid().bare();
        boolean outgoing = from.bare().equals(own);
        Jid peer = outgoing ? to.bare() : from.bare();
        if (peer.equals(own) || (!outgoing && !accept.test(peer))) {
            return null;
        }
        return new String[] {peer.toString(), outgoing ? "out" : null};
    }

    /** The id an archived message has in its conversation: its origin-id, else its id, else one from the archive's. */
    private static String archivedId(String archiveId, XmlElement message) {
        XmlElement originId = message.child("origin-id", SID_NS);
        String id = originId != null && originId.attr("id") != null ? originId.attr("id") : message.attr("id");
        if (id == null || id.isEmpty()) {
            id = archiveId == null ? null : "archive:" + archiveId;
        }
        return id;
    }

    /**
     * Where a message of the own archive is shown, whether or not it was seen already: {peer's bare JID, its id in the
     * conversation}; null if it is not one a reader sees as a message of its own (a correction, retraction or
     * reaction, or not a conversation's message at all). Consecutive results of one archive read are consecutive
     * messages of their conversations: {@link ContinuityTracker} links them.
     */
    public String[] readable(String archiveId, XmlElement message) {
        String[] place = isReadable(message) ? placeOf(message) : null;
        return place == null ? null : new String[] {place[0], archivedId(archiveId, message)};
    }

    /** A message a reader sees as one of its own: it has a body and is not a correction, retraction or reaction. */
    public static boolean isReadable(XmlElement message) {
        return message.childText("body", Ns.CLIENT) != null && !special(message)
                && im.parley.correction.Correction.target(message) == null;
    }

    /** Live messages (and sent copies) held while the archive is read; null when they are delivered at once. */
    private List<Held> held;
    static final int HOLD_MAX = 5_000;

    /** A live message (or a sent copy) held back, with when it arrived: shown later, it keeps that time. */
    private static final class Held {
        final XmlElement stanza;
        final boolean sentCopy;
        final long at;

        Held(XmlElement stanza, boolean sentCopy, long at) {
            this.stanza = stanza;
            this.sentCopy = sentCopy;
            this.at = at;
        }
    }

    /** While held messages are released: when the one being delivered arrived; -1 otherwise. */
    private long arrivedAt = -1;

    /** The time of the message being delivered: now, or when a held one arrived. */
    private long now() {
        return arrivedAt >= 0 ? arrivedAt : clock.getAsLong();
    }

    /**
     * Holds live messages back from now on, while a new session reads what it missed from the archive: a message
     * arriving live must not be shown before older ones the catch-up is about to deliver. {@link #release} delivers
     * them afterwards, in the order they came, leaving out those the archive already gave.
     */
    public void hold() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** Delivers the messages held since {@link #hold} (those not delivered meanwhile) and stops holding. */
    public void release() {
        release(-1);
    }

    /**
     * As {@link #release()}, leaving out held messages that the server kept while this account was offline
     * (XEP-0203 delay) from before {@code archivedFrom} or its second: a catch-up that read only the archive's newest messages
     * (from that time on) leaves the older ones to scrolling back, and showing them now would put them after
     * newer ones. -1: none left out.
     */
    public void release(long archivedFrom) {
        List<Held> these = held;
        held = null;
        if (these == null) {
            return;
        }
        for (Held h : these) {
            if (!h.sentCopy) {
                Jid from = Jid.parseOrNull(h.stanza.attr("from"));
                long stamp = from == null ? -1 : delayStamp(h.stanza, from.bare());
                if (archivedFrom > 0 && stamp > 0 && stamp <= archivedFrom) {
                    continue;
                }
            }
            arrivedAt = h.at;
            try {
                if (h.sentCopy) {
                    handleSentCopy(h.stanza);
                } else {
                    handleIncoming(h.stanza);
                }
            } finally {
                arrivedAt = -1;
            }
        }
    }

    private boolean firstTime(XmlElement stanza, Jid from, String id) {
        String key = dedupKey(stanza, from, id);
        return key == null || remember(key);
    }

    /** Adds a key to the recently seen ones; false if it was there already. */
    private boolean remember(String key) {
        if (!seen.add(key)) {
            return false;
        }
        if (seen.size() > SEEN_LIMIT) {
            java.util.Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
