package im.parley.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A BOSH endpoint in front of Prosody's that records the headers of every request it passes on (a stand-in for a
 * load balancer that routes by cookie, or a gateway that wants a header). Cross-origin to Parley's pages, it answers
 * CORS itself, credentials included, for the origin that asks.
 */
public final class BoshRecorder implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstream;
    private final List<Map<String, String>> posts = new ArrayList<>();

    public BoshRecorder(String upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads); // BOSH holds requests open: one thread each
        server.createContext("/http-bind", this::handle);
        server.start();
    }

    /**
     * This endpoint's URL, on the same site as Parley's test pages (localhost; another port), as a BOSH gateway
     * in front of a chat server usually is: the browser sends its cookies (SameSite=Lax by default).
     */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/http-bind";
    }

    /** The headers (lower-case names) of each POST so far. */
    public synchronized List<Map<String, String>> posts() {
        return new ArrayList<>(posts);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String origin = ex.getRequestHeaders().getFirst("Origin");
            if (origin != null) {
                ex.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
                ex.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
                ex.getResponseHeaders().add("Vary", "Origin");
            }
            if (ex.getRequestMethod().equals("OPTIONS")) {
                String asked = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
                ex.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, OPTIONS");
                if (asked != null) {
                    ex.getResponseHeaders().add("Access-Control-Allow-Headers", asked);
                }
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(", ", v)));
            synchronized (this) {
                posts.add(headers);
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(URI.create(upstream)).timeout(Duration.ofSeconds(90))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                ex.sendResponseHeaders(502, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
