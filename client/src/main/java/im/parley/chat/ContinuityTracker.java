package im.parley.chat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which message came right before which in each conversation, where this session can be sure that no message of
 * the conversation's archive lies between them. The links ({@link ChatMessage#prev()}) let scrolling back read the
 * cache instead of the archive; where there is no link, the archive is asked.
 *
 * <p>A link is made between consecutive events of one unbroken stretch of a session: every message the account
 * exchanged then was either sent by this client or delivered to it (stream management resends what was lost on the
 * way, carbons bring what other devices sent and received), so the messages of a stretch, in the order this client
 * saw them, hold every message the archive put between the first of them and the last (two that crossed on the
 * wire may be swapped; none is missing). A stretch ends where that cannot be sure: a new session, a possible loss on
 * the way in, a message left in the outbox. A read of the archive (a catch-up) is a stretch of its own: its
 * consecutive results of a conversation are consecutive in it, whether or not they were shown before.
 */
public final class ContinuityTracker {
    /** Peer -> the id of the latest message of the current stretch. */
    private final Map<String, String> last = new HashMap<>();
    /** Peers with a live message while an archive read was under way (held ones let go early): no link after it. */
    private final Set<String> brokenInRun = new HashSet<>();
    private boolean inRun;

    /**
     * Nothing seen so far is known to be followed by what comes next (a possible loss). A read of the archive under
     * way goes on (its later results are linked among themselves).
     */
    public void reset() {
        last.clear();
    }

    /** A new session: nothing seen so far is followed by what it brings, and a read of the old one's is over. */
    public void newSession() {
        last.clear();
        brokenInRun.clear();
        inRun = false;
    }

    /** The conversation with {@code peer} has a message outside the stretch (in the outbox): what follows starts anew. */
    public void breakAt(String peer) {
        last.remove(peer);
        if (inRun) {
            brokenInRun.add(peer);
        }
    }

    /** A read of the archive starts: its results are linked among themselves, not to what came before. */
    public void beginRun() {
        newSession();
        inRun = true;
    }

    /** The read of the archive is done: what comes live now follows its last results. */
    public void endRun() {
        for (String peer : brokenInRun) {
            last.remove(peer);
        }
        brokenInRun.clear();
        inRun = false;
    }

    /**
     * A message of the conversation with {@code peer}, in the order this client saw it (received, sent, or read
     * from the archive in a catch-up): the id of the message right before it, or null if not known.
     */
    public String next(String peer, String id, boolean fromArchive) {
        if (id == null) {
            breakAt(peer);
            return null;
        }
        if (inRun && !fromArchive) {
            breakAt(peer); // a live message while the archive is read: its place among the results is not known
            return null;
        }
        String prev = last.put(peer, id);
        return id.equals(prev) ? null : prev;
    }

    /** A live or sent message with its link set (unless it has one). */
    public ChatMessage live(ChatMessage m) {
        String prev = next(m.peer(), m.id(), false);
        return prev == null || m.prev() != null ? m : m.withLinks(null, prev);
    }
}
