package im.parley.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Prosody for tests and the demo: its own config and data in a temporary directory, free loopback
 * ports, accounts and rosters written before start, run as a plain child process and stopped by PID.
 */
public final class Prosody implements AutoCloseable {
    public static final String DOMAIN = "localhost";

    private final Path dir;
    private final int c2sPort;
    private final int httpPort;
    private final Process process;
    /** Where this server checks OAuth tokens (an {@link OidcAuthority} listens there once a test starts one). */
    private int introspectionPort;

    /**
     * An account with its password and the contacts (bare JID -> name) in its roster, subscription both, each in the
     * groups given (bare JID -> groups; by default "Friends").
     */
    public record Account(String user, String password, Map<String, String> contacts, Map<String, List<String>> groups) {
        public Account(String user, String password, Map<String, String> contacts) {
            this(user, password, contacts, Map.of());
        }

        public String jid() {
            return user + "@" + DOMAIN;
        }
    }

    private Prosody(Path dir, int c2sPort, int httpPort, Process process) {
        this.dir = dir;
        this.c2sPort = c2sPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    public static Prosody start(List<Account> accounts) {
        try {
            if (!Files.isExecutable(Path.of("/usr/bin/prosody"))) {
                throw new IllegalStateException("Prosody is not installed: run `apt-get install prosody prosody-modules` "
                        + "(./parley test does it for you)");
            }
            Path dir = Files.createTempDirectory("parley-prosody-");
            int c2s = freePort();
            int http = freePort();
            Files.createDirectories(dir.resolve("data"));
            int introspection = freePort();
            int https = freePort();
            TestCertificates tls = TestCertificates.create(dir.resolve("tls"), CCERT_USER + "@" + CCERT_DOMAIN);
            Files.writeString(dir.resolve("prosody.cfg.lua"), config(dir, c2s, http, introspection, https));
            for (Account a : accounts) {
                register(dir, a);
                writeRoster(dir, a);
            }
            run(List.of("prosodyctl", "--config", dir.resolve("prosody.cfg.lua").toString(), "register",
                    PEP_ONLY_USER, PEP_ONLY_DOMAIN, PEP_ONLY_PASSWORD));
            Process p = new ProcessBuilder("prosody", "--config", dir.resolve("prosody.cfg.lua").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Prosody prosody = new Prosody(dir, c2s, http, p);
            prosody.introspectionPort = introspection;
            prosody.httpsPort = https;
            prosody.certificates = tls;
            prosody.awaitPort(https);
            prosody.awaitPort(c2s);
            prosody.awaitPort(http);
            return prosody;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(Path dir, int c2s, int http, int introspection, int https) {
        Path tls = dir.resolve("tls");
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "run_as_root = true\n" : "")
                + "certificates = \"" + dir + "\"\n"
                + "pidfile = \"" + dir + "/prosody.pid\"\n"
                + "data_path = \"" + dir + "/data\"\n"
                + "log = { debug = \"" + dir + "/prosody.log\"; error = \"" + dir + "/prosody.err\"; }\n"
                + "daemonize = false\n"
                + "interfaces = { \"127.0.0.1\" }\n"
                + "c2s_ports = { " + c2s + " }\n"
                + "s2s_ports = { }\n"
                + "http_ports = { " + http + " }\n"
                + "http_interfaces = { \"127.0.0.1\" }\n"
                // wss:// and https:// with the tests' CA; a client certificate is asked for (and optional): SASL
                // EXTERNAL on ccert.localhost takes the account from it.
                + "https_ports = { " + https + " }\n"
                + "https_interfaces = { \"127.0.0.1\" }\n"
                + "https_ssl = { certificate = \"" + tls.resolve("server.crt") + "\"; key = \"" + tls.resolve("server.key")
                + "\"; cafile = \"" + tls.resolve("ca.crt") + "\"; verify = { \"peer\"; \"client_once\" }; }\n"
                + "c2s_require_encryption = false\n"
                + "allow_unencrypted_plain_auth = true\n"
                + "consider_websocket_secure = true\n"
                + "consider_bosh_secure = true\n"
                + "http_cors_override = { websocket = { enabled = true }; bosh = { enabled = true } }\n"
                + "authentication = \"internal_hashed\"\n"
                + "storage = \"internal\"\n"
                + "archive_expires_after = \"never\"\n"
                // The internal store refuses archive items past 10,000 per account by default, and mod_mam then
                // trims the archive on every message (the Converse bench's bursts slowed from 500 to 50 a second).
                + "storage_archive_item_limit = 1000000\n"
                + "limits = { c2s = { rate = \"10mb/s\"; }; }\n"
                + "smacks_max_queue_size = 5000\n"
                // How long a lost session waits to be resumed (XEP-0198); the benchmarks shorten it (their browser
                // contexts close without logging out, and the sessions left behind would take every later message).
                + "smacks_hibernation_time = " + Integer.getInteger("parley.prosody.hibernation", 120) + "\n"
                + "modules_enabled = {\n"
                + "  \"roster\"; \"saslauth\"; \"disco\"; \"carbons\"; \"pep\"; \"private\"; \"blocklist\";\n"
                + "  \"vcard4\"; \"vcard_legacy\"; \"version\"; \"time\"; \"ping\"; \"mam\"; \"csi_simple\";\n"
                + "  \"smacks\"; \"bosh\"; \"websocket\"; \"bookmarks\"; \"http\"; \"register\";\n"
                // SASL2 (XEP-0388) with Bind 2 (XEP-0386) from Debian's prosody-modules: logins on the main host use
                // them; the other hosts below keep RFC 6120 SASL and bind, so both ways stay tested.
                + "  \"sasl2\"; \"sasl2_bind2\";\n"
                // The OAUTHBEARER mechanism (offered only where the auth provider checks tokens: oauth.localhost).
                + "  \"sasl_oauthbearer\";\n"
                + "}\n"
                + "modules_disabled = { \"tls\"; \"s2s\"; }\n"
                + "http_external_url = \"http://127.0.0.1:" + http + "/\"\n"
                + "http_default_host = \"" + DOMAIN + "\"\n"
                + "VirtualHost \"" + DOMAIN + "\"\n"
                // File upload (XEP-0363), served on the same loopback HTTP port as WebSocket and BOSH.
                + "Component \"upload." + DOMAIN + "\" \"http_file_share\"\n"
                + "  http_host = \"" + DOMAIN + "\"\n"
                + "  http_file_share_size_limit = " + UPLOAD_LIMIT + "\n"
                // Anonymous logins (SASL ANONYMOUS): the server makes up a temporary account on this host.
                + "VirtualHost \"" + ANON_DOMAIN + "\"\n"
                + "  authentication = \"anonymous\"\n"
                + "  modules_disabled = { \"sasl2\"; \"sasl2_bind2\" }\n"
                // No vCard-to-PEP bridge (and no vCard store) here: an avatar in PEP was put there by the client.
                + "VirtualHost \"" + PEP_ONLY_DOMAIN + "\"\n"
                + "  modules_disabled = { \"vcard_legacy\"; \"vcard4\"; \"sasl2\"; \"sasl2_bind2\" }\n"
                // OAuth 2.0 (SASL OAUTHBEARER, RFC 7628) with Debian's mod_sasl_oauthbearer and mod_auth_oauthbearer:
                // every account exists, and a login's token is checked by an HTTPS GET to oauth_url (the tests'
                // OidcAuthority, which asks the OpenID provider's introspection endpoint).
                + "VirtualHost \"" + OAUTH_DOMAIN + "\"\n"
                + "  authentication = \"oauthbearer\"\n"
                + "  modules_disabled = { \"sasl2\"; \"sasl2_bind2\" }\n"
                + "  oauth_client_id = \"" + OidcAuthority.INTROSPECTION_CLIENT + "\"\n"
                + "  oauth_client_secret = \"" + OidcAuthority.INTROSPECTION_SECRET + "\"\n"
                + "  oauth_url = \"https://127.0.0.1:" + introspection + "/introspect/{{password}}\"\n"
                // SASL EXTERNAL (XEP-0178) with Debian's mod_auth_ccert: the account is the client certificate's
                // id-on-xmppAddr, over TLS only.
                + "VirtualHost \"" + CCERT_DOMAIN + "\"\n"
                + "  authentication = \"ccert\"\n"
                + "  modules_disabled = { \"sasl2\"; \"sasl2_bind2\" }\n";
    }

    private static void register(Path dir, Account a) throws IOException {
        run(List.of("prosodyctl", "--config", dir.resolve("prosody.cfg.lua").toString(), "register", a.user(), DOMAIN,
                a.password()));
    }

    /** Writes the account's roster in Prosody's internal storage format (data/HOST/roster/USER.dat). */
    private static void writeRoster(Path dir, Account a) throws IOException {
        StringBuilder lua = new StringBuilder("return {\n\t[false] = { version = 1; pending = {}; };\n");
        for (Map.Entry<String, String> c : a.contacts().entrySet()) {
            lua.append("\t[\"").append(c.getKey()).append("\"] = { subscription = \"both\"; groups = { ");
            for (String g : a.groups().getOrDefault(c.getKey(), List.of("Friends"))) {
                lua.append("[\"").append(g).append("\"] = true; ");
            }
            lua.append("}; name = \"").append(c.getValue()).append("\"; };\n");
        }
        lua.append("};\n");
        Path rosterDir = dir.resolve("data").resolve(DOMAIN).resolve("roster");
        Files.createDirectories(rosterDir);
        Files.writeString(rosterDir.resolve(a.user() + ".dat"), lua.toString());
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prosody exited at start:\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Prosody did not listen on " + port + ":\n" + log());
    }

    public String websocketUrl() {
        return "ws://127.0.0.1:" + httpPort + "/xmpp-websocket";
    }

    /** The BOSH endpoint (XEP-0206, mod_bosh). */
    public String boshUrl() {
        return "http://127.0.0.1:" + httpPort + "/http-bind";
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dir() {
        return dir;
    }

    /** The server's logs, for a failing test's report. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"stdout.log", "prosody.err", "prosody.log"}) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                try {
                    String text = Files.readString(p);
                    if (text.length() > 20_000) {
                        text = "..." + text.substring(text.length() - 20_000);
                    }
                    sb.append("==== ").append(f).append(" ====\n").append(text).append('\n');
                } catch (IOException e) {
                    sb.append("(cannot read ").append(f).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo and test accounts: alice and bob, each in the other's roster. */
    public static List<Account> demoAccounts() {
        List<Account> list = new ArrayList<>();
        Map<String, String> aliceContacts = new LinkedHashMap<>();
        aliceContacts.put("bob@" + DOMAIN, "Bob");
        Map<String, String> bobContacts = new LinkedHashMap<>();
        bobContacts.put("alice@" + DOMAIN, "Alice");
        list.add(new Account("alice", "alice-secret-pw", aliceContacts));
        list.add(new Account("bob", "bob-secret-pw", bobContacts));
        list.add(new Account("carol", "carol-secret-pw", new LinkedHashMap<>()));
        return list;
    }

    /**
     * The demo accounts plus ones that only the cache tests use (each test class its own account, so that
     * leftover offline messages of other tests never reach them): dora and erin are each other's contacts, and
     * every string that names them is distinctive enough to search for in a storage dump.
     */
    /** A host without vCards (no vcard-temp, no vCard-to-PEP bridge), with one account. */
    public static final String PEP_ONLY_DOMAIN = "pep." + DOMAIN;
    public static final String PEP_ONLY_USER = "pat";
    public static final String PEP_ONLY_PASSWORD = "pat-Pw7-pass";

    /** The host where anyone may log in anonymously. */
    public static final String ANON_DOMAIN = "anon." + DOMAIN;
    /** A host whose accounts log in with an OAuth token (OAUTHBEARER) from the tests' OpenID provider. */
    public static final String OAUTH_DOMAIN = "oauth." + DOMAIN;

    /** A host whose accounts log in with a client certificate (SASL EXTERNAL). */
    public static final String CCERT_DOMAIN = "ccert." + DOMAIN;
    /** The account the tests' client certificate is for (its id-on-xmppAddr is CCERT_USER@CCERT_DOMAIN). */
    public static final String CCERT_USER = "cora";

    private int httpsPort;
    private TestCertificates certificates;

    /** XMPP over WebSocket with TLS (the tests' CA), where a client certificate can be presented. */
    public String secureWebsocketUrl() {
        return "wss://127.0.0.1:" + httpsPort + "/xmpp-websocket";
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** The port this server's oauth_url points at (see {@link OidcAuthority}). */
    public int introspectionPort() {
        return introspectionPort;
    }

    /** The largest file the upload service takes (bytes). */
    public static final int UPLOAD_LIMIT = 1024 * 1024;

    /** How many contacts zed has. */
    public static final int MANY_CONTACTS = 10_000;

    public static List<Account> testAccounts() {
        List<Account> list = demoAccounts();
        Map<String, String> doraContacts = new LinkedHashMap<>();
        doraContacts.put("erin@" + DOMAIN, "Erin Quillfeather");
        Map<String, String> erinContacts = new LinkedHashMap<>();
        erinContacts.put("dora@" + DOMAIN, "Dora Vantablack");
        list.add(new Account("dora", "dora-Zq7-pass", doraContacts));
        list.add(new Account("erin", "erin-Kx2-pass", erinContacts));
        // yara stays logged in across page loads (and has her password changed under her); bea writes to her.
        list.add(new Account("yara", "yara-Pw7-pass", new LinkedHashMap<>(Map.of("bea@" + DOMAIN, "Bea Okafor"))));
        list.add(new Account("bea", "bea-Pw7-pass", new LinkedHashMap<>(Map.of("yara@" + DOMAIN, "Yara Lindqvist"))));
        // pia scrolls back through the archive of her chat with rex.
        list.add(new Account("pia", "pia-Pw7-pass", new LinkedHashMap<>(Map.of("rex@" + DOMAIN, "Rex"))));
        list.add(new Account("rex", "rex-Pw7-pass", new LinkedHashMap<>(Map.of("pia@" + DOMAIN, "Pia"))));
        // sam blocks tom and unblocks him again.
        list.add(new Account("sam", "sam-Pw7-pass", new LinkedHashMap<>(Map.of("tom@" + DOMAIN, "Tom"))));
        list.add(new Account("tom", "tom-Pw7-pass", new LinkedHashMap<>(Map.of("sam@" + DOMAIN, "Sam"))));
        // Contact management starts from empty rosters: fay adds gus; ivy asks hal, who takes no requests.
        // jay's cache gets an old roster replayed into it.
        // lee changes its password (and changes it back).
        // kim runs plugins, which max probes; nia and oto test the stanza policy on the JVM.
        // uma renames vic and sets her status on the JVM; in the browser, wes does the same with xia, filters his
        // grouped contacts and goes idle; zed has 10,000 contacts (the virtualised list).
        // mia, leo and noa only pose for the README's screenshots (nothing else writes to their archive).
        Map<String, String> miaContacts = new LinkedHashMap<>();
        miaContacts.put("leo@" + DOMAIN, "Leo Brandt");
        miaContacts.put("noa@" + DOMAIN, "Noa Berg");
        list.add(new Account("mia", "mia-Pw7-pass", miaContacts));
        list.add(new Account("leo", "leo-Pw7-pass", new LinkedHashMap<>(Map.of("mia@" + DOMAIN, "Mia Rossi"))));
        list.add(new Account("noa", "noa-Pw7-pass", new LinkedHashMap<>(Map.of("mia@" + DOMAIN, "Mia Rossi"))));
        // walt writes to vera and vito while they are away (delayed delivery, in the browser; one per worker build).
        Map<String, String> waltContacts = new LinkedHashMap<>();
        waltContacts.put("vera@" + DOMAIN, "Vera");
        waltContacts.put("vito@" + DOMAIN, "Vito");
        list.add(new Account("walt", "walt-Pw7-pass", waltContacts));
        list.add(new Account("vera", "vera-Pw7-pass", new LinkedHashMap<>(Map.of("walt@" + DOMAIN, "Walt"))));
        list.add(new Account("vito", "vito-Pw7-pass", new LinkedHashMap<>(Map.of("walt@" + DOMAIN, "Walt"))));
        // quin chats with ruth and saul in boxes side by side (the overlayed mode).
        Map<String, String> quinContacts = new LinkedHashMap<>();
        quinContacts.put("ruth@" + DOMAIN, "Ruth");
        quinContacts.put("saul@" + DOMAIN, "Saul");
        list.add(new Account("quin", "quin-Pw7-pass", quinContacts));
        list.add(new Account("ruth", "ruth-Pw7-pass", new LinkedHashMap<>(Map.of("quin@" + DOMAIN, "Quin"))));
        list.add(new Account("saul", "saul-Pw7-pass", new LinkedHashMap<>(Map.of("quin@" + DOMAIN, "Quin"))));
        // ned scrolls through a long conversation with ola (the windowed message list).
        list.add(new Account("ned", "ned-Pw7-pass", new LinkedHashMap<>(Map.of("ola@" + DOMAIN, "Ola"))));
        list.add(new Account("ola", "ola-Pw7-pass", new LinkedHashMap<>(Map.of("ned@" + DOMAIN, "Ned"))));
        list.add(new Account("uma", "uma-Pw7-pass", new LinkedHashMap<>(Map.of("vic@" + DOMAIN, "Vic"))));
        list.add(new Account("vic", "vic-Pw7-pass", new LinkedHashMap<>(Map.of("uma@" + DOMAIN, "Uma"))));
        Map<String, String> wesContacts = new LinkedHashMap<>();
        wesContacts.put("xia@" + DOMAIN, "Xia");
        wesContacts.put("yan@" + DOMAIN, "Yan Example");
        wesContacts.put("zoe@" + DOMAIN, "Zoe Example");
        list.add(new Account("wes", "wes-Pw7-pass", wesContacts, Map.of("xia@" + DOMAIN, List.of("Work"),
                "yan@" + DOMAIN, List.of("Friends", "Work"), "zoe@" + DOMAIN, List.of())));
        list.add(new Account("xia", "xia-Pw7-pass", new LinkedHashMap<>(Map.of("wes@" + DOMAIN, "Wes"))));
        Map<String, String> many = new LinkedHashMap<>();
        Map<String, List<String>> manyGroups = new LinkedHashMap<>();
        for (int i = 1; i <= MANY_CONTACTS; i++) {
            String jid = String.format("c%05d@%s", i, DOMAIN);
            many.put(jid, String.format("Contact %05d", i));
            manyGroups.put(jid, List.of());
        }
        list.add(new Account("zed", "zed-Pw7-pass", many, manyGroups));
        // Scrolling back through the cache (CachedHistoryInBrowserTest): an account per worker build, one peer.
        list.add(new Account("histjs", "histjs-Pw7-pass", new LinkedHashMap<>(Map.of("quill@" + DOMAIN, "Quill"))));
        list.add(new Account("histwasm", "histwasm-Pw7-pass", new LinkedHashMap<>(Map.of("quill@" + DOMAIN, "Quill"))));
        list.add(new Account("backjs", "backjs-Pw7-pass", new LinkedHashMap<>(Map.of("quill@" + DOMAIN, "Quill"))));
        list.add(new Account("backwasm", "backwasm-Pw7-pass", new LinkedHashMap<>(Map.of("quill@" + DOMAIN, "Quill"))));
        list.add(new Account("quill", "quill-Pw7-pass", new LinkedHashMap<>(Map.of("histjs@" + DOMAIN, "Hist JS",
                "histwasm@" + DOMAIN, "Hist Wasm", "backjs@" + DOMAIN, "Back JS", "backwasm@" + DOMAIN,
                "Back Wasm"))));
        for (String user : new String[] {"fay", "gus", "hal", "ivy", "jay", "lee", "kim", "max", "nia", "oto"}) {
            list.add(new Account(user, user + "-Pw7-pass", new LinkedHashMap<>()));
        }
        return list;
    }
}
