package im.parley.browser;

import im.parley.bosh.BoshTransport;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * HTTP in the worker, by fetch: BOSH's POST (no cookies, no cache, no redirects), and the GET of discovery
 * (XEP-0156; no cookies, redirects followed) and of Converse's credentials_url (the site's cookies, no redirects).
 */
public final class FetchHttp implements BoshTransport.Http, im.parley.stream.HttpGet {
    @Override
    public void get(String url, boolean withCookies, im.parley.stream.HttpGet.Answer answer) {
        fetchGet(url, withCookies, answer::done);
    }

    @JSBody(params = {"url", "withCookies", "done"}, script = ""
            + "self.fetch(url, {method: 'GET', credentials: withCookies ? 'include' : 'omit', cache: 'no-store',"
            + "  redirect: withCookies ? 'error' : 'follow'})"
            + ".then(function(resp) { return resp.text().then(function(text) { done(resp.status, text); }); },"
            + "  function(err) { done(0, String(err && err.message ? err.message : err)); });")
    private static native void fetchGet(String url, boolean withCookies, Done done);

    @Override
    public void postForm(String url, String body, im.parley.stream.HttpGet.Answer answer) {
        fetchForm(url, body, answer::done);
    }

    @JSBody(params = {"url", "body", "done"}, script = ""
            + "self.fetch(url, {method: 'POST', body: body, headers: {'Content-Type':"
            + " 'application/x-www-form-urlencoded'}, credentials: 'omit', cache: 'no-store', redirect: 'error'})"
            + ".then(function(resp) { return resp.text().then(function(text) { done(resp.status, text); }); },"
            + "  function(err) { done(0, String(err && err.message ? err.message : err)); });")
    private static native void fetchForm(String url, String body, Done done);

    @Override
    public void post(String url, String body, BoshTransport.Http.Answer answer) {
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
