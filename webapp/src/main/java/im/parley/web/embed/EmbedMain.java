package im.parley.web.embed;

import im.parley.json.Json;
import im.parley.web.HostWire;
import im.parley.web.Settings;
import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * embed.js, the host-page facade. Its only global is {@code parley}, a frozen object with {@code initialize},
 * {@code open} and {@code on}. It checks the settings, creates the Parley frame (an iframe of Parley's origin,
 * the origin this script was loaded from), hands the settings over a MessageChannel and keeps nothing of them.
 * No function sends a message, returns history, contacts or any secret.
 */
public final class EmbedMain {
    private static String parleyBase;
    private static String parleyOrigin;
    private static boolean initialized;
    private static JSObject channel;
    private static final Map<String, List<JSObject>> listeners = new LinkedHashMap<>();

    private EmbedMain() {
    }

    public static void main(String[] args) {
        parleyBase = scriptBase();
        if (parleyBase == null) {
            Dom.consoleError("Parley: embed.js must be loaded with <script src=...> so that it knows its origin");
            return;
        }
        parleyOrigin = originOf(parleyBase);
        install(EmbedMain::initialize, EmbedMain::open, EmbedMain::on, EmbedMain::addPlugin);
    }

    private static void initialize(String description) {
        if (initialized) {
            Dom.consoleError("Parley: parley.initialize was already called; this call is ignored");
            return;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        describeToMap(description, raw, errors);
        Map<String, Object> settings = errors.isEmpty() ? Settings.check(raw, errors) : null;
        if (!errors.isEmpty()) {
            for (String e : errors) {
                Dom.consoleError("Parley: parley.initialize: " + e);
            }
            return;
        }
        initialized = true;
        String mode = (String) settings.get("view_mode");
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("v", HostWire.VERSION);
        init.put("t", HostWire.INIT);
        init.put("settings", settings);
        init.put("plugins", plugins);
        channel = createFrame(parleyBase + "widget.html", mode, parleyOrigin, HostWire.HANDSHAKE, HostWire.VERSION,
                Json.write(init), EmbedMain::fromFrame, EmbedMain::sendViewport);
        settings.clear();
        init.clear();
        if ("overlayed".equals(mode)) {
            sendViewport();
        }
    }

    /** Overlayed: tells the frame the size of this page's viewport, for its boxes to fit (numbers only). */
    private static void sendViewport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", HostWire.VERSION);
        m.put("t", HostWire.VIEWPORT);
        m.put("width", viewportWidth());
        m.put("height", viewportHeight());
        channelSend(channel, Json.write(m));
    }

    @JSBody(script = "return document.documentElement.clientWidth || window.innerWidth || 0;")
    private static native double viewportWidth();

    @JSBody(script = "return document.documentElement.clientHeight || window.innerHeight || 0;")
    private static native double viewportHeight();

    /**
     * The overlayed boxes' sizes from the frame: checked (a handful of boxes of sane sizes), then the iframe is sized
     * to the row and clipped to the boxes' outline.
     */
    private static void layout(Map<String, Object> m) {
        if (!(m.get("boxes") instanceof List) || !(m.get("gap") instanceof Number)) {
            return;
        }
        List<?> boxes = (List<?>) m.get("boxes");
        double gap = ((Number) m.get("gap")).doubleValue();
        if (boxes.isEmpty() || boxes.size() > 64 || !(gap >= 0 && gap <= 100)) {
            return;
        }
        double[] sizes = new double[boxes.size() * 2];
        for (int i = 0; i < boxes.size(); i++) {
            if (!(boxes.get(i) instanceof List) || ((List<?>) boxes.get(i)).size() != 2) {
                return;
            }
            for (int j = 0; j < 2; j++) {
                Object v = ((List<?>) boxes.get(i)).get(j);
                if (!(v instanceof Number) || !(((Number) v).doubleValue() >= 0)
                        || ((Number) v).doubleValue() > 20_000) {
                    return;
                }
                sizes[i * 2 + j] = ((Number) v).doubleValue();
            }
        }
        channelLayout(channel, sizes, gap);
    }

