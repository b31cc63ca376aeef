package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import im.parley.discovery.ConnectionDiscovery;
import im.parley.testkit.TestServers;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XEP-0156 against the real server: the domain's host-meta (served here on loopback, as a web server in front of
 * Prosody would; Debian has no mod_host_meta) names Prosody's endpoints, and the client logs in through what it
 * found, over WebSocket from the XRD document and over BOSH from a JSON one that lists only BOSH.
 */
@ExtendWith(TestServers.class)
class DiscoveryAgainstProsodyTest {
    private static String discover(HttpServer web, String domain) throws Exception {
        CompletableFuture<String[]> found = new CompletableFuture<>();
        java.util.concurrent.ExecutorService loop = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            loop.submit(() -> new ConnectionDiscovery(new JdkHttp(loop), d -> "http://127.0.0.1:"
                    + web.getAddress().getPort()).discover(domain, (url, error) -> found.complete(
                            new String[] {url, error}))).get();
            String[] r = found.get(20, TimeUnit.SECONDS);
            assertNull(r[1]);
            return r[0];
        } finally {
            loop.shutdown();
        }
    }

    private static HttpServer web(String json, String xrd, List<String> asked) throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/.well-known/", ex -> {
            String path = ex.getRequestURI().getPath();
            asked.add(path);
            String body = path.endsWith("host-meta.json") ? json : path.endsWith("host-meta") ? xrd : null;
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        web.start();
        return web;
    }

    @Test
    void findsTheWebSocketEndpointInTheXrdAndLogsIn() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        String xrd = "<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>"
                + "<Link rel='urn:xmpp:alt-connections:xbosh' href='" + TestServers.prosody().boshUrl() + "'/>"
                + "<Link rel='urn:xmpp:alt-connections:websocket' href='" + TestServers.prosody().websocketUrl() + "'/>"
                + "</XRD>";
        HttpServer web = web(null, xrd, asked);
        try (JvmSession alice = new JvmSession()) {
            String url = discover(web, "localhost");
            assertEquals(TestServers.prosody().websocketUrl(), url, "WebSocket first");
            assertEquals(List.of("/.well-known/host-meta.json", "/.well-known/host-meta"), asked);
            alice.loginAt(url, "alice", "alice-secret-pw", false);
            assertTrue(alice.self.startsWith("alice@localhost/"), alice.self);
        } finally {
            web.stop(0);
        }
    }

    @Test
    void findsABoshEndpointInTheJsonAndLogsIn() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        String json = "{\"links\": [{\"rel\": \"urn:xmpp:alt-connections:xbosh\", \"href\": \""
                + TestServers.prosody().boshUrl() + "\"}]}";
        HttpServer web = web(json, null, asked);
        try (JvmSession bob = new JvmSession(true)) {
            String url = discover(web, "localhost");
            assertEquals(TestServers.prosody().boshUrl(), url);
            assertEquals(List.of("/.well-known/host-meta.json"), asked);
            bob.loginAt(url, "bob", "bob-secret-pw", false);
            assertTrue(bob.self.startsWith("bob@localhost/"), bob.self);
        } finally {
            web.stop(0);
        }
    }
}
