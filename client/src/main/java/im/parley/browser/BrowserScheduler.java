package im.parley.browser;

import im.parley.stream.Scheduler;
import org.teavm.jso.JSBody;

/** {@link Scheduler} over the worker's setTimeout. */
public final class BrowserScheduler implements Scheduler {
    @JSBody(params = {"ms", "task"}, script = "return self.setTimeout(function() { task(); }, ms);")
    private static native int setTimeout(double ms, JsCallbacks.VoidCallback task);

    @JSBody(params = "handle", script = "self.clearTimeout(handle);")
    private static native void clearTimeout(int handle);

    @Override
    public Task schedule(long delayMillis, Runnable task) {
        int handle = setTimeout(delayMillis, task::run);
        return () -> clearTimeout(handle);
    }
}
