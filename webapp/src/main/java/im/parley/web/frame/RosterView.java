package im.parley.web.frame;

import static im.parley.web.i18n.I18n.tr;

import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.teavm.jso.JSObject;

/**
 * The contact list: grouped (Converse's {@code roster_groups}), filtered by a search box, offline contacts hidden
 * or shown ({@code hide_offline_users}), with presence, idle time, status message and unread count per contact.
 *
 * <p>The list is virtualised: every row has the same height, and only the rows in view (and a few around them)
 * exist in the DOM, so 10,000 contacts cost what 40 do. Changes (roster pushes, a burst of presence at login) are
 * coalesced into one rebuild. The arrow keys move between contacts, scrolling rows into existence.
 */
final class RosterView {
    /** Height of a row in CSS pixels; {@code .p-roster li} has the same in parley.css. */
    static final int ROW = 36;
    /** Rows rendered above and below the visible ones. */
    static final int OVERSCAN = 10;
    /** Rows rendered when the list's height is not known yet (hidden, or not laid out). */
    static final int FALLBACK_ROWS = 40;

    static final class Contact {
        final String jid;
        String name;
        List<String> groups = new ArrayList<>();
        String show; // null = offline
        String status;
        double idleSince;
        int unread;
        /** Lower case name, address and groups, for the filter. */
        String haystack;
        /** The sort key: availability rank, then the lower case name and address (kept as they change). */
        int rank = 5;
        String sortName;
        /** sortName as a JavaScript string, made once: the list is sorted by the browser (see sorted). */
        JSObject sortKey;

        Contact(String jid) {
            this.jid = jid;
            this.name = jid;
        }

        boolean online() {
            return show != null;
        }
    }

    private final Consumer<String> open;
    private final Function<String, String> avatarUrl;
    /** In the order the roster came (the worker sends it by name): the sort then finds it nearly in order. */
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    /** The rows in order: a String is a group's heading, a Contact a contact. */
    private List<Object> rows = new ArrayList<>();
    private final Set<String> collapsedGroups = new HashSet<>();
    private boolean groupsShown;
    private boolean hideOffline;
    private String filter = "";
    private boolean dirty;
    private boolean scheduled;
    private int renderedFrom = -1;
    private int renderedTo = -1;
    /** The row whose button has (or last had) the focus, for the arrow keys. */
    private int focusRow = -1;
    private int tabbable;

    final JSObject section;
    private final JSObject filterInput;
    private final JSObject offlineToggle;
    private final JSObject count;
    private final JSObject scroller;
    private final JSObject spacer;
    private final JSObject list;
    private final JSObject empty;

    RosterView(boolean groups, boolean hideOffline, Consumer<String> open, Function<String, String> avatarUrl) {
        this.groupsShown = groups;
        this.hideOffline = hideOffline;
        this.open = open;
        this.avatarUrl = avatarUrl;
        section = Dom.el("div", "p-roster-section");
        JSObject tools = Dom.el("div", "p-roster-tools");
        filterInput = Dom.el("input", "p-roster-filter");
        Dom.attr(filterInput, "type", "search");
        Dom.attr(filterInput, "aria-label", tr("Filter contacts"));
        Dom.attr(filterInput, "placeholder", tr("Filter contacts"));
        Dom.attr(filterInput, "autocomplete", "off");
        Dom.on(filterInput, "input", ev -> {
            filter = Dom.value(filterInput).trim().toLowerCase();
            changed();
        });
        Dom.on(filterInput, "keydown", ev -> {
            if ("ArrowDown".equals(Dom.key(ev))) {
                Dom.preventDefault(ev);
                focusRowAt(rowOrNone(0));
            }
        });
        JSObject offlineLabel = Dom.el("label", "p-roster-offline");
        offlineToggle = Dom.el("input", "p-roster-offline-toggle");
        Dom.attr(offlineToggle, "type", "checkbox");
        Dom.setChecked(offlineToggle, !hideOffline);
        Dom.on(offlineToggle, "change", ev -> {
            this.hideOffline = !Dom.checked(offlineToggle);
            changed();
        });
        JSObject offlineText = Dom.el("span");
        Dom.text(offlineText, tr("Show offline contacts"));
        Dom.append(offlineLabel, offlineToggle);
        Dom.append(offlineLabel, offlineText);
        Dom.append(tools, filterInput);
        Dom.append(tools, offlineLabel);
        Dom.append(section, tools);
        count = Dom.el("p", "p-roster-count");
        Dom.attr(count, "aria-live", "polite");
        Dom.append(section, count);
        scroller = Dom.el("div", "p-roster-scroller");
        Dom.attr(scroller, "data-contacts", "0");
        spacer = Dom.el("div", "p-roster-spacer");
        list = Dom.el("ul", "p-roster");
        Dom.attr(list, "aria-label", tr("Contacts"));
        Dom.append(spacer, list);
        Dom.append(scroller, spacer);
        Dom.append(section, scroller);
        empty = Dom.el("p", "p-roster-empty");
        Dom.hidden(empty, true);
        Dom.append(section, empty);
        Dom.on(scroller, "scroll", ev -> renderWindow(false));
        Dom.on(list, "keydown", this::keydown);
        Dom.on(list, "focusin", ev -> {
            JSObject t = target(ev);
            String row = t == null ? null : Dom.getAttr(t, "data-row");
            if (row != null) {
                focusRow = Integer.parseInt(row);
            }
        });
    }

