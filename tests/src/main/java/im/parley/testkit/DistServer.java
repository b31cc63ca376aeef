package im.parley.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves Parley's dist on one loopback origin (http://localhost:P, "Parley's origin") and host pages on another
 * (http://127.0.0.1:H, "the website"), with correct MIME types and strict CSP headers, as a deployment should.
 */
public final class DistServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "wasm", "application/wasm",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final Path dist;
    private final String websocketUrl;
    private final HttpServer parley;
    private final HttpServer host;
    private volatile String parleyConfig = "{}";
    private volatile java.util.List<String> frameAncestors;
    private volatile java.util.List<String> frameAncestorsOverride;
    /** Whether Parley's policies allow WebAssembly ('wasm-unsafe-eval'); a JS-only deployment leaves it out. */
    private volatile boolean wasmAllowed = true;

    /** Serves Parley's policies with or without 'wasm-unsafe-eval' (a deployment of the JS build only). */
    public void setWasmAllowed(boolean allowed) {
        this.wasmAllowed = allowed;
    }

    private String wasm() {
        return wasmAllowed ? " 'wasm-unsafe-eval'" : "";
    }
    private final Map<String, Path> mounts = new java.util.concurrent.ConcurrentHashMap<>();

    public DistServer(Path dist, String websocketUrl) {
        this(dist, websocketUrl, 0, 0);
    }

    public DistServer(Path dist, String websocketUrl, int parleyPort, int hostPort) {
        if (!Files.isRegularFile(dist.resolve("index.html"))) {
            throw new IllegalStateException("no Parley dist at " + dist + ": build it first (mvn package)");
        }
        this.dist = dist;
        this.websocketUrl = websocketUrl;
        try {
            parley = HttpServer.create(new InetSocketAddress("127.0.0.1", parleyPort), 0);
            host = HttpServer.create(new InetSocketAddress("127.0.0.1", hostPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parley.createContext("/", this::serveParley);
        host.createContext("/", this::serveHost);
        parley.setExecutor(Executors.newFixedThreadPool(4));
        host.setExecutor(Executors.newFixedThreadPool(2));
        parley.start();
        host.start();
    }

    /** Parley's origin. */
    public String parleyOrigin() {
        return "http://localhost:" + parley.getAddress().getPort();
    }

    /**
     * A third origin, for a foreign frame on the host page (an ad, a widget of someone else): Parley's server
     * reached by its IP address instead of "localhost". It serves only mounted test directories usefully.
     */
    public String foreignOrigin() {
        return "http://127.0.0.1:" + parley.getAddress().getPort();
    }

    /** The embedding website's origin. */
    public String hostOrigin() {
        return "http://127.0.0.1:" + host.getAddress().getPort();
    }

    /**
     * Serves {@code dir} under {@code /prefix/} on Parley's origin with the worker policy: test-only workers
     * (the parser self-check) that are not part of the dist.
     */
    public void mount(String prefix, Path dir) {
        mounts.put(prefix, dir.toAbsolutePath().normalize());
    }

    /**
     * Sets the deployment config the frame reads (parley-config.json). Unless it names its own
     * {@code allowed_host_origins}, the host origin of this server is allowed; the {@code frame-ancestors} header
     * is derived from the same list, as a real deployment would do.
     */
    @SuppressWarnings("unchecked")
    public void setParleyConfig(String json) {
        java.util.Map<String, Object> config = im.parley.json.Json.parseObject(json);
        if (!config.containsKey("allowed_host_origins")) {
            config.put("allowed_host_origins", new java.util.ArrayList<Object>(java.util.List.of(hostOrigin())));
        }
        java.util.List<String> allowed = new java.util.ArrayList<>();
        for (Object o : (java.util.List<Object>) config.get("allowed_host_origins")) {
            allowed.add(String.valueOf(o));
        }
        this.frameAncestors = allowed;
        this.parleyConfig = im.parley.json.Json.write(config);
    }

    /** Sends a different frame-ancestors list than the config's (to test the frame's own origin check). */
    public void overrideFrameAncestors(java.util.List<String> origins) {
        this.frameAncestorsOverride = origins;
    }

    /**
     * The worker's policy (a dedicated worker takes the CSP of its script's response): no eval, also for the Wasm-GC
     * build (wasm-no-eval.js); blob: for plugin code, which runs from the bytes whose digest was checked; Trusted
     * Types for every script the worker loads (the loader's and the plugins' policies).
     */
    private String workerCsp() {
        // https://localhost: the host-meta of the test accounts' domain (XEP-0156 discovery; the tests answer it).
        // http://localhost:*: a BOSH gateway on the pages' own site (BoshRecorder).
        return "default-src 'none'; script-src 'self'" + wasm() + " blob:; connect-src 'self' "
                + "ws://127.0.0.1:* http://127.0.0.1:* wss://127.0.0.1:* https://localhost http://localhost:*; "
                + "require-trusted-types-for 'script'; "
                + "trusted-types parley-loader parley-plugins";
    }

    /**
     * Test-only workers and pages mounted beside the dist (the parser self-check, the glue recorder): not part of
     * Parley, and allowed to eval (the self-check's own Wasm-GC module has no precompiled glue).
     */
    private String mountCsp() {
        return "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:; connect-src 'self' "
                + "ws://127.0.0.1:*";
    }

    private String parleyCsp() {
        // Loopback WebSocket on any port: Prosody, and the misbehaving servers some tests start.
        // WebSocket and BOSH; http also for the upload service (XEP-0363), whose pictures img-src lets in.
        String ws = "ws://127.0.0.1:* http://127.0.0.1:*";
        return "default-src 'none'; script-src 'self'" + wasm() + "; worker-src 'self'; style-src 'self'; "
                + "img-src 'self' blob: data: http://127.0.0.1:*; connect-src 'self' " + ws + "; frame-ancestors 'self' "
                + String.join(" ", frameAncestorsOverride != null ? frameAncestorsOverride
                        : frameAncestors != null ? frameAncestors : java.util.List.of(hostOrigin()))
                + "; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; "
                + "trusted-types parley-worker parley-loader";
    }

    private void serveParley(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/")) {
            path = "/index.html";
        }
        if (path.equals("/parley-config.json")) {
            send(ex, 200, "json", parleyConfig.getBytes(StandardCharsets.UTF_8), parleyCsp());
            return;
        }
        Path root = dist;
        String csp = path.equals("/worker-loader.js") ? workerCsp() : parleyCsp();
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            if (path.startsWith("/" + m.getKey() + "/")) {
                root = m.getValue();
                path = path.substring(m.getKey().length() + 1);
                csp = mountCsp();
            }
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8), parleyCsp());
            return;
        }
        send(ex, 200, extension(path), Files.readAllBytes(file), csp);
    }

    private volatile String credentialsJson;
    private final java.util.List<String> credentialsRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * What the host site's credentials endpoint ({@link #credentialsUrl}) answers (Converse's credentials_url), or
     * null for 404. It answers Parley's origin only (CORS with credentials), as a site's real endpoint would.
     */
    public void setCredentials(String json) {
        this.credentialsJson = json;
    }

    /** The host site's endpoint that gives the logged-in visitor's XMPP address and password. */
    public String credentialsUrl() {
        return hostOrigin() + "/xmpp-credentials";
    }

    /** The Origin header of each request the credentials endpoint got, in order. */
    public java.util.List<String> credentialsRequests() {
        return credentialsRequests;
    }

    private void serveCredentials(HttpExchange ex) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        credentialsRequests.add(String.valueOf(origin));
        String json = credentialsJson;
        byte[] body = (json == null ? "{}" : json).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Vary", "Origin");
        if (parleyOrigin().equals(origin)) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", parleyOrigin());
            ex.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
        }
        ex.sendResponseHeaders(json == null ? 404 : 200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void serveHost(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/xmpp-credentials")) {
            serveCredentials(ex);
            return;
        }
        if (path.equals("/")) {
            path = "/demo.html";
        }
        String csp = "default-src 'none'; script-src 'self' " + parleyOrigin() + "; style-src 'self' 'unsafe-inline'; "
                + "frame-src " + parleyOrigin() + " " + foreignOrigin() + "; connect-src 'self'; base-uri 'none'";
        if (!path.matches("/[a-z0-9-]+\\.(html|js)")) {
            send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8), csp);
            return;
        }
        try (InputStream in = DistServer.class.getResourceAsStream("/hostpage" + path)) {
            if (in == null) {
                send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8), csp);
                return;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{PARLEY_ORIGIN}}", parleyOrigin())
                    .replace("{{WEBSOCKET_URL}}", websocketUrl);
            send(ex, 200, extension(path), text.getBytes(StandardCharsets.UTF_8), csp);
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }

    private static void send(HttpExchange ex, int status, String ext, byte[] body, String csp) throws IOException {
        ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.getResponseHeaders().set("Content-Security-Policy", csp);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        parley.stop(0);
        host.stop(0);
    }
}
