package im.parley.web.dom;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * The few DOM operations the Parley UI needs, as thin JSO bindings. Text from the network goes only through
 * {@link #text}, which sets {@code textContent}: nothing here parses HTML.
 */
public final class Dom {
    private Dom() {
    }

    @JSFunctor
    public interface Handler extends JSObject {
        void handle(JSObject event);
    }

    @JSFunctor
    public interface StringHandler extends JSObject {
        void handle(String value);
    }

    @JSBody(params = "tag", script = "return document.createElement(tag);")
    public static native JSObject el(String tag);

    public static JSObject el(String tag, String className) {
        JSObject e = el(tag);
        attr(e, "class", className);
        return e;
    }

    @JSBody(params = "id", script = "return document.getElementById(id);")
    public static native JSObject byId(String id);

    @JSBody(params = {"root", "selector"}, script = "return root.querySelector(selector);")
    public static native JSObject query(JSObject root, String selector);

    @JSBody(params = {"e", "s"}, script = "e.textContent = s;")
    public static native void text(JSObject e, String s);

    @JSBody(params = {"e", "name", "value"}, script = "if (value === null) e.removeAttribute(name); else e.setAttribute(name, value);")
    public static native void attr(JSObject e, String name, String value);

    @JSBody(params = {"e", "name"}, script = "return e.getAttribute(name);")
    public static native String getAttr(JSObject e, String name);

    /** Appends a text node (never markup). */
    @JSBody(params = {"parent", "s"}, script = "parent.appendChild(document.createTextNode(s));")
    public static native void appendText(JSObject parent, String s);

    @JSBody(params = {"parent", "child"}, script = "parent.appendChild(child);")
    public static native void append(JSObject parent, JSObject child);

    @JSBody(params = {"parent", "child"}, script = "parent.insertBefore(child, parent.firstChild);")
    public static native void prepend(JSObject parent, JSObject child);

    /**
     * Inserts {@code child} after the last child of {@code parent} whose numeric attribute {@code name} (epoch
     * milliseconds), taken to the second, is not later than {@code value}'s second: children stay in time order,
     * and within one second in arrival order (archives such as Prosody's stamp messages to the second only).
     * Scans from the end, where new items usually belong.
     */
    @JSBody(params = {"parent", "child", "name", "value"}, script = "var node = parent.lastElementChild;"
            + "var second = Math.floor(value / 1000);"
            + "while (node && Math.floor(Number(node.getAttribute(name)) / 1000) > second)"
            + "  node = node.previousElementSibling;"
            + "parent.insertBefore(child, node ? node.nextSibling : parent.firstChild);")
    public static native void insertOrdered(JSObject parent, JSObject child, String name, double value);

    /** The last element under {@code root} matching {@code selector}, in document order, or null. */
    @JSBody(params = {"root", "selector"}, script = "var all = root.querySelectorAll(selector);"
            + "return all.length ? all[all.length - 1] : null;")
    public static native JSObject last(JSObject root, String selector);

    @JSBody(params = "e", script = "return e.scrollTop;")
    public static native double scrollTop(JSObject e);

    /** Distance from the scroll position to the bottom, to restore after content is added above. */
    @JSBody(params = "e", script = "return e.scrollHeight - e.scrollTop;")
    public static native double fromBottom(JSObject e);

    @JSBody(params = {"e", "distance"}, script = "e.scrollTop = e.scrollHeight - distance;")
    public static native void restoreFromBottom(JSObject e, double distance);

    @JSBody(params = {"parent", "child", "before"}, script = "parent.insertBefore(child, before);")
    public static native void insertBefore(JSObject parent, JSObject child, JSObject before);

    @JSBody(params = "e", script = "e.scrollIntoView({block: 'center'});")
    public static native void scrollIntoView(JSObject e);

    @JSBody(params = "e", script = "e.remove();")
    public static native void remove(JSObject e);

    @JSBody(params = "e", script = "e.replaceChildren();")
    public static native void clear(JSObject e);

    @JSBody(params = {"e", "type", "h"}, script = "e.addEventListener(type, function(ev) { h(ev); });")
    public static native void on(JSObject e, String type, Handler h);

    @JSBody(params = "ev", script = "ev.preventDefault();")
    public static native void preventDefault(JSObject ev);

    @JSBody(params = "ev", script = "return String(ev.key || '');")
    public static native String key(JSObject ev);

    @JSBody(params = "ev", script = "return !!ev.shiftKey;")
    public static native boolean shiftKey(JSObject ev);

    @JSBody(params = "e", script = "return String(e.value);")
    public static native String value(JSObject e);

    @JSBody(params = {"e", "v"}, script = "e.value = v;")
    public static native void setValue(JSObject e, String v);

    @JSBody(params = "e", script = "e.focus();")
    public static native void focus(JSObject e);

    @JSBody(params = {"e", "hidden"}, script = "e.hidden = hidden;")
    public static native void hidden(JSObject e, boolean hidden);

    @JSBody(params = "e", script = "return !!e.hidden;")
    public static native boolean isHidden(JSObject e);

    @JSBody(params = {"e", "disabled"}, script = "e.disabled = disabled;")
    public static native void disabled(JSObject e, boolean disabled);

    @JSBody(params = "e", script = "e.scrollTop = e.scrollHeight;")
    public static native void scrollToBottom(JSObject e);

    @JSBody(params = "e", script = "return e.scrollHeight - e.scrollTop - e.clientHeight < 40;")
    public static native boolean nearBottom(JSObject e);

    @JSBody(params = {"e", "name", "on"}, script = "e.classList.toggle(name, on);")
    public static native void toggleClass(JSObject e, String name, boolean on);

    @JSFunctor
    public interface Task extends JSObject {
        void run();
    }

    @JSBody(params = {"ms", "task"}, script = "setTimeout(function() { task(); }, ms);")
    public static native void later(int ms, Task task);

    /** The element right before {@code e} if it has class {@code name}, else null. */
    @JSBody(params = {"e", "name"}, script = "var p = e.previousElementSibling;"
            + "return p && p.classList.contains(name) ? p : null;")
    public static native JSObject previousWithClass(JSObject e, String name);

    /** Runs {@code task} before the next paint (when the page is shown): layout is computed there anyway. */
    @JSBody(params = "task", script = "requestAnimationFrame(function() { task(); });")
    public static native void beforePaint(Task task);

    @JSBody(params = "ms", script = "var date = new Date(ms); var hours = date.getHours(), mins = date.getMinutes();"
            + "return (hours < 10 ? '0' : '') + hours + ':' + (mins < 10 ? '0' : '') + mins;")
    public static native String time(double ms);

    @JSBody(params = "s", script = "console.error(s);")
    public static native void consoleError(String s);

    @JSBody(params = "s", script = "console.info(s);")
    public static native void consoleInfo(String s);

    @JSBody(params = "s", script = "document.title = s;")
    public static native void title(String s);

    /** Sets one CSS property through the CSSOM (allowed under a style-src without 'unsafe-inline'). */
    @JSBody(params = {"e", "prop", "value"}, script = "e.style.setProperty(prop, value);")
    public static native void style(JSObject e, String prop, String value);

    @JSBody(params = "e", script = "return e.clientHeight;")
    public static native double clientHeight(JSObject e);

    @JSBody(params = {"e", "v"}, script = "e.scrollTop = v;")
    public static native void setScrollTop(JSObject e, double v);

    @JSBody(params = "e", script = "return !!e.checked;")
    public static native boolean checked(JSObject e);

    @JSBody(params = {"e", "on"}, script = "e.checked = on;")
    public static native void setChecked(JSObject e, boolean on);

    @JSBody(script = "return Date.now();")
    public static native double now();

    /** The browser's preferred languages (navigator.languages), most preferred first. */
    @JSBody(script = "return (navigator.languages && navigator.languages.length ? navigator.languages"
            + " : [navigator.language || 'en']).join(',');")
    public static native String languages();

    @JSBody(params = {"name", "value"}, script = "document.documentElement.setAttribute(name, value);")
    public static native void rootAttr(String name, String value);

    /** Whether a details element is open. */
    @JSBody(params = "e", script = "return !!e.open;")
    public static native boolean isOpen(JSObject e);

    @JSBody(params = "e", script = "return e.parentNode;")
    public static native JSObject parent(JSObject e);
}
