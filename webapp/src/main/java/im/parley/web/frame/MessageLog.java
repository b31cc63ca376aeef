package im.parley.web.frame;

import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.teavm.jso.JSObject;

/**
 * The messages of one conversation, windowed: at most {@link #MAX_RENDERED} items are in the document; the others
 * wait, detached, above ({@code older}) or below ({@code newer}) the window, and come back a chunk at a time as the
 * reader scrolls towards them. Detached items cost no style, layout or paint, so a conversation scrolled back
 * through thousands of messages stays as quick as a short one. A detached item is not kept as elements either,
 * unless something changed it since it was made (an edit, a reaction, a receipt): it is made again from its message
 * when it comes back, so a page holding 100,000 messages does not hold 100,000 element trees for the garbage
 * collector to trace. Items are found through one id index.
 */
final class MessageLog {
    /** Most items in the document at once, and how many come back (or go) at a time. */
    static final int MAX_RENDERED = 300;
    static final int CHUNK = 100;
    /** How close to an end (in pixels) the reader must scroll for the next chunk. */
    static final int EDGE = 200;

    private static final class Entry {
        final String id;
        final double ts;
        /** Arrived in this page's session (not read from the history the cache or archive kept). */
        final boolean live;
        /** Makes the item from its message. */
        private final Supplier<JSObject> make;
        /** The item's elements: in the window, or changed since they were made; else null. */
        private JSObject li;
        /** Changed since it was made: its elements are the only record of that, and stay. */
        private boolean changed;

        Entry(String id, Supplier<JSObject> make, double ts, boolean live) {
            this.id = id;
            this.make = make;
            this.ts = ts;
            this.live = live;
        }

        JSObject li() {
            if (li == null) {
                li = make.get();
            }
            return li;
        }

        /** Out of the document; its elements go unless they hold a change. */
        void detach() {
            Dom.remove(li);
            if (!changed) {
                li = null;
            }
        }
    }

    final JSObject list;
    private final Map<String, Entry> byId = new HashMap<>();
    /**
     * Detached items: those before the window, oldest first, and those after it, newest first (so that either list
     * grows and shrinks at its end next to the window, whatever its length).
     */
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

    /**
     * The item of a message, in the window or detached (made again if it had gone), to be read or changed; null if
     * unknown.
     */
    JSObject item(String id) {
        Entry e = byId.get(id);
        if (e == null) {
            return null;
        }
        e.changed = true; // (read only, perhaps: kept all the same)
        return e.li();
    }

