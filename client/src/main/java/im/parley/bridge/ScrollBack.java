package im.parley.bridge;

import im.parley.chat.ChatMessage;
import im.parley.core.XmppClient;
import im.parley.store.AccountCache;
import im.parley.util.Jid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrolling back in a conversation, a page at a time: from the encrypted cache while its messages are linked one
 * to the one before ({@link ChatMessage#prev()}), from the own archive (XEP-0313) where a link is missing. The
 * archive's pages are linked as they come, so a stretch read from the archive once is read from the cache after.
 */
final class ScrollBack {
    /** Where a page goes: the messages (oldest first), whether nothing is older, and whether it could be read. */
    interface Sink {
        void page(String peer, List<ChatMessage> messages, boolean complete, boolean ok);
    }

    private final int pageSize;
    /** Per conversation, the message the next page comes before (the oldest one reached so far in this login). */
    private final Map<String, String> from = new HashMap<>();
    /** Per conversation, the archive's cursor (RSM first of its last page) and the message it stands for. */
    private final Map<String, String[]> cursor = new HashMap<>();
    /** Per conversation, the messages handed to the page in this login. */
    private final Map<String, java.util.Set<String>> served = new HashMap<>();

    ScrollBack(int pageSize) {
        this.pageSize = pageSize;
    }

    /** A new login: every conversation starts again from what the page shows. */
    void reset() {
        from.clear();
        cursor.clear();
        served.clear();
    }

    /**
     * The page before the oldest message shown ({@code oldestId}, at {@code before} ms; 0 and null for a chat with
     * nothing shown yet). Offline ({@code client} null or not online), only the cache can answer.
     */
    void older(Jid peer, long before, String oldestId, AccountCache cache, XmppClient client, Sink sink) {
        String p = peer.toString();
        String start = from.containsKey(p) ? from.get(p) : oldestId;
        if (cache == null || !cache.isOpen() || start == null) {
            fromArchive(peer, before, start, null, cache, client, sink);
            return;
        }
        cache.older(p, start, pageSize, (run, err) -> {
            List<ChatMessage> fresh = run == null ? new java.util.ArrayList<>() : unserved(p, run.messages());
            if (run == null) {
                fromArchive(peer, before, start, null, cache, client, sink);
            } else if (!fresh.isEmpty() || run.reachedFirst()) {
                from.put(p, run.endId());
                sink.page(p, fresh, run.reachedFirst(), true);
            } else if (run.messages().isEmpty()) {
                fromArchive(peer, before, start, run.endArchiveId(), cache, client, sink);
            } else {
                // The links led back to what the page has (a copy of a message cached twice, say): the archive,
                // before the oldest message the page shows, goes on from there.
                from.remove(p);
                cursor.remove(p);
                fromArchive(peer, before, oldestId, null, cache, client, sink);
            }
        });
    }

    /**
     * A page from the archive before {@code start}: by its archive id when known (exact), else by the cursor of the
     * archive's previous page when that page ended at it, else by time. The page's messages are linked to each other
     * and {@code start} to the newest of them, where the query makes that certain.
     */
    private void fromArchive(Jid peer, long before, String start, String startArchiveId, AccountCache cache,
            XmppClient client, Sink sink) {
        String p = peer.toString();
        String[] c = cursor.get(p);
        boolean continues = c != null && start != null && start.equals(c[1]);
        boolean exact = continues || startArchiveId != null;
        String beforeId = continues ? c[0] : startArchiveId;
        if (client == null || !client.isOnline()) { // offline: what the cache had is all there is for now
            sink.page(p, new java.util.ArrayList<>(), false, true);
            return;
        }
        client.history(peer, before, beforeId, pageSize, (ok, page, complete, first, readable) -> {
            if (!ok && beforeId != null) {
                // An id the archive no longer has (it expired, or the archive was cleared): by time, then.
                cursor.remove(p);
                fromArchive(peer, before, start, null, cache, client, sink);
                return;
            }
            if (ok && first != null && (exact || !readable.isEmpty())) {
                // A page of receipts and markers only leaves the cursor standing for the same message.
                cursor.put(p, new String[] {first, readable.isEmpty() ? start : readable.get(0)});
            }
            if (ok && cache != null) {
                link(p, page, readable, complete, start, exact, cache);
            }
            if (cache != null) {
                cache.putOlder(page); // one batch, numbered before the cached ones
            }
            if (ok && !readable.isEmpty()) {
                from.put(p, readable.get(0));
            }
            unserved(p, page);
            sink.page(p, page, ok && complete, ok);
        });
    }

    /** The messages not handed to the page before (and now counted as handed). */
    private List<ChatMessage> unserved(String peer, List<ChatMessage> messages) {
        java.util.Set<String> ids = served.computeIfAbsent(peer, k -> new java.util.HashSet<>());
        List<ChatMessage> out = new java.util.ArrayList<>();
        for (ChatMessage m : messages) {
            if (ids.add(m.id())) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Links the consecutive messages of an archive page (shown before or not), the oldest to nothing if the page is
     * the conversation's first, and the message the page was asked before to the page's newest where that is sure.
     */
    private static void link(String peer, List<ChatMessage> page, List<String> readable, boolean complete,
            String start, boolean exact, AccountCache cache) {
        Map<String, String> prevOf = new HashMap<>();
        for (int i = 0; i < readable.size(); i++) {
            prevOf.put(readable.get(i), i > 0 ? readable.get(i - 1) : complete ? ChatMessage.FIRST : null);
        }
        if (start != null) {
            int at = readable.indexOf(start); // a page by time may hold the start itself
            if (at >= 0) {
                prevOf.put(start, at > 0 ? readable.get(at - 1) : complete ? ChatMessage.FIRST : null);
            } else if (exact) {
                prevOf.put(start, readable.isEmpty() ? (complete ? ChatMessage.FIRST : null)
                        : readable.get(readable.size() - 1));
            }
        }
        for (int i = 0; i < page.size(); i++) {
            ChatMessage m = page.get(i);
            if (prevOf.get(m.id()) != null) {
                page.set(i, m.withLinks(null, prevOf.remove(m.id())));
            }
        }
        for (Map.Entry<String, String> e : prevOf.entrySet()) {
            if (e.getValue() != null) {
                cache.link(peer, e.getKey(), e.getValue()); // shown before: linked where the cache keeps it
            }
        }
    }
}
