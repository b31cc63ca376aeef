package im.parley.web.frame;

import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The messages of one conversation, windowed: at most {@link #MAX_RENDERED} items are in the document; the others
 * wait, detached, above ({@code older}) or below ({@code newer}) the window, and come back a chunk at a time as the
 * reader scrolls towards them. Detached items cost no style, layout or paint, so a conversation scrolled back
 * through thousands of messages stays as quick as a short one. Items keep their state while detached (an edit, a
 * reaction or a receipt for a detached message changes it in place), found through one id index.
 */
final class MessageLog {
    /** Most items in the document at once, and how many come back (or go) at a time. */
    static final int MAX_RENDERED = 300;
    static final int CHUNK = 100;
    /** How close to an end (in pixels) the reader must scroll for the next chunk. */
    static final int EDGE = 200;

    private static final class Entry {
        final String id;
        final JSObject li;
        final double ts;
        /** Arrived in this page's session (not read from the history the cache or archive kept). */
        final boolean live;

        Entry(String id, JSObject li, double ts) {
            this(id, li, ts, false);
        }

        Entry(String id, JSObject li, double ts, boolean live) {
            this.id = id;
            this.li = li;
            this.ts = ts;
            this.live = live;
        }
    }

    final JSObject list;
    private final Map<String, JSObject> byId = new HashMap<>();
    /** Detached items, oldest first: those before the window and those after it. */
    private final List<Entry> older = new ArrayList<>();
    private final List<Entry> newer = new ArrayList<>();
    /** The window, oldest first (mirrors the list's children that are messages). */
    private final List<Entry> shown = new ArrayList<>();

    MessageLog(JSObject list) {
        this.list = list;
    }

    boolean has(String id) {
        return byId.containsKey(id);
    }

    /** The item of a message, in the window or detached; null if unknown. */
    JSObject item(String id) {
        return byId.get(id);
    }

    /** Whether the item is in the document (in the window). */
    boolean isShown(String id) {
        JSObject li = byId.get(id);
        if (li == null) {
            return false;
        }
        for (Entry e : shown) {
            if (e.li == li) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return byId.size();
    }

    /** Whether newer messages wait below the window (the reader is scrolled back). */
    boolean hasNewer() {
        return !newer.isEmpty();
    }

    /** Whether older messages wait above the window. */
    boolean hasOlder() {
        return !older.isEmpty();
    }

    /** The id of the oldest message known here, or null. */
    String oldestId() {
        return !older.isEmpty() ? older.get(0).id : !shown.isEmpty() ? shown.get(0).id : null;
    }

    /** The time of the oldest message known here (epoch ms), or 0. */
    double oldestTs() {
        return !older.isEmpty() ? older.get(0).ts : !shown.isEmpty() ? shown.get(0).ts : 0;
    }

    /**
     * Adds a message in time order: into the window, or among the detached ones if its time falls outside the
     * window. The window then keeps to its size, shedding at the end the reader is not at.
     */
    void insert(String id, JSObject li, double ts) {
        insert(id, li, ts, true);
    }

    /**
     * Adds a message read from the kept history (the cache): within its second, before the messages that arrived
     * in this session, which it preceded (archive stamps are whole seconds, so the second is all that compares).
     */
    void insertKnown(String id, JSObject li, double ts) {
        insert(id, li, ts, false);
    }

    private void insert(String id, JSObject li, double ts, boolean live) {
        byId.put(id, li);
        Entry e = new Entry(id, li, ts, live);
        if (!newer.isEmpty() && ts >= newer.get(0).ts) {
            newer.add(position(newer, e), e);
            render();
            return;
        }
        if (!older.isEmpty() && !shown.isEmpty() && ts < shown.get(0).ts) {
            older.add(position(older, e), e);
            render();
            return;
        }
        boolean atBottom = Dom.nearBottom(list); // before the item makes the list longer
        int at = position(shown, e);
        if (at < shown.size()) {
            Dom.insertBefore(list, li, shown.get(at).li);
        } else {
            Dom.append(list, li);
        }
        shown.add(at, e);
        // A reader at the bottom keeps following the newest; one reading further up keeps their place.
        trim(atBottom);
    }

    /** A page of older messages (oldest first) that precede everything here: on top, the reading place kept. */
    void prependOlder(List<String> ids, List<JSObject> items, List<Double> times) {
        if (!older.isEmpty()) {
            for (int i = items.size() - 1; i >= 0; i--) {
                byId.put(ids.get(i), items.get(i));
                older.add(0, new Entry(ids.get(i), items.get(i), times.get(i)));
            }
            render();
            return;
        }
        boolean atBottom = Dom.nearBottom(list);
        double distance = Dom.fromBottom(list);
        for (int i = items.size() - 1; i >= 0; i--) {
            byId.put(ids.get(i), items.get(i));
            putOnTop(new Entry(ids.get(i), items.get(i), times.get(i)));
        }
        Dom.restoreFromBottom(list, distance);
        // A reader at the newest (a chat just opened) keeps them; one who scrolled up to fetch these keeps the top.
        trim(atBottom);
    }

    /**
     * The reader scrolled: near the top, older detached items come back; near the bottom, newer ones. Returns true
     * when the reader is at the very top with nothing detached above (time to ask the archive).
     */
    boolean scrolled() {
        double top = Dom.scrollTop(list);
        if (top < EDGE && !older.isEmpty()) {
            showOlder();
            return false;
        }
        if (Dom.fromBottom(list) - Dom.clientHeight(list) < EDGE && !newer.isEmpty()) {
            // Appended below the reading place, which stays; the oldest of the window go (trim keeps the place).
            int n = Math.min(CHUNK, newer.size());
            for (int i = 0; i < n; i++) {
                Entry e = newer.remove(0);
                Dom.append(list, e.li);
                shown.add(e);
            }
            trim(true);
            return false;
        }
        return top < 24 && older.isEmpty();
    }

    /** Brings back a chunk of the detached older messages above the window; the reading place is kept. */
    void showOlder() {
        double distance = Dom.fromBottom(list);
        int n = Math.min(CHUNK, older.size());
        for (int i = 0; i < n; i++) {
            putOnTop(older.remove(older.size() - 1));
        }
        Dom.restoreFromBottom(list, distance);
        trim(false);
    }

    /** Puts an item at the top of the window. */
    private void putOnTop(Entry e) {
        if (shown.isEmpty()) {
            Dom.append(list, e.li);
        } else {
            Dom.insertBefore(list, e.li, shown.get(0).li);
        }
        shown.add(0, e);
    }

    /** Back to the newest messages (the user wrote one, or asked to): the window is the last items again. */
    void toLatest() {
        if (!newer.isEmpty()) {
            for (Entry e : newer) {
                Dom.append(list, e.li);
                shown.add(e);
            }
            newer.clear();
            trim(true);
        }
        Dom.scrollToBottom(list);
    }

    /** Keeps the window to its size: sheds the oldest when the reader is at the bottom, else the newest. */
    private void trim(boolean atBottom) {
        while (shown.size() > MAX_RENDERED) {
            if (atBottom) {
                double distance = Dom.fromBottom(list);
                for (int i = 0; i < CHUNK && shown.size() > MAX_RENDERED - CHUNK; i++) {
                    Entry e = shown.remove(0);
                    Dom.remove(e.li);
                    older.add(e);
                }
                Dom.restoreFromBottom(list, distance);
            } else {
                for (int i = 0; i < CHUNK && shown.size() > MAX_RENDERED - CHUNK; i++) {
                    Entry e = shown.remove(shown.size() - 1);
                    Dom.remove(e.li);
                    newer.add(0, e);
                }
            }
        }
        render();
    }

    /** Counts for the curious (and the tests): items in the document, and in all. */
    private void render() {
        Dom.attr(list, "data-rendered", String.valueOf(shown.size()));
        Dom.attr(list, "data-total", String.valueOf(byId.size()));
        Dom.attr(list, "data-newer", newer.isEmpty() ? null : String.valueOf(newer.size()));
    }

    /** Where an item of time {@code ts} goes: after every item of the same second or earlier. */
    private static int position(List<Entry> entries, Entry e) {
        double second = Math.floor(e.ts / 1000);
        int i = entries.size();
        while (i > 0 && Math.floor(entries.get(i - 1).ts / 1000) > second) {
            i--;
        }
        while (!e.live && i > 0 && entries.get(i - 1).live && Math.floor(entries.get(i - 1).ts / 1000) == second) {
            i--;
        }
        return i;
    }
}
