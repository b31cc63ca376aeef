package im.parley.browser;

import im.parley.plugin.Plugin;
import im.parley.plugin.PluginContext;
import im.parley.plugin.PluginLoader;
import im.parley.stream.Ns;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Plugin scripts in the worker. Defines the worker's own {@code parley} global (frozen; its only function is
 * {@code parley.plugins.add(name, {initialize(api)})}, accepted only from the script being loaded, for the name it
 * was declared under), fetches scripts from Parley's origin, digests them with Web Crypto, and runs verified bytes
 * from a blob: URL, so that what runs is exactly what was hashed. Each plugin gets the private API as a frozen
 * object whose functions call into {@link PluginContext}.
 */
public final class ScriptPlugins implements PluginLoader.ScriptHost {
    private final JSObject host;

    public ScriptPlugins() {
        host = install();
    }

    @Override
    public String origin() {
        return locationOrigin();
    }

    @Override
    public void fetch(String url, String algorithm, BiConsumer<PluginLoader.Fetched, String> done) {
        fetchScript(url, algorithm, (digest, blob, href) -> done.accept(new PluginLoader.Fetched() {
            @Override
            public String digest() {
                return digest;
            }

            @Override
            public Plugin run(String expectedName) {
                JSObject[] def = {null};
                String[] failure = {null};
                runScript(host, blob, expectedName, href, d -> def[0] = d, err -> failure[0] = err);
                if (failure[0] != null) {
                    throw new IllegalStateException(failure[0]);
                }
                return new ScriptPlugin(expectedName, def[0]);
            }
        }, null), err -> done.accept(null, err));
    }

    @Override
    public void closed() {
        closeRegistration(host);
    }

    /** A script's plugin: its initialize function runs once; its handlers follow the client from session to session. */
    private static final class ScriptPlugin implements Plugin {
        private final String name;
        private final JSObject def;
        private boolean initialized;
        private PluginContext current;
        private final List<String> kinds = new ArrayList<>();
        private final List<JSObject> handlers = new ArrayList<>();
        private final List<String> events = new ArrayList<>();
        private final List<JSObject> listeners = new ArrayList<>();

