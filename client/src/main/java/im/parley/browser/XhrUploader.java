package im.parley.browser;

import im.parley.upload.Uploader;
import java.util.List;
import java.util.function.Consumer;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * XEP-0363's PUT in the worker: XMLHttpRequest (fetch reports no upload progress), without cookies; the body is the
 * Blob the frame handed over, sent as it is.
 */
public final class XhrUploader implements Uploader {
    @Override
    public void put(String url, List<String[]> headers, String contentType, Object body, Progress progress,
            Consumer<String> done) {
        String[] flat = new String[headers.size() * 2];
        for (int i = 0; i < headers.size(); i++) {
            flat[2 * i] = headers.get(i)[0];
            flat[2 * i + 1] = headers.get(i)[1];
        }
        send(url, flat, contentType, (JSObject) body, progress::progress, (status, error) -> done.accept(
                status >= 200 && status < 300 ? null : status == 0 ? error : "the server answered HTTP " + status));
    }

    @JSFunctor
    interface OnProgress extends JSObject {
        void progress(double loaded, double total);
    }

    @JSFunctor
    interface OnDone extends JSObject {
        void done(int status, String error);
    }

    @JSBody(params = {"url", "headers", "type", "blob", "progress", "done"}, script = ""
            + "var xhr = new XMLHttpRequest();"
            + "try { xhr.open('PUT', url); } catch (e) { done(0, String(e && e.message || e)); return; }"
            + "xhr.withCredentials = false;"
            + "for (var i = 0; i + 1 < headers.length; i += 2) xhr.setRequestHeader(headers[i], headers[i + 1]);"
            + "xhr.setRequestHeader('Content-Type', type);"
            + "xhr.upload.onprogress = function(e) { if (e.lengthComputable) progress(e.loaded, e.total); };"
            + "xhr.onload = function() { done(xhr.status, ''); };"
            + "xhr.onerror = function() { done(0, 'the upload service could not be reached'); };"
            + "xhr.onabort = function() { done(0, 'the upload was cancelled'); };"
            + "xhr.send(blob);")
    private static native void send(String url, String[] headers, String type, JSObject blob, OnProgress progress,
            OnDone done);
}