    // --- the model ----------------------------------------------------------------------------------------------

    /** The whole roster: [jid, name or null, groups (List of String)] per contact. */
    void roster(List<Object[]> items) {
        rosterPart(items, false);
    }

    /** Contacts of the roster being received; those of the previous roster not in the new one go at the last part. */
    private Map<String, Contact> incoming;

    /**
     * A part of the whole roster ({@code more}: parts follow). Each part is taken in as it comes, in its own task;
     * the list is rebuilt once, after the last.
     */
    void rosterPart(List<Object[]> items, boolean more) {
        if (incoming == null) {
            incoming = new LinkedHashMap<>(Math.max(16, contacts.size() * 2));
        }
        for (Object[] item : items) {
            String jid = (String) item[0];
            Contact c = contacts.get(jid);
            if (c == null) {
                c = new Contact(jid);
            }
            c.name = item[1] == null || ((String) item[1]).isEmpty() ? jid : (String) item[1];
            c.groups = new ArrayList<>();
            if (item.length > 2 && item[2] instanceof List) {
                for (Object g : (List<?>) item[2]) {
                    if (g instanceof String && !((String) g).isEmpty() && !c.groups.contains(g)) {
                        c.groups.add((String) g);
                    }
                }
            }
            c.haystack = null;
            c.sortName = c.name.toLowerCase() + "\n" + jid;
            c.sortKey = jsString(c.sortName);
            incoming.put(jid, c);
        }
        if (more) {
            return;
        }
        // Presence may have come before the roster: what is known of a contact still in it stays.
        contacts.clear();
        contacts.putAll(incoming);
        incoming = null;
        Dom.attr(scroller, "data-contacts", String.valueOf(contacts.size()));
        changed();
    }

    /** A contact's availability (show null: offline), status message and idle time (0: not idle). */
    void presence(String jid, String show, String status, double idleSince) {
        Contact c = contacts.get(jid);
        if (c == null) {
            return; // not a contact: shown in the conversation list only
        }
        boolean reorder = (c.show == null) != (show == null) || rank(c.show) != rank(show);
        c.show = show;
        c.rank = rank(show);
        c.status = status;
        c.idleSince = idleSince;
        if (reorder) {
            changed();
        } else {
            refreshRow(c);
        }
    }

    void unread(String jid, int unread) {
        Contact c = contacts.get(jid);
        if (c != null && c.unread != unread) {
            c.unread = unread;
            refreshRow(c);
        }
    }

    /** The contact's avatar changed (see the avatar URL function). */
    void avatarChanged(String jid) {
        Contact c = contacts.get(jid);
        if (c != null) {
            refreshRow(c);
        }
    }

    Contact contact(String jid) {
        return contacts.get(jid);
    }

    String name(String jid) {
        Contact c = contacts.get(jid);
        return c == null ? jid : c.name;
    }

    int size() {
        return contacts.size();
    }

    void clear() {
        contacts.clear();
        incoming = null;
        rows = new ArrayList<>();
        Dom.setValue(filterInput, "");
        filter = "";
        Dom.attr(scroller, "data-contacts", "0");
        changed();
    }

