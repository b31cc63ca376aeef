package im.parley.web.frame;

import im.parley.bridge.Wire;
import im.parley.web.dom.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** Starts the worker (Wasm-GC or JS build) and carries the bridge's messages to and from it. */
final class WorkerLink {
    interface Listener {
        void onEvent(Wire.Msg msg);
    }

    private JSObject worker;
    /** Commands given before the worker said it is ready wait here (a Wasm build takes a moment to load). */
    private java.util.List<String> queue = new java.util.ArrayList<>();

    WorkerLink(String build, Listener listener) {
        worker = start(build, text -> {
            Wire.Msg msg;
            try {
                msg = Wire.decode(text);
            } catch (IllegalArgumentException e) {
                Dom.consoleError("Parley: dropped a malformed message from the worker: " + e.getMessage());
                return;
            }
            if (Wire.READY.equals(msg.type()) && queue != null) {
                java.util.List<String> waiting = queue;
                queue = null;
                for (String command : waiting) {
                    post(worker, command);
                }
            }
            listener.onEvent(msg);
        }, error -> listener.onEvent(Wire.decode(Wire.encode(Wire.ERROR, "text", error))));
    }

    @JSBody(params = {"build", "onText", "onError"}, script = ""
            + "var url = 'worker-loader.js#' + build;"
            + "if (window.trustedTypes) { url = window.trustedTypes.createPolicy('parley-worker', {"
            + "  createScriptURL: function(asked) { if (asked === url) return asked; throw new TypeError('Parley: refused worker URL'); }"
            + "}).createScriptURL(url); }"
            + "var worker = new Worker(url);"
            + "worker.onmessage = function(evt) { if (typeof evt.data === 'string') onText(evt.data); };"
            + "worker.onerror = function(evt) { onError('the chat worker failed: ' + (evt.message || 'unknown error')); };"
            + "return worker;")
    private static native JSObject start(String build, Dom.StringHandler onText, Dom.StringHandler onError);

    @JSBody(params = {"w", "s"}, script = "w.postMessage(s);")
    private static native void post(JSObject w, String s);

    @JSBody(params = {"w", "s", "file"}, script = "w.postMessage({j: s, b: file});")
    private static native void postWithFile(JSObject w, String s, JSObject file);

    /** A command with a file beside it (an upload); refused before the worker is ready. */
    boolean sendWithFile(JSObject file, String type, Object... nameValues) {
        if (queue != null) {
            return false;
        }
        postWithFile(worker, Wire.encode(type, nameValues), file);
        return true;
    }

    void send(String type, Object... nameValues) {
        String command = Wire.encode(type, nameValues);
        if (queue != null) {
            queue.add(command);
        } else {
            post(worker, command);
        }
    }
}
