package im.parley.browser;

import org.teavm.jso.JSBody;

/** The dedicated worker's global scope: messages in and out (strings only), the clock, the build tag. */
public final class WorkerScope {
    private WorkerScope() {
    }

    /** A command from the frame, and the file that travels beside it (or null). */
    @org.teavm.jso.JSFunctor
    public interface CommandCallback extends org.teavm.jso.JSObject {
        void command(String json, org.teavm.jso.JSObject attachment);
    }

    /**
     * Commands from the frame: a JSON string, or {j: JSON, b: Blob} for a command with a file. Anything else is
     * ignored.
     */
    @JSBody(params = "h", script = "self.onmessage = function(evt) { var d = evt.data;"
            + " if (typeof d === 'string') h(d, null);"
            + " else if (d && typeof d.j === 'string' && d.b instanceof Blob) h(d.j, d.b); };")
    public static native void onMessage(CommandCallback h);

    @JSBody(params = "s", script = "self.postMessage(s);")
    public static native void post(String s);

    @JSBody(script = "return Date.now();")
    public static native double now();

    /** The browser's online/offline events, as seen from the worker. */
    @JSBody(params = {"onOnline", "onOffline"}, script = "self.addEventListener('online', function() { onOnline(); });"
            + "self.addEventListener('offline', function() { onOffline(); });")
    public static native void onNetwork(JsCallbacks.VoidCallback onOnline, JsCallbacks.VoidCallback onOffline);

    /** A monotonic clock in milliseconds with sub-millisecond resolution, for measurements. */
    @JSBody(script = "return self.performance.now();")
    public static native double preciseNow();

    /** Set by the worker loader before main() runs: "js" or "wasm". */
    @JSBody(script = "return String(self.parleyBuild || 'js');")
    public static native String build();
}
