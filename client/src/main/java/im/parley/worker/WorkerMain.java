package im.parley.worker;

import im.parley.bridge.WorkerController;
import im.parley.browser.BrowserRandom;
import im.parley.browser.BrowserScheduler;
import im.parley.browser.BrowserWebSocketTransport;
import im.parley.browser.IndexedDbBackend;
import im.parley.browser.ScriptPlugins;
import im.parley.browser.WebCacheCrypto;
import im.parley.browser.WorkerScope;
import im.parley.crypto.SoftCrypto;

/** The worker's entry point, compiled by TeaVM to JavaScript and to WebAssembly-GC. */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        IndexedDbBackend storage = new IndexedDbBackend();
        WorkerController controller = new WorkerController(BrowserWebSocketTransport::new,
                new SoftCrypto(new BrowserRandom()), new BrowserScheduler(), () -> (long) WorkerScope.now(),
                WorkerScope::post, () -> storage, new WebCacheCrypto());
        controller.setScriptHost(new ScriptPlugins());
        WorkerScope.onMessage(controller::onCommand);
        WorkerScope.onNetwork(controller::networkOnline, controller::networkOffline);
        controller.ready(WorkerScope.build());
    }
}
