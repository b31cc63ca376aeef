package im.parley.worker;

import im.parley.bridge.WorkerController;
import im.parley.browser.BrowserRandom;
import im.parley.browser.BrowserScheduler;
import im.parley.browser.BrowserWebSocketTransport;
import im.parley.bosh.BoshTransport;
import im.parley.browser.FetchHttp;
import im.parley.browser.IndexedDbBackend;
import im.parley.stream.SchemeTransport;
import im.parley.browser.ScriptPlugins;
import im.parley.browser.WebCacheCrypto;
import im.parley.browser.WorkerScope;
import im.parley.crypto.SoftCrypto;

/** The worker's entry point, compiled by TeaVM to JavaScript and to WebAssembly-GC. */
public final class WorkerMain {
    private WorkerMain() {
    }

    private static long randomLong(SoftCrypto crypto) {
        long v = 0;
        for (byte b : crypto.randomBytes(8)) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    public static void main(String[] args) {
        IndexedDbBackend storage = new IndexedDbBackend();
        SoftCrypto crypto = new SoftCrypto(new BrowserRandom());
        BrowserScheduler scheduler = new BrowserScheduler();
        WorkerController controller = new WorkerController(() -> new SchemeTransport(new BrowserWebSocketTransport(),
                new BoshTransport(new FetchHttp(), () -> randomLong(crypto), scheduler, () -> (long) WorkerScope.now())),
                crypto, scheduler, () -> (long) WorkerScope.now(),
                WorkerScope::post, () -> storage, new WebCacheCrypto());
        controller.setScriptHost(new ScriptPlugins());
        controller.setUploader(new im.parley.browser.XhrUploader());
        controller.setHttpGet(new FetchHttp());
        WorkerScope.onMessage(controller::onCommand);
        WorkerScope.onNetwork(controller::networkOnline, controller::networkOffline);
        controller.ready(WorkerScope.build());
    }
}
