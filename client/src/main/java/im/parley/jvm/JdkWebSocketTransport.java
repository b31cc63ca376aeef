package im.parley.jvm;

import im.parley.stream.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * RFC 7395 transport on the JVM (java.net.http WebSocket, subprotocol "xmpp"). Callbacks are handed to the
 * client's single event thread ({@code events}), so the core never sees two at once.
 */
public final class JdkWebSocketTransport implements Transport {
    private final Executor events;
    private final HttpClient http;
    private volatile WebSocket socket;
    private volatile Runnable failed;

    public JdkWebSocketTransport(Executor events) {
        this(events, null);
    }

    /** With the TLS context of {@code ssl} (a client certificate, a test CA); null: the JDK's default. */
    public JdkWebSocketTransport(Executor events, javax.net.ssl.SSLContext ssl) {
        this.events = events;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
    }

    @Override
    public void open(String url, Listener listener) {
        http.newWebSocketBuilder().subprotocols("xmpp").buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();
            private boolean closed;

            @Override
            public void onOpen(WebSocket webSocket) {
                socket = webSocket;
                events.execute(listener::onOpen);
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    events.execute(() -> listener.onFrame(frame));
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeOnce(statusCode == WebSocket.NORMAL_CLOSURE ? null : "closed with " + statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeOnce(String.valueOf(error.getMessage()));
            }

            private synchronized void closeOnce(String why) {
                if (!closed) {
                    closed = true;
                    events.execute(() -> listener.onClosed(why));
                }
            }

            {
                failed = () -> closeOnce("send failed");
            }
        }).exceptionally(error -> {
            events.execute(() -> listener.onClosed(String.valueOf(error.getCause() == null ? error : error.getCause())));
            return null;
        });
    }

    @Override
    public void send(String frame) {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            // sendText must not overlap: join each send before the next.
            try {
                ws.sendText(frame, true).join();
            } catch (RuntimeException e) {
                ws.abort();
                Runnable f = failed;
                if (f != null) {
                    f.run();
                }
            }
        }
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    @Override
    public boolean isSecure(String url) {
        return im.parley.stream.Urls.isSecureWebSocket(url);
    }
}