    /** Converts the JS-side description [[key, typeof, value], ...] into raw settings. */
    private static void describeToMap(String description, Map<String, Object> raw, List<String> errors) {
        Object parsed;
        try {
            parsed = Json.parse(description);
        } catch (IllegalArgumentException e) {
            errors.add("settings could not be read");
            return;
        }
        if (!(parsed instanceof List)) {
            errors.add("settings must be an object");
            return;
        }
        for (Object o : (List<?>) parsed) {
            List<?> entry = (List<?>) o;
            String key = (String) entry.get(0);
            String type = (String) entry.get(1);
            Object value = entry.get(2);
            if (type.equals("undefined")) {
                continue;
            }
            raw.put(key, type.equals("string") || type.equals("boolean") || type.equals("number")
                    || type.equals("array") || type.equals("record") ? value : new Settings.BadType(type));
        }
    }

    /** Plugins the page adds, [{name, url, integrity}], sent to the frame with the settings. */
    private static final List<Object> plugins = new ArrayList<>();

    /**
     * {@code parley.plugins.add(name, {url, integrity})}: declares a plugin for the worker to fetch, verify and run.
     * Returns why it was refused, or "" (the JS side throws with the reason).
     */
    private static String addPlugin(String name, String url, String integrity) {
        if (initialized) {
            return "plugin registration is closed: plugins are added before parley.initialize";
        }
        try {
            im.parley.plugin.PluginPolicy.checkName(name);
            im.parley.plugin.PluginPolicy.Integrity.parse(integrity);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (url.isEmpty()) {
            return "a plugin needs {url, integrity}: where Parley's origin serves its code and its digest";
        }
        for (Object o : plugins) {
            if (name.equals(((Map<?, ?>) o).get("name"))) {
                return "a plugin named '" + name + "' is added already; a plugin cannot be replaced or removed";
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("url", url);
        d.put("integrity", integrity);
        plugins.add(d);
        return "";
    }

    private static void open(String jid) {
        if (channel == null) {
            Dom.consoleError("Parley: call parley.initialize before parley.open");
            return;
        }
        if (jid.indexOf('@') <= 0) {
            Dom.consoleError("Parley: parley.open needs a JID like user@example.org");
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", HostWire.VERSION);
        m.put("t", HostWire.OPEN);
        m.put("jid", jid);
        channelSend(channel, Json.write(m));
    }

    private static void on(String name, JSObject fn) {
        if (!HostWire.EV_STATE.equals(name) && !HostWire.EV_UNREAD.equals(name)) {
            Dom.consoleError("Parley: parley.on: unknown event '" + name + "' (events: state, unread)");
            return;
        }
        listeners.computeIfAbsent(name, k -> new ArrayList<>()).add(fn);
    }

    private static void fromFrame(String text) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (HostWire.LAYOUT.equals(m.get("t"))) {
            layout(m);
        } else if (HostWire.ERROR.equals(m.get("t")) && m.get("text") instanceof String) {
            Dom.consoleError("Parley: " + m.get("text"));
        } else if (HostWire.EVENT.equals(m.get("t")) && m.get("name") instanceof String) {
            List<JSObject> fns = listeners.get(m.get("name"));
            Object value = m.get("value");
            if (fns != null && (value instanceof String || value instanceof Number)) {
                String v = value instanceof String ? (String) value : null;
                double n = value instanceof Number ? ((Number) value).doubleValue() : 0;
                for (JSObject fn : fns) {
                    callListener(fn, v, n, v != null);
                }
            }
        }
    }

    // Browser bindings

    @JSFunctor
    interface OnHandler extends JSObject {
        void on(String name, JSObject fn);
    }

    @JSBody(script = "var current = document.currentScript; if (!current || !current.src) return null;"
            + "return current.src.substring(0, current.src.lastIndexOf('/') + 1);")
    private static native String scriptBase();

    @JSBody(params = "url", script = "return new URL(url).origin;")
    private static native String originOf(String url);

    /**
     * Defines the frozen {@code parley} global. Settings are read here into a plain description (key, typeof,
     * primitive value) so that no host object, getter or prototype reaches the Java side.
     */
    @JSBody(params = {"javaInit", "javaOpen", "javaOn", "javaAddPlugin"}, script = ""
            + "var freeze = Object.freeze, keys = Object.keys, stringify = JSON.stringify, isArray = Array.isArray;"
            + "if ('parley' in window) { console.error('Parley: window.parley exists already; embed.js loaded twice?'); return; }"
            // A plain object of primitives, or of such objects one level down (connection_options), is copied.
            + "function plain(obj, depth) {"
            + "  var copy = {}, ks = keys(obj);"
            + "  for (var n = 0; n < ks.length; n++) { var v = obj[ks[n]], t = typeof v;"
            + "    if (t === 'string' || t === 'boolean' || (t === 'number' && isFinite(v))) { copy[String(ks[n])] = v; }"
            + "    else if (depth === 0 && t === 'object' && v !== null && !isArray(v)) { var inner = plain(v, 1); if (!inner) return null; copy[String(ks[n])] = inner; }"
            + "    else return null; }"
            + "  return copy;"
            + "}"
            + "function describe(given) {"
            + "  if (given === null || typeof given !== 'object') return '\"not an object\"';"
            + "  var out = [], names = keys(given);"
            + "  for (var idx = 0; idx < names.length; idx++) { var val = given[names[idx]], kind = typeof val;"
            + "    if (isArray(val)) { var copy = []; for (var pos = 0; pos < val.length; pos++) { if (typeof val[pos] !== 'string') { copy = null; break; } copy.push(val[pos]); }"
            + "      out.push([String(names[idx]), copy ? 'array' : 'object', copy]); continue; }"
            + "    if (kind === 'object' && val !== null) { var rec = plain(val, 0); if (rec) { out.push([String(names[idx]), 'record', rec]); continue; } }"
            + "    out.push([String(names[idx]), kind, (kind === 'string' || kind === 'boolean' || (kind === 'number' && isFinite(val))) ? val : null]); }"
            + "  return stringify(out);"
            + "}"
            + "var api = freeze({"
            + "  initialize: freeze(function initialize(settings) { javaInit(describe(settings)); }),"
            + "  open: freeze(function open(jid) { javaOpen(typeof jid === 'string' ? jid : ''); }),"
            + "  on: freeze(function on(name, fn) { if (typeof fn !== 'function') { console.error('Parley: parley.on needs a function'); return; } javaOn(String(name), fn); }),"
            + "  plugins: freeze({ add: freeze(function add(name, plugin) {"
            + "    var url = plugin && typeof plugin === 'object' ? plugin.url : undefined, integrity = plugin && typeof plugin === 'object' ? plugin.integrity : undefined;"
            + "    var err = javaAddPlugin(typeof name === 'string' ? name : '', typeof url === 'string' ? url : '', typeof integrity === 'string' ? integrity : '');"
            + "    if (err) throw new Error('Parley: parley.plugins.add: ' + err); }) })"
            + "});"
            + "Object.defineProperty(window, 'parley', {value: api, writable: false, configurable: false, enumerable: true});")
    private static native void install(Dom.StringHandler javaInit, Dom.StringHandler javaOpen, OnHandler javaOn,
            AddPlugin javaAddPlugin);

    @JSFunctor
    interface AddPlugin extends JSObject {
        String add(String name, String url, String integrity);
    }

    /**
     * Creates the Parley frame and, once it has loaded, opens the MessageChannel with a handshake addressed to
     * Parley's origin only, sends the settings and forgets them. Returns a sender that queues until then.
     */
    @JSBody(params = {"src", "mode", "origin", "kind", "version", "initJson", "onText", "onResize"}, script = ""
            + "var frame = document.createElement('iframe'), port = null, queue = [];"
            + "frame.src = src + '#' + mode; frame.title = 'Chat'; frame.className = 'parley-frame parley-frame-' + mode;"
            + "var style = frame.style; style.border = '0'; style.colorScheme = 'normal'; style.background = 'transparent';"
            + "if (mode === 'fullscreen') { style.position = 'fixed'; style.left = '0'; style.top = '0'; style.width = '100vw'; style.height = '100vh'; style.zIndex = '2147483000'; }"
            + "else if (mode === 'overlayed') { style.position = 'fixed'; style.right = '16px'; style.bottom = '0'; style.width = 'min(400px, 100vw)'; style.height = 'min(600px, 100vh)'; style.zIndex = '2147483000'; }"
            + "else { style.width = '100%'; style.height = '100%'; style.minHeight = '400px'; }"
            + "frame.addEventListener('load', function once() {"
            + "  frame.removeEventListener('load', once);"
            + "  var channel = new MessageChannel();"
            + "  channel.port1.onmessage = function(evt) { if (typeof evt.data === 'string') onText(evt.data); };"
            + "  frame.contentWindow.postMessage({parley: kind, v: version}, origin, [channel.port2]);"
            + "  channel.port1.postMessage(initJson); initJson = null;"
            + "  port = channel.port1; for (var idx = 0; idx < queue.length; idx++) port.postMessage(queue[idx]); queue = null;"
            + "});"
            + "function attach() {"
            + "  var holder = mode === 'embedded' ? (document.querySelector('converse-root, #parley-root') || document.body) : document.body;"
            + "  holder.appendChild(frame);"
            + "}"
            + "if (document.body) attach(); else document.addEventListener('DOMContentLoaded', attach);"
            + "if (mode === 'overlayed') { var pending = false;"
            + "  window.addEventListener('resize', function() { if (pending) return; pending = true;"
            + "    requestAnimationFrame(function() { pending = false; onResize(); }); }); }"
            + "return {send: function(text) { if (port) port.postMessage(text); else queue.push(text); },"
            // The row of boxes (right to left, gap apart): the iframe takes the row's size and is clipped to the
            // boxes' outline, so the page between and above them keeps its clicks.
            + "  layout: function(sizes, gap) { if (mode !== 'overlayed') return;"
            + "    var count = sizes.length / 2, width = gap * (count - 1), height = 0, idx;"
            + "    for (idx = 0; idx < count; idx++) { width += sizes[2 * idx]; height = Math.max(height, sizes[2 * idx + 1]); }"
            + "    var points = [width + 'px ' + height + 'px'], right = width;"
            + "    for (idx = 0; idx < count; idx++) { var boxW = sizes[2 * idx], top = height - sizes[2 * idx + 1];"
            + "      points.push(right + 'px ' + top + 'px', (right - boxW) + 'px ' + top + 'px', (right - boxW) + 'px ' + height + 'px');"
            + "      right -= boxW + gap; if (idx < count - 1) points.push(right + 'px ' + height + 'px'); }"
            + "    style.width = width + 'px'; style.height = height + 'px'; style.maxWidth = 'none';"
            + "    style.clipPath = 'polygon(' + points.join(', ') + ')'; }};")
    private static native JSObject createFrame(String src, String mode, String origin, String kind, int version,
            String initJson, Dom.StringHandler onText, Dom.Task onResize);

    @JSBody(params = {"ch", "sizes", "gap"}, script = "ch.layout(sizes, gap);")
    private static native void channelLayout(JSObject ch, double[] sizes, double gap);

    @JSBody(params = {"ch", "s"}, script = "ch.send(s);")
    private static native void channelSend(JSObject ch, String s);

    @JSBody(params = {"fn", "s", "n", "isString"}, script = "try { fn(isString ? s : n); } catch (err) { console.error(err); }")
    private static native void callListener(JSObject fn, String s, double n, boolean isString);
}
