package im.parley.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The tests' OAuth 2.0 / OpenID Connect authority: a real provider (panva's {@code oidc-provider} from npm, pinned,
 * installed into the build directory, run by Debian's node on loopback) and the small HTTPS adapter Prosody's
 * mod_auth_oauthbearer calls to check a token ({@code GET /introspect/TOKEN} with the client's Basic credentials),
 * which asks the provider's introspection endpoint (RFC 7662) and answers 200 for an active token, else 401.
 */
public final class OidcAuthority implements AutoCloseable {
    public static final String VERSION = "9.13.3";
    public static final String INTROSPECTION_CLIENT = "prosody";
    public static final String INTROSPECTION_SECRET = "prosody-introspection-secret";
    /** Parley's client id at this provider (a public client: PKCE, no secret). */
    public static final String PARLEY_CLIENT = "parley";
    /** The same, with refresh tokens and access tokens that live five seconds. */
    public static final String PARLEY_SHORT_CLIENT = "parley-short";
    /** Parley's client with refresh tokens and hour-long access tokens ("stay logged in"). */
    public static final String PARLEY_KEEP_CLIENT = "parley-keep";

    private final Process node;
    private final HttpsServer adapter;
    private final String issuer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Starts the provider (Parley may be sent back to {@code redirectUris}) and the adapter on the port the
     * server's oauth_url names.
     */
    public static OidcAuthority start(Prosody prosody, List<String> redirectUris) throws Exception {
        return new OidcAuthority(prosody.introspectionPort(), redirectUris);
    }

    private OidcAuthority(int adapterPort, List<String> redirectUris) throws Exception {
        Path dir = install();
        Path script = dir.resolve("provider.mjs");
        try (InputStream in = OidcAuthority.class.getResourceAsStream("/oidc/provider.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        int port = Prosody.freePort();
        issuer = "http://127.0.0.1:" + port;
        StringBuilder uris = new StringBuilder("[");
        for (String u : redirectUris) {
            uris.append(uris.length() > 1 ? "," : "").append('"').append(u).append('"');
        }
        ProcessBuilder pb = new ProcessBuilder("node", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("provider.log").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("REDIRECT_URIS", uris.append(']').toString());
        pb.environment().put("INTROSPECTION_SECRET", INTROSPECTION_SECRET);
        node = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer
                        + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!node.isAlive() || System.nanoTime() > deadline) {
                node.destroyForcibly();
                throw new IllegalStateException("the OpenID provider did not start:\n"
                        + Files.readString(dir.resolve("provider.log")));
            }
            Thread.sleep(100);
        }
        adapter = HttpsServer.create(new InetSocketAddress("127.0.0.1", adapterPort), 0);
        adapter.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
        adapter.createContext("/introspect/", ex -> {
            String token = ex.getRequestURI().getRawPath().substring("/introspect/".length());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((INTROSPECTION_CLIENT + ":"
                    + INTROSPECTION_SECRET).getBytes(StandardCharsets.UTF_8));
            int status = 401;
            if (expected.equals(auth)) {
                try {
                    status = active(java.net.URLDecoder.decode(token, StandardCharsets.UTF_8)) ? 200 : 401;
                } catch (Exception e) {
                    status = 502;
                }
            }
            checked.add(status + " " + token);
            byte[] body = (status == 200 ? "{\"active\":true}" : "{\"active\":false}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        adapter.start();
    }

    private static Path install() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("parley.oidc", "target/oidc")).toAbsolutePath();
        Npm.install(dir, "oidc-provider", VERSION);
        return dir;
    }

    /** A key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool (LuaSec does not verify). */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("adapter.p12");
        Files.deleteIfExists(store);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "adapter", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    /** RFC 7662 introspection at the provider, as Prosody's client. */
    private boolean active(String token) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(issuer + "/token/introspection"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((INTROSPECTION_CLIENT + ":"
                        + INTROSPECTION_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        String body = http.send(r, HttpResponse.BodyHandlers.ofString()).body();
        return body.contains("\"active\":true");
    }

    public String issuer() {
        return issuer;
    }

    /** What the adapter answered Prosody, "STATUS TOKEN" per check, in order. */
    public List<String> checked() {
        return checked;
    }

    /** A token for a machine client (client credentials grant); "machine-short"'s expire after 2 s. */
    public String clientCredentialsToken(String client) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":machine-secret")
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        String body = http.send(r, HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Object> json = im.parley.json.Json.parseObject(body);
        Object token = json.get("access_token");
        if (!(token instanceof String)) {
            throw new IllegalStateException("no token from the provider: " + body);
        }
        return (String) token;
    }

    @Override
    public void close() {
        adapter.stop(0);
        node.destroy();
        try {
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
