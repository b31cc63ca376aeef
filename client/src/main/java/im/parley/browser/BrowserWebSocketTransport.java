package im.parley.browser;

import im.parley.stream.Transport;
import im.parley.stream.Urls;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** RFC 7395 transport over the browser's WebSocket (subprotocol "xmpp"), a thin JSO binding. */
public final class BrowserWebSocketTransport implements Transport {
    private JSObject socket;

    @JSBody(params = {"url", "onOpen", "onText", "onClose"}, script = ""
            + "var sock; try { sock = new WebSocket(url, 'xmpp'); } catch (err) { setTimeout(function(){ onClose(String(err.message || err)); }, 0); return null; }"
            + "var closed = false;"
            + "function done(why) { if (!closed) { closed = true; onClose(why); } }"
            + "sock.onopen = function() { onOpen(); };"
            + "sock.onmessage = function(evt) { if (typeof evt.data === 'string') onText(evt.data); else done('binary frame refused'); };"
            + "sock.onerror = function() { done('WebSocket error'); };"
            + "sock.onclose = function(evt) { done(evt.code === 1000 || evt.code === 1005 ? null : 'closed with ' + evt.code); };"
            + "return sock;")
    private static native JSObject openSocket(String url, JsCallbacks.VoidCallback onOpen,
            JsCallbacks.StringCallback onText, JsCallbacks.StringCallback onClose);

    @JSBody(params = {"ws", "text"}, script = "if (ws.readyState === 1) ws.send(text);")
    private static native void sendText(JSObject ws, String text);

    @JSBody(params = "ws", script = "if (ws.readyState <= 1) ws.close(1000);")
    private static native void closeSocket(JSObject ws);

    @Override
    public void open(String url, Listener listener) {
        socket = openSocket(url, listener::onOpen, listener::onFrame, listener::onClosed);
    }

    @Override
    public void send(String frame) {
        if (socket != null) {
            sendText(socket, frame);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            closeSocket(socket);
        }
    }

    @Override
    public boolean isSecure(String url) {
        return Urls.isSecureWebSocket(url);
    }
}
