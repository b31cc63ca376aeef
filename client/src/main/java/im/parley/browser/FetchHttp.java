package im.parley.browser;

import im.parley.bosh.BoshTransport;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** BOSH's HTTP POST in the worker: fetch, no cookies, no cache, no redirects. */
public final class FetchHttp implements BoshTransport.Http {
    @Override
    public void post(String url, String body, Answer answer) {
        fetch(url, body, answer::done);
    }

    @JSFunctor
    interface Done extends JSObject {
        void done(int status, String text);
    }

    @JSBody(params = {"url", "body", "done"}, script = ""
            + "self.fetch(url, {method: 'POST', body: body, headers: {'Content-Type': 'text/xml; charset=utf-8'},"
            + "  credentials: 'omit', cache: 'no-store', redirect: 'error'})"
            + ".then(function(resp) { return resp.text().then(function(text) { done(resp.status, text); }); },"
            + "  function(err) { done(0, String(err && err.message ? err.message : err)); });")
    private static native void fetch(String url, String body, Done done);
}
