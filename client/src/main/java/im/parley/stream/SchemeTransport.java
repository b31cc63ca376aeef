package im.parley.stream;

/**
 * The transport for a URL's scheme: WebSocket (RFC 7395) for ws:// and wss://, BOSH (XEP-0206) for http:// and
 * https://. Chosen when the connection opens; the session above sees the same frames either way.
 */
public final class SchemeTransport implements Transport {
    private final Transport webSocket;
    private final Transport bosh;
    private Transport chosen;

    public SchemeTransport(Transport webSocket, Transport bosh) {
        this.webSocket = webSocket;
        this.bosh = bosh;
    }

    private Transport pick(String url) {
        return url.startsWith("http://") || url.startsWith("https://") ? bosh : webSocket;
    }

    @Override
    public void configure(im.parley.bosh.ConnectionOptions options) {
        webSocket.configure(options);
        bosh.configure(options);
    }

    @Override
    public void open(String url, Listener listener) {
        chosen = pick(url);
        chosen.open(url, listener);
    }

    @Override
    public void send(String frame) {
        chosen.send(frame);
    }

    @Override
    public void close() {
        if (chosen != null) {
            chosen.close();
        }
    }

    @Override
    public boolean isSecure(String url) {
        return pick(url).isSecure(url);
    }

    @Override
    public boolean allowsSasl2(String url) {
        return pick(url).allowsSasl2(url);
    }
}
