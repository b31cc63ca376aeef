package im.parley.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The plugin rules with a fake script host: only whitelisted, not blacklisted plugins from Parley's origin whose
 * bytes match their digest run; names are unique; registration closes; nothing can be replaced or removed.
 */
class PluginLoaderTest {
    static final String ORIGIN = "https://chat.example.org";

    /** Serves scripts by URL; a script "registers" the name written in it. */
    static final class FakeHost implements PluginLoader.ScriptHost {
        final Map<String, String> files = new LinkedHashMap<>();
        final List<String> fetched = new ArrayList<>();
        boolean closed;

        @Override
        public String origin() {
            return ORIGIN;
        }

        @Override
        public void fetch(String url, String algorithm, BiConsumer<PluginLoader.Fetched, String> done) {
            fetched.add(url);
            String text = files.get(url);
            if (text == null) {
                done.accept(null, "HTTP status 404");
                return;
            }
            assertEquals("SHA-256", algorithm);
            String digest = Base64.encode(sha(text));
            done.accept(new PluginLoader.Fetched() {
                @Override
                public String digest() {
                    return digest;
                }

                @Override
                public Plugin run(String expectedName) {
                    String registers = text.substring("registers ".length());
                    if (!registers.equals(expectedName)) {
                        throw new IllegalStateException("the script registered '" + registers + "' but was declared as '"
                                + expectedName + "'");
                    }
                    return Plugin.of(registers, ctx -> { });
                }
            }, null);
        }

        @Override
        public void closed() {
            closed = true;
        }
    }

    static byte[] sha(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String sri(String text) {
        return "sha256-" + Base64.encode(sha(text));
    }

    @Test
    void onlyVerifiedWhitelistedPluginsFromParleysOriginAreRegistered() {
        FakeHost host = new FakeHost();
        host.files.put("plugins/good.js", "registers good");
        host.files.put("plugins/tampered.js", "registers tampered");
        host.files.put("plugins/liar.js", "registers someone-else");
        host.files.put(ORIGIN + "/plugins/absolute.js", "registers absolute");
        List<PluginDescriptor> list = List.of(
                new PluginDescriptor("good", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("tampered", "plugins/tampered.js", sri("what the deployment reviewed")),
                new PluginDescriptor("liar", "plugins/liar.js", sri("registers someone-else")),
                new PluginDescriptor("foreign", "https://cdn.example.net/x.js", sri("x")),
                new PluginDescriptor("scheme-relative", "//cdn.example.net/x.js", sri("x")),
                new PluginDescriptor("data", "data:text/javascript,alert(1)", sri("x")),
                new PluginDescriptor("absolute", ORIGIN + "/plugins/absolute.js", sri("registers absolute")),
                new PluginDescriptor("roster", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("good", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("unlisted", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("banned", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("weak", "plugins/good.js", "md5-AAAA"),
                new PluginDescriptor("Bad Name", "plugins/good.js", sri("registers good")),
                new PluginDescriptor("missing", "plugins/missing.js", sri("x")));
        PluginPolicy policy = new PluginPolicy(List.of("good", "tampered", "liar", "foreign", "scheme-relative",
                "data", "absolute", "roster", "banned", "weak", "Bad Name", "missing"), List.of("banned"));
        PluginRegistry registry = new PluginRegistry(List.of("roster", "chat"));
        Map<String, String> refused = new LinkedHashMap<>();
        boolean[] done = {false};
        new PluginLoader(host).load(list, policy, registry, (name, why) -> refused.merge(name, why, (a, b) -> a + " | " + b),
                () -> done[0] = true);

        assertTrue(done[0]);
        assertEquals(List.of("roster", "chat", "good", "absolute"), registry.names());
        assertTrue(refused.get("tampered").startsWith("the code at plugins/tampered.js does not match its integrity "
                + "value (expected " + sri("what the deployment reviewed") + ", the file has "
                + sri("registers tampered") + ")"), refused.get("tampered"));
        assertEquals("the script registered 'someone-else' but was declared as 'liar'", refused.get("liar"));
        assertTrue(refused.get("foreign").contains("is not on Parley's origin " + ORIGIN), refused.get("foreign"));
        assertTrue(refused.get("scheme-relative").contains("not on Parley's origin"));
        assertTrue(refused.get("data").contains("not on Parley's origin"));
        assertEquals("a plugin named 'roster' is registered already; a registered plugin cannot be replaced or "
                + "removed", refused.get("roster"));
        assertTrue(refused.get("good").startsWith("a plugin named 'good' is registered already"), refused.get("good"));
        assertEquals("'unlisted' is not in whitelisted_plugins", refused.get("unlisted"));
        assertEquals("'banned' is in blacklisted_plugins", refused.get("banned"));
        assertTrue(refused.get("weak").startsWith("its integrity value must be sha256-, sha384- or sha512-"));
        assertTrue(refused.get("Bad Name").contains("is not a plugin name"));
        assertTrue(refused.get("missing").contains("HTTP status 404"));
        // Nothing that the policy refuses is even fetched.
        assertEquals(List.of("plugins/good.js", "plugins/tampered.js", "plugins/liar.js",
                ORIGIN + "/plugins/absolute.js", "plugins/missing.js"), host.fetched);

        // Registration is closed now: late plugins are refused, and the host was told.
        assertTrue(registry.isClosed());
        assertTrue(host.closed);
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> registry.register(Plugin.of("late", ctx -> { })));
        assertEquals("plugin registration is closed: 'late' comes too late (plugins register before the client "
                + "starts)", late.getMessage());
        // The list handed out cannot be used to remove or replace a plugin.
        assertThrows(UnsupportedOperationException.class, () -> registry.plugins().clear());
        assertEquals(2, registry.plugins().size());
    }

    @Test
    void integrityValuesAreParsedStrictly() {
        assertEquals("SHA-384", PluginPolicy.Integrity.parse("sha384-" + Base64.encode(new byte[48])).webCryptoName());
        assertEquals("SHA-512", PluginPolicy.Integrity.parse("sha512-" + Base64.encode(new byte[64])).webCryptoName());
        for (String bad : new String[] {"", "sha256-", "sha256-AAAA", "sha1-" + Base64.encode(new byte[20]),
            "SHA256-" + Base64.encode(new byte[32]), "sha256-" + Base64.encode(new byte[32]) + " sha256-x",
            "sha256-" + Base64.encode(new byte[48])}) {
            assertThrows(IllegalArgumentException.class, () -> PluginPolicy.Integrity.parse(bad), bad);
        }
    }

    @Test
    void urlsMustStayOnParleysOrigin() {
        assertTrue(PluginPolicy.sameOrigin("plugins/a.js", ORIGIN));
        assertTrue(PluginPolicy.sameOrigin("/plugins/a.js", ORIGIN));
        assertTrue(PluginPolicy.sameOrigin(ORIGIN + "/a.js", ORIGIN));
        for (String bad : new String[] {ORIGIN + ".evil.net/a.js", ORIGIN + "@evil.net/a.js", "//evil.net/a.js",
            "javascript:alert(1)", "blob:" + ORIGIN + "/x", "\\\\evil.net\\a.js", " //evil.net/a.js",
            "/\t/evil.net/a.js", "http://chat.example.org/a.js", ""}) {
            assertTrue(!PluginPolicy.sameOrigin(bad, ORIGIN), bad);
        }
    }
}
