package im.parley.browser;

import im.parley.bosh.BoshTransport;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * HTTP in the worker, by fetch, never cached: BOSH's POST (no redirects; cookies and extra headers only as
 * Converse's connection_options ask), the GET of discovery
 * (XEP-0156; no cookies, redirects followed) and of Converse's credentials_url (the site's cookies, no redirects),
 * and OAuth's token request (a form POST, no cookies, no redirects).
 */
public final class FetchHttp implements BoshTransport.Http, im.parley.stream.HttpGet {
    @Override
    public void post(String url, String body, im.parley.bosh.ConnectionOptions options,
            BoshTransport.Http.Answer answer) {
        fetch(url, "POST", body, "text/xml; charset=utf-8", options.withCredentials(), "error",
                headerList(options), answer::done);
    }

    /** Extra headers as JSON [[name, value], ...] for the JavaScript side (null: none). */
    private static String headerList(im.parley.bosh.ConnectionOptions options) {
        return options.headers().isEmpty() ? null : im.parley.json.Json.write(options.headerPairs());
    }

    @Override
    public void get(String url, boolean withCookies, im.parley.stream.HttpGet.Answer answer) {
        fetch(url, "GET", null, null, withCookies, withCookies ? "error" : "follow", null, answer::done);
    }

    @Override
    public void postForm(String url, String body, im.parley.stream.HttpGet.Answer answer) {
        fetch(url, "POST", body, "application/x-www-form-urlencoded", false, "error", null, answer::done);
    }

    @JSFunctor
    interface Done extends JSObject {
        void done(int status, String text);
    }

    /** One request; {@code done} gets the status and the body, or 0 and what went wrong. */
    @JSBody(params = {"url", "method", "body", "type", "withCookies", "redirect", "extra", "done"}, script = ""
            + "var init = {method: method, credentials: withCookies ? 'include' : 'omit', cache: 'no-store',"
            + "  redirect: redirect, headers: {}};"
            + "if (body !== null && body !== undefined) { init.body = body; init.headers['Content-Type'] = type; }"
            // (multi-letter local names: TeaVM renames the parameters to single letters)
            + "if (extra) { var pairs = JSON.parse(extra); for (var idx = 0; idx < pairs.length; idx++) {"
            + "  init.headers[pairs[idx][0]] = pairs[idx][1]; } }"
            + "self.fetch(url, init)"
            + ".then(function(resp) { return resp.text().then(function(text) { done(resp.status, text); }); },"
            + "  function(err) { done(0, String(err && err.message ? err.message : err)); });")
    private static native void fetch(String url, String method, String body, String type, boolean withCookies,
            String redirect, String extra, Done done);
}