    /** Marks the list for a rebuild, done once for all changes of this turn of the event loop. */
    private void changed() {
        if (rows.isEmpty() && !contacts.isEmpty() && contacts.size() <= 1000) {
            rebuild(); // the first roster of a page (cached or from the server) is drawn at once
            return;
        }
        // (A large one in a task of its own, after the task that took in its last part.)
        dirty = true;
        if (!scheduled) {
            scheduled = true;
            Dom.later(0, () -> {
                scheduled = false;
                if (dirty) {
                    rebuild();
                }
            });
        }
    }

    /**
     * Contacts by availability, then name (then address): the browser's own sort over one key per contact, which
     * is several times faster than a comparator in compiled Java for 10,000 contacts (the order is the same:
     * UTF-16 code units, as {@link String#compareTo}).
     */
    private static List<Contact> sorted(List<Contact> list) {
        JSObject keys = newArray();
        JSObject ranks = newArray();
        for (Contact c : list) {
            push(keys, ranks, c.sortKey, c.rank);
        }
        JSObject order = sortedIndexes(keys, ranks);
        List<Contact> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get(indexAt(order, i)));
        }
        return out;
    }

    @org.teavm.jso.JSBody(script = "return [];")
    private static native JSObject newArray();

    @org.teavm.jso.JSBody(params = {"keys", "ranks", "key", "rank"}, script = "keys.push(key); ranks.push(rank);")
    private static native void push(JSObject keys, JSObject ranks, JSObject key, int rank);

    @org.teavm.jso.JSBody(params = "s", script = "return s;")
    private static native JSObject jsString(String s);

    @org.teavm.jso.JSBody(params = {"array", "index"}, script = "return array[index];")
    private static native int indexAt(JSObject array, int index);

    /** The indexes of the entries in the order of rank, then key (ties in their original order). */
    @org.teavm.jso.JSBody(params = {"keys", "ranks"}, script = "var all = keys, rankOf = ranks;"
            + "var order = new Array(all.length), idx;"
            + "for (idx = 0; idx < all.length; idx++) order[idx] = idx;"
            // (the comparator names locals, not the parameters, which TeaVM renames at the top level only)
            + "order.sort(function(x, y) { var ra = rankOf[x], rb = rankOf[y]; if (ra !== rb) return ra - rb;"
            + "  var a = all[x], b = all[y]; return a < b ? -1 : a > b ? 1 : x - y; });"
            + "return order;")
    private static native JSObject sortedIndexes(JSObject keys, JSObject ranks);

    /** Builds the rows from the contacts (sorted by group, then availability, then name) and renders the window. */
    void rebuild() {
        dirty = false;
        List<Contact> shown = new ArrayList<>();
        boolean anyGroup = false;
        for (Contact c : contacts.values()) {
            anyGroup |= !c.groups.isEmpty();
            if ((hideOffline && !c.online() && c.unread == 0) || !matches(c)) {
                continue;
            }
            shown.add(c);
        }
        anyGroup &= groupsShown;
        shown = sorted(shown);
        List<Object> out = new ArrayList<>();
        if (anyGroup) {
            // Each group once, in order of name; a contact in two groups is listed under both (like Converse).
            Map<String, List<Contact>> byGroup = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            List<Contact> ungrouped = new ArrayList<>();
            for (Contact c : shown) {
                if (c.groups.isEmpty()) {
                    ungrouped.add(c);
                }
                for (String g : c.groups) {
                    byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(c);
                }
            }
            for (Map.Entry<String, List<Contact>> e : byGroup.entrySet()) {
                addGroup(out, e.getKey(), e.getValue());
            }
            if (!ungrouped.isEmpty()) {
                addGroup(out, UNGROUPED, ungrouped);
            }
        } else {
            out.addAll(shown);
        }
        rows = out;
        Dom.style(spacer, "height", (rows.size() * ROW) + "px");
        Dom.attr(list, "aria-rowcount", null);
        Dom.text(count, contacts.isEmpty() ? "" : shown.size() == contacts.size() ? ""
                : tr("{0} of {1} contacts shown", shown.size(), contacts.size()));
        Dom.hidden(empty, !rows.isEmpty() || contacts.isEmpty());
        Dom.text(empty, filter.isEmpty() ? tr("No contact is online.") : tr("No contact matches the filter."));
        renderWindow(true);
    }

    /** The heading of contacts without a group; a group the user names so is shown under it too. */
    static final String UNGROUPED = "\u0000ungrouped";

    private void addGroup(List<Object> out, String group, List<Contact> members) {
        out.add(group);
        if (!collapsedGroups.contains(group) || !filter.isEmpty()) {
            out.addAll(members);
        }
    }

    private boolean matches(Contact c) {
        if (filter.isEmpty()) {
            return true;
        }
        if (c.haystack == null) {
            StringBuilder sb = new StringBuilder(c.name.toLowerCase()).append('\n').append(c.jid.toLowerCase());
            for (String g : c.groups) {
                sb.append('\n').append(g.toLowerCase());
            }
            c.haystack = sb.toString();
        }
        return c.haystack.contains(filter);
    }

    /** Offline (5) after every kind of available (PresenceManager's order). */
    private static int rank(String show) {
        return show == null ? 5 : im.parley.presence.PresenceManager.rank(show);
    }

    // --- the window -------------------------------------------------------------------------------------------

    /** Renders the rows in view; {@code force} re-renders even when the window did not move (the rows changed). */
    private void renderWindow(boolean force) {
        double height = Dom.clientHeight(scroller);
        int visible = height <= 0 ? FALLBACK_ROWS : (int) Math.ceil(height / ROW);
        int first = (int) Math.floor(Dom.scrollTop(scroller) / ROW);
        int from = Math.max(0, first - OVERSCAN);
        int to = Math.min(rows.size(), first + visible + OVERSCAN);
        if (!force && from == renderedFrom && to == renderedTo) {
            return;
        }
        renderedFrom = from;
        renderedTo = to;
        boolean hadFocus = focusRow >= 0 && listHasFocus(list);
        // One row is reachable with Tab (a roving tabindex): the focused one if in view, else the first in view.
        tabbable = focusRow >= from && focusRow < to ? focusRow : from;
        Dom.clear(list);
        Dom.style(list, "transform", "translateY(" + (from * ROW) + "px)");
        for (int i = from; i < to; i++) {
            Object row = rows.get(i);
            JSObject li = Dom.el("li", row instanceof String ? "p-group" : "p-contact");
            Dom.attr(li, "aria-setsize", String.valueOf(rows.size()));
            Dom.attr(li, "aria-posinset", String.valueOf(i + 1));
            if (row instanceof String) {
                renderGroup(li, (String) row, i);
            } else {
                renderContact(li, (Contact) row, i);
            }
            Dom.append(list, li);
        }
        if (hadFocus && focusRow >= from && focusRow < to) {
            JSObject b = Dom.query(list, "[data-row='" + focusRow + "']");
            if (b != null) {
                Dom.focus(b);
            }
        }
    }

    private void renderGroup(JSObject li, String group, int index) {
        boolean collapsed = collapsedGroups.contains(group) && filter.isEmpty();
        JSObject b = Dom.el("button", "p-group-button");
        Dom.attr(b, "type", "button");
        Dom.attr(b, "data-row", String.valueOf(index));
        Dom.attr(b, "data-group", group.equals(UNGROUPED) ? "" : group);
        Dom.attr(b, "aria-expanded", collapsed ? "false" : "true");
        Dom.attr(b, "tabindex", index == tabbable ? "0" : "-1");
        Dom.text(b, group.equals(UNGROUPED) ? tr("Ungrouped") : group);
        Dom.on(b, "click", ev -> {
            if (!collapsedGroups.remove(group)) {
                collapsedGroups.add(group);
            }
            rebuild();
        });
        Dom.append(li, b);
    }

    private void renderContact(JSObject li, Contact c, int index) {
        JSObject b = Dom.el("button", "p-contact-button");
        Dom.attr(b, "type", "button");
        Dom.attr(b, "data-jid", c.jid);
        Dom.attr(b, "data-row", String.valueOf(index));
        Dom.attr(b, "tabindex", index == tabbable ? "0" : "-1");
        fillContact(b, c);
        Dom.on(b, "click", ev -> open.accept(c.jid));
        Dom.append(li, b);
    }

    private void fillContact(JSObject b, Contact c) {
        Dom.clear(b);
        String url = avatarUrl.apply(c.jid);
        if (url != null) {
            JSObject img = Dom.el("img", "p-avatar");
            Dom.attr(img, "alt", "");
            Dom.attr(img, "src", url);
            Dom.append(b, img);
        }
        JSObject dot = Dom.el("span", "p-presence");
        Dom.attr(dot, "aria-hidden", "true");
        String state = stateName(c.show);
        Dom.attr(dot, "data-show", state);
        JSObject text = Dom.el("span", "p-contact-text");
        JSObject name = Dom.el("span", "p-contact-name");
        Dom.text(name, c.name);
        JSObject second = Dom.el("span", "p-contact-jid");
        String detail = detail(c);
        Dom.text(second, detail == null ? c.jid : detail);
        if (detail != null) {
            Dom.attr(second, "class", "p-contact-jid p-contact-status");
        }
        Dom.append(text, name);
        Dom.append(text, second);
        Dom.append(b, dot);
        Dom.append(b, text);
        if (c.unread > 0) {
            JSObject badge = Dom.el("span", "p-unread");
            Dom.text(badge, String.valueOf(c.unread));
            Dom.append(b, badge);
        }
        StringBuilder label = new StringBuilder(c.name).append(", ").append(stateLabel(c.show));
        if (detail != null) {
            label.append(", ").append(detail);
        }
        if (c.unread > 0) {
            label.append(", ").append(im.parley.web.i18n.I18n.plural("{0} unread message", "{0} unread messages",
                    c.unread));
        }
        Dom.attr(b, "aria-label", label.toString());
        Dom.attr(b, "title", c.jid);
        Dom.attr(b, "data-show", state);
        Dom.attr(b, "data-idle", c.idleSince > 0 ? "true" : null);
    }

    /** The status message, or how long the contact has been idle (XEP-0319), or null. */
    private static String detail(Contact c) {
        if (c.show != null && c.idleSince > 0) {
            String since = tr("idle since {0}", Dom.time(c.idleSince));
            return c.status == null || c.status.isEmpty() ? since : c.status + " · " + since;
        }
        return c.status == null || c.status.isEmpty() || c.show == null ? null : c.status;
    }

    static String stateName(String show) {
        return show == null ? "offline" : show.isEmpty() ? "online" : show;
    }

    static String stateLabel(String show) {
        switch (stateName(show)) {
            case "online": return tr("online");
            case "chat": return tr("free to chat");
            case "away": return tr("away");
            case "xa": return tr("extended away");
            case "dnd": return tr("do not disturb");
            default: return tr("offline");
        }
    }

    /** Redraws one contact's rendered rows in place (it may be listed under several groups). */
    private void refreshRow(Contact c) {
        if (dirty) {
            return;
        }
        for (int i = Math.max(renderedFrom, 0); i < renderedTo && i < rows.size(); i++) {
            if (rows.get(i) == c) {
                JSObject b = Dom.query(list, "[data-row='" + i + "']");
                if (b != null) {
                    fillContact(b, c);
                }
            }
        }
    }

    // --- the keyboard -----------------------------------------------------------------------------------------

    private void keydown(JSObject ev) {
        String key = Dom.key(ev);
        int step = "ArrowDown".equals(key) ? 1 : "ArrowUp".equals(key) ? -1 : 0;
        if (step == 0 && ("Home".equals(key) || "End".equals(key))) {
            Dom.preventDefault(ev);
            focusRowAt(rowOrNone("Home".equals(key) ? 0 : rows.size() - 1));
            return;
        }
        if (step == 0 || focusRow < 0) {
            return;
        }
        Dom.preventDefault(ev);
        int next = focusRow + step;
        if (next >= 0 && next < rows.size()) {
            focusRowAt(next);
        } else if (next < 0) {
            Dom.focus(filterInput);
        }
    }

    /** Row {@code i} if there is one, else -1. */
    private int rowOrNone(int i) {
        return i >= 0 && i < rows.size() ? i : -1;
    }

    /** Scrolls row {@code index} into view, renders it, and focuses its button. */
    private void focusRowAt(int index) {
        if (index < 0 || index >= rows.size()) {
            return;
        }
        focusRow = index;
        double top = index * ROW;
        double height = Dom.clientHeight(scroller);
        if (top < Dom.scrollTop(scroller)) {
            Dom.setScrollTop(scroller, top);
        } else if (height > 0 && top + ROW > Dom.scrollTop(scroller) + height) {
            Dom.setScrollTop(scroller, top + ROW - height);
        }
        renderWindow(true);
        JSObject b = Dom.query(list, "[data-row='" + index + "']");
        if (b != null) {
            Dom.focus(b);
        }
    }

    @org.teavm.jso.JSBody(params = "ev", script = "return ev.target && ev.target.closest ? ev.target.closest('[data-row]') : null;")
    private static native JSObject target(JSObject ev);

    @org.teavm.jso.JSBody(params = "e", script = "return e.contains(document.activeElement);")
    private static native boolean listHasFocus(JSObject e);
}