    /** Whether the item is in the document (in the window). */
    boolean isShown(String id) {
        Entry e = byId.get(id);
        return e != null && shown.contains(e);
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
     * Adds messages that arrived together (a burst, a catch-up, a warm start's history) in time order: into the
     * window, or among the detached ones if their time falls outside it; then the window keeps to its size, shedding
     * at the end the reader is not at, with one trim for all of them. {@code live}: they arrived in this session;
     * else they come from the kept history (the cache) and go, within their second, before the messages that arrived
     * in this session, which they preceded (archive stamps are whole seconds, so the second is all that compares).
     * {@code stick}: the reader follows the newest and the caller scrolls to the bottom before the next paint; then
     * nothing here reads the layout (which would compute it once per batch).
     */
    void insertAll(List<String> ids, List<Supplier<JSObject>> items, List<Double> times, boolean stick,
            boolean live) {
        if (ids.isEmpty()) {
            return;
        }
        boolean atBottom = stick || Dom.nearBottom(list);
        double distance = atBottom && !stick ? Dom.fromBottom(list) : 0;
        // Placed in the lists first; only those still in the window once it is trimmed are made into elements
        // (a burst of hundreds at the bottom makes the newest, not hundreds to drop at once).
        java.util.Set<Entry> fresh = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < ids.size(); i++) {
            Entry e = new Entry(ids.get(i), items.get(i), times.get(i), live);
            byId.put(e.id, e);
            if (!newer.isEmpty() && e.ts >= newer.get(newer.size() - 1).ts) {
                newer.add(positionNewestFirst(newer, e), e);
            } else if (!older.isEmpty() && !shown.isEmpty() && e.ts < shown.get(0).ts) {
                older.add(position(older, e), e);
            } else {
                shown.add(position(shown, e), e);
                fresh.add(e);
            }
        }
        boolean shed = shown.size() > MAX_RENDERED;
        while (shown.size() > MAX_RENDERED - CHUNK && shed) {
            Entry e = atBottom ? shown.remove(0) : shown.remove(shown.size() - 1);
            if (!fresh.remove(e)) {
                e.detach();
            }
            if (atBottom) {
                older.add(e);
            } else {
                newer.add(e);
            }
        }
        JSObject next = null; // the element of the entry after, once in the document
        for (int i = shown.size() - 1; i >= 0; i--) {
            Entry e = shown.get(i);
            if (fresh.contains(e)) {
                if (next == null) {
                    Dom.append(list, e.li());
                } else {
                    Dom.insertBefore(list, e.li(), next);
                }
            }
            next = e.li();
        }
        if (shed && atBottom && !stick) {
            Dom.restoreFromBottom(list, distance);
        }
        render();
    }

    /** A page of older messages (oldest first) that precede everything here: on top, the reading place kept. */
    void prependOlder(List<String> ids, List<Supplier<JSObject>> items, List<Double> times) {
        if (!older.isEmpty()) {
            List<Entry> page = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Entry e = new Entry(ids.get(i), items.get(i), times.get(i), false);
                byId.put(e.id, e);
                page.add(e);
            }
            older.addAll(0, page);
            render();
            return;
        }
        boolean atBottom = Dom.nearBottom(list);
        double distance = Dom.fromBottom(list);
        for (int i = items.size() - 1; i >= 0; i--) {
            Entry e = new Entry(ids.get(i), items.get(i), times.get(i), false);
            byId.put(e.id, e);
            putOnTop(e);
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
                Entry e = newer.remove(newer.size() - 1);
                Dom.append(list, e.li());
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

    /** Puts an item at the top of the window (above the "new messages" line, if that stands over the first). */
    private void putOnTop(Entry e) {
        if (shown.isEmpty()) {
            Dom.append(list, e.li());
        } else {
            JSObject top = shown.get(0).li();
            JSObject separator = Dom.previousWithClass(top, "p-unread-separator");
            Dom.insertBefore(list, e.li(), separator != null ? separator : top);
        }
        shown.add(0, e);
    }

    /** Back to the newest messages (the user wrote one, or asked to): the window is the last items again. */
    void toLatest() {
        if (!newer.isEmpty()) {
            for (int i = newer.size() - 1; i >= 0; i--) {
                Entry e = newer.get(i);
                Dom.append(list, e.li());
                shown.add(e);
            }
            newer.clear();
            trim(true);
        }
        Dom.scrollToBottom(list);
    }

    /**
     * Keeps the window to its size: sheds the oldest when the reader is at the bottom, else the newest, down to a
     * chunk below the limit, with one look at the layout however many go.
     */
    private void trim(boolean atBottom) {
        if (shown.size() > MAX_RENDERED) {
            if (atBottom) {
                double distance = Dom.fromBottom(list);
                while (shown.size() > MAX_RENDERED - CHUNK) {
                    Entry e = shown.remove(0);
                    e.detach();
                    older.add(e);
                }
                Dom.restoreFromBottom(list, distance);
            } else {
                while (shown.size() > MAX_RENDERED - CHUNK) {
                    Entry e = shown.remove(shown.size() - 1);
                    e.detach();
                    newer.add(e);
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

    /** {@link #position} in a list kept newest first. */
    private static int positionNewestFirst(List<Entry> entries, Entry e) {
        double second = Math.floor(e.ts / 1000);
        int i = 0;
        while (i < entries.size() && Math.floor(entries.get(i).ts / 1000) > second) {
            i++;
        }
        while (!e.live && i < entries.size() && entries.get(i).live
                && Math.floor(entries.get(i).ts / 1000) == second) {
            i++;
        }
        return i;
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