        ScriptPlugin(String name, JSObject def) {
            this.name = name;
            this.def = def;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void initialize(PluginContext context) {
            current = context;
            context.addHandler(this::dispatch);
            context.onEvent(this::fire);
            if (initialized) {
                return;
            }
            initialized = true;
            JSObject api = makeApi(name, this::send, this::sendIq, (kind, fn) -> {
                kinds.add(kind);
                handlers.add(fn);
            }, setting -> {
                String v = current.setting(setting);
                return v == null ? "" : "=" + v;
            }, (event, fn) -> {
                events.add(event);
                listeners.add(fn);
            }, this::storageGet, this::storageSet, () -> {
                Jid self = current.self();
                return self == null ? "" : self.toString();
            }, line -> consoleLog("plugin " + name + ": " + line));
            callInitialize(def, api, err -> consoleLog("plugin " + name + " failed to initialize: " + err));
        }

        private String send(String xml) {
            try {
                current.send(parse(xml));
                return "";
            } catch (IllegalArgumentException | IllegalStateException e) {
                return e.getMessage();
            }
        }

        private String sendIq(String xml, AnswerCallback answer) {
            try {
                current.sendIq(parse(xml), reply -> answer.call("result".equals(reply.attr("type")), reply.toXml()));
                return "";
            } catch (IllegalArgumentException | IllegalStateException e) {
                return e.getMessage();
            }
        }

        private void storageGet(String key, JsCallbacks.FoundStringCallback found, JsCallbacks.StringCallback failed) {
            current.storage().get(key, (value, err) -> {
                if (err != null) {
                    failed.call(err);
                } else {
                    found.call(value != null, value == null ? "" : value);
                }
            });
        }

        private void storageSet(String key, String value, boolean delete, JsCallbacks.StringCallback done) {
            current.storage().set(key, delete ? null : value, (v, err) -> done.call(err == null ? "" : err));
        }

        private boolean dispatch(XmlElement stanza) {
            String xml = null;
            for (int i = 0; i < handlers.size(); i++) {
                String kind = kinds.get(i);
                if (kind.equals("*") || kind.equals(stanza.name())) {
                    if (xml == null) {
                        xml = stanza.toXml();
                    }
                    if (callHandler(handlers.get(i), xml, stanza.name(), orEmpty(stanza.attr("from")),
                            orEmpty(stanza.attr("type")), orEmpty(stanza.attr("id")))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void fire(String event, String value) {
            for (int i = 0; i < listeners.size(); i++) {
                if (events.get(i).equals(event)) {
                    callListener(listeners.get(i), event, value, "message".equals(event));
                }
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * A plugin's stanza, parsed the way the server will parse it: as the one child of a {@code jabber:client}
     * stream, with the parser's limits; anything else (several elements, a stream close, bad XML) is refused.
     */
    static XmlElement parse(String xml) {
        List<XmlElement> out = new ArrayList<>();
        boolean[] closed = {false};
        XmlTreeBuilder builder = XmlTreeBuilder.forStream(XmlLimits.DEFAULT, new XmlTreeBuilder.Handler() {
            @Override
            public void onStreamOpen(XmlElement header) {
            }

            @Override
            public void onElement(XmlElement element) {
                out.add(element);
            }

            @Override
            public void onStreamClose() {
                closed[0] = true;
            }
        });
        try {
            builder.feed("<stream:stream xmlns='" + Ns.CLIENT + "' xmlns:stream='http://etherx.jabber.org/streams'>");
            builder.feed(xml);
        } catch (XmlException e) {
            throw new IllegalArgumentException("not a stanza: " + e.getMessage());
        }
        if (closed[0] || out.size() != 1) {
            throw new IllegalArgumentException("send takes exactly one complete stanza");
        }
        return out.get(0);
    }

    // ---- bindings ----------------------------------------------------------------------------------------------

    @JSFunctor
    interface FetchedCallback extends JSObject {
        void call(String digest, JSObject blob, String href);
    }

    @JSFunctor
    interface AnswerCallback extends JSObject {
        void call(boolean ok, String xml);
    }

    @JSFunctor
    interface SendFn extends JSObject {
        String call(String xml);
    }

    @JSFunctor
    interface SendIqFn extends JSObject {
        String call(String xml, AnswerCallback answer);
    }

    @JSFunctor
    interface RegisterFn extends JSObject {
        void call(String kind, JSObject fn);
    }

    @JSFunctor
    interface SettingFn extends JSObject {
        String call(String name);
    }

    @JSFunctor
    interface StorageGetFn extends JSObject {
        void call(String key, JsCallbacks.FoundStringCallback found, JsCallbacks.StringCallback failed);
    }

    @JSFunctor
    interface StorageSetFn extends JSObject {
        void call(String key, String value, boolean delete, JsCallbacks.StringCallback done);
    }

    @JSFunctor
    interface SelfFn extends JSObject {
        String call();
    }

    @JSBody(params = "line", script = "console.warn('Parley: ' + line);")
    static native void consoleLog(String line);

    @JSBody(script = "return String(self.location.origin);")
    private static native String locationOrigin();

    /**
     * Defines {@code self.parley} (non-writable, non-configurable, frozen) and returns the loader's private handle:
     * which script is being loaded, for which name, and whether registration has closed.
     */
    @JSBody(script = ""
            + "var freeze = Object.freeze, state = {loading: null, closed: false, allowed: null, policy: null};"
            + "function add(name, def) {"
            + "  if (state.closed) throw new Error(\"Parley: plugin registration is closed: '\" + name + \"' comes too late (plugins register before the client starts)\");"
            + "  var cur = state.loading;"
            + "  if (cur === null) throw new Error('Parley: plugins are declared by the deployment with a URL and an integrity digest; a script cannot add one');"
            + "  if (name !== cur.name) throw new Error(\"Parley: the script at \" + cur.url + \" registered '\" + name + \"' but was declared as '\" + cur.name + \"'\");"
            + "  if (cur.def !== null) throw new Error(\"Parley: a plugin named '\" + name + \"' is registered already; a registered plugin cannot be replaced or removed\");"
            + "  if (def === null || typeof def !== 'object' || typeof def.initialize !== 'function') throw new Error(\"Parley: plugin '\" + name + \"' needs an object with an initialize(api) function\");"
            + "  cur.def = freeze({initialize: def.initialize, target: def});"
            + "}"
            + "if (self.trustedTypes) state.policy = self.trustedTypes.createPolicy('parley-plugins', {createScriptURL: function(u) {"
            + "  if (u === state.allowed) return u; throw new TypeError('Parley: refused to load ' + u); }});"
            + "if (!('parley' in self)) Object.defineProperty(self, 'parley', {value: freeze({plugins: freeze({add: freeze(add)})}),"
            + "  writable: false, configurable: false, enumerable: true});"
            + "return state;")
    private static native JSObject install();

    @JSBody(params = "state", script = "state.closed = true;")
    private static native void closeRegistration(JSObject state);

    @JSBody(params = {"url", "algorithm", "onFetched", "onError"}, script = ""
            + "var target;"
            + "try { target = new URL(url, self.location.href); } catch (e) { onError('not a URL'); return; }"
            + "if (target.origin !== self.location.origin) { onError(\"not on Parley's origin\"); return; }"
            + "self.fetch(target.href, {credentials: 'same-origin', redirect: 'error', cache: 'no-cache'}).then(function(resp) {"
            + "  if (!resp.ok) throw new Error('HTTP status ' + resp.status);"
            + "  return resp.arrayBuffer();"
            + "}).then(function(buf) {"
            + "  return self.crypto.subtle.digest(algorithm, buf).then(function(sum) {"
            + "    var arr = new Uint8Array(sum), bin = '';"
            + "    for (var idx = 0; idx < arr.length; idx++) bin += String.fromCharCode(arr[idx]);"
            + "    onFetched(self.btoa(bin), new Blob([buf], {type: 'text/javascript'}), target.href);"
            + "  });"
            + "}).catch(function(e) { onError(String(e && e.message ? e.message : e)); });")
    private static native void fetchScript(String url, String algorithm, FetchedCallback onFetched,
            JsCallbacks.StringCallback onError);

    @JSBody(params = {"state", "blob", "name", "href", "onDef", "onError"}, script = ""
            + "var blobUrl = URL.createObjectURL(blob), failure = null, cur = {name: name, url: href, def: null};"
            + "state.loading = cur; state.allowed = blobUrl;"
            + "try { importScripts(state.policy ? state.policy.createScriptURL(blobUrl) : blobUrl); }"
            + "catch (e) { failure = 'its script failed: ' + (e && e.message ? e.message : String(e)); }"
            + "state.loading = null; state.allowed = null; URL.revokeObjectURL(blobUrl);"
            + "if (failure === null && cur.def === null) failure = \"the script at \" + href + \" did not call parley.plugins.add('\" + name + \"', {initialize: ...})\";"
            + "if (failure !== null) onError(failure); else onDef(cur.def);")
    private static native void runScript(JSObject state, JSObject blob, String name, String href,
            JsCallbacks.ObjectCallback onDef, JsCallbacks.StringCallback onError);

    /** The private API a script plugin gets: frozen, every function checked and routed to the plugin's context. */
    @JSBody(params = {"name", "javaSend", "javaSendIq", "javaListen", "javaSetting", "javaOn", "javaGet", "javaSet",
        "javaSelf", "javaLog"}, script = ""
            + "var freeze = Object.freeze;"
            + "function fail(err) { if (err) throw new Error('Parley: ' + err); }"
            + "return freeze({"
            + "  name: name,"
            + "  jid: freeze(function jid() { var own = javaSelf(); return own === '' ? null : own; }),"
            + "  send: freeze(function send(xml) { fail(javaSend(String(xml))); }),"
            + "  sendIQ: freeze(function sendIQ(xml) { return new Promise(function(resolve, reject) {"
            + "    var err = javaSendIq(String(xml), function(ok, answer) { if (ok) resolve(answer); else reject(new Error(answer)); });"
            + "    if (err) reject(new Error('Parley: ' + err)); }); }),"
            + "  listen: freeze({"
            + "    stanza: freeze(function stanza(kind, handler) {"
            + "      if (['message', 'presence', 'iq', '*'].indexOf(kind) < 0 || typeof handler !== 'function') throw new Error(\"Parley: listen.stanza(kind, handler): kind is 'message', 'presence', 'iq' or '*'\");"
            + "      javaListen(kind, handler); }),"
            + "    on: freeze(function on(event, fn) {"
            + "      if (['state', 'self', 'message'].indexOf(event) < 0 || typeof fn !== 'function') throw new Error(\"Parley: listen.on(event, fn): events are 'state', 'self' and 'message'\");"
            + "      javaOn(event, fn); })"
            + "  }),"
            + "  settings: freeze({ get: freeze(function get(setting) { var val = javaSetting(String(setting)); return val === '' ? undefined : val.substring(1); }) }),"
            + "  storage: freeze({"
            + "    get: freeze(function get(key) { return new Promise(function(resolve, reject) {"
            + "      javaGet(String(key), function(found, val) { resolve(found ? val : null); }, function(err) { reject(new Error('Parley: ' + err)); }); }); }),"
            + "    set: freeze(function set(key, val) { return new Promise(function(resolve, reject) {"
            + "      javaSet(String(key), val === null || val === undefined ? '' : String(val), val === null || val === undefined,"
            + "        function(err) { if (err) reject(new Error('Parley: ' + err)); else resolve(); }); }); })"
            + "  }),"
            + "  log: freeze(function log(text) { javaLog(String(text)); })"
            + "});")
    private static native JSObject makeApi(String name, SendFn javaSend, SendIqFn javaSendIq, RegisterFn javaListen,
            SettingFn javaSetting, RegisterFn javaOn, StorageGetFn javaGet, StorageSetFn javaSet, SelfFn javaSelf,
            JsCallbacks.StringCallback javaLog);

    @JSBody(params = {"def", "api", "onError"}, script = ""
            + "try { def.initialize.call(def.target, api); } catch (e) { onError(String(e && e.message ? e.message : e)); }")
    private static native void callInitialize(JSObject def, JSObject api, JsCallbacks.StringCallback onError);

    @JSBody(params = {"handler", "xml", "name", "from", "type", "id"}, script = ""
            + "try { return handler(Object.freeze({xml: xml, name: name, from: from || null, type: type || null, id: id || null})) === true; }"
            + "catch (e) { console.error('Parley: a plugin stanza handler failed: ' + (e && e.message ? e.message : e)); return false; }")
    private static native boolean callHandler(JSObject handler, String xml, String name, String from, String type,
            String id);

    @JSBody(params = {"fn", "event", "value", "json"}, script = ""
            + "try { fn(json ? JSON.parse(value) : value); }"
            + "catch (e) { console.error('Parley: a plugin event listener failed: ' + (e && e.message ? e.message : e)); }")
    private static native void callListener(JSObject fn, String event, String value, boolean json);
}
