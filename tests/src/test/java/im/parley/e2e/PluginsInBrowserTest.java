package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plugins in the worker, against Prosody with Smack as the peer: a verified plugin gets the private API (sends,
 * handles stanzas, reads settings, keeps data in its encrypted storage) and cannot add, replace or remove plugins;
 * a tampered file, a foreign URL, a taken name, a name that is not whitelisted or is blacklisted, and a script that
 * registers another name are refused with a clear reason; the page can add plugins only before initialize and
 * cannot widen the deployment's whitelist; allow_adhoc_commands holds for what plugins send.
 */
class PluginsInBrowserTest extends BrowserSupport {
    /** Answers a probe (a body-less message with urn:parley:test:probe) with a report of what it could and could not do. */
    static final String PROBE = """
            'use strict';
            (function () {
              var report = [];
              function attempt(label, fn) {
                try { fn(); report.push(label + ': accepted'); } catch (e) { report.push(label + ': ' + e.message); }
              }
              function esc(t) { return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
              attempt('duplicate', function () { parley.plugins.add('roster', {initialize: function () {}}); });
              var probe = {
                initialize: function (api) {
                  attempt('remove', function () { delete parley.plugins; });
                  attempt('replace', function () { parley.plugins.add = function () {}; });
                  attempt('redefine', function () { self.parley = {plugins: {}}; });
                  setTimeout(function () {
                    attempt('late', function () { parley.plugins.add('late', {initialize: function () {}}); });
                  }, 0);
                  var states = [];
                  api.listen.on('state', function (s) { states.push(s); });
                  var bodies = [];
                  api.listen.on('message', function (m) { bodies.push(m.body); });
                  api.listen.stanza('message', function (s) {
                    if (s.xml.indexOf('urn:parley:test:probe') < 0) return false;
                    var peer = s.from.split('/')[0];
                    attempt('adhoc', function () {
                      api.send("<iq type='set' to='localhost'><command xmlns='http://jabber.org/protocol/commands' node='x' action='execute'/></iq>");
                    });
                    attempt('forged', function () { api.send("<message from='admin@localhost' to='" + peer + "'><body>x</body></message>"); });
                    attempt('two', function () { api.send("<message to='" + peer + "'/><message to='" + peer + "'/>"); });
                    var lines = report.concat(['jid: ' + api.jid(), 'view_mode: ' + api.settings.get('view_mode'),
                      'password: ' + api.settings.get('password'), 'states: ' + states.join(','), 'seen: ' + bodies.join(',')]);
                    function answer(stored) {
                      lines.push('storage: ' + stored);
                      api.send("<message to='" + peer + "' type='chat'><body>" + esc(lines.join('\\n')) + "</body></message>");
                    }
                    api.storage.set('greeting', 'kept in the cache').then(function () { return api.storage.get('greeting'); })
                        .then(answer, function (e) { answer('error ' + e.message); });
                    return true;
                  });
                }
              };
              parley.plugins.add('probe', probe);
              attempt('again', function () { parley.plugins.add('probe', {initialize: function () {}}); });
            })();
            """;

    static Path dir;

    @BeforeAll
    static void plugins() throws Exception {
        dir = Files.createTempDirectory("parley-plugins");
        Files.writeString(dir.resolve("probe.js"), PROBE);
        Files.writeString(dir.resolve("tampered.js"), PROBE + "\nself.tampered = true;\n");
        Files.writeString(dir.resolve("liar.js"), "parley.plugins.add('someone-else', {initialize: function () {}});");
        Files.writeString(dir.resolve("direct.js"), "self.parley.plugins.add('direct', {initialize: function () {}});"
                + "self.parleyDirect = true;");
        TestServers.dist().mount("plugins", dir);
    }

    static String sri(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The deployment: seven plugins declared, one of them good. */
    static String config(String build) throws Exception {
        String foreign = TestServers.dist().foreignOrigin() + "/plugins/probe.js";
        return "{\"websocket_url\":\"" + TestServers.prosody().websocketUrl() + "\",\"worker_build\":\"" + build
                + "\",\"persistent_store\":\"sessionStorage\",\"allow_adhoc_commands\":false,"
                + "\"allow_non_roster_messaging\":true,"
                + "\"whitelisted_plugins\":[\"probe\",\"tampered\",\"liar\",\"foreign\",\"roster\",\"banned\"],"
                + "\"blacklisted_plugins\":[\"banned\"],\"plugins\":{"
                + "\"probe\":{\"url\":\"plugins/probe.js\",\"integrity\":\"" + sri(PROBE) + "\"},"
                + "\"tampered\":{\"url\":\"plugins/tampered.js\",\"integrity\":\"" + sri(PROBE + "// reviewed") + "\"},"
                + "\"liar\":{\"url\":\"plugins/liar.js\",\"integrity\":\"" + sri(Files.readString(dir.resolve("liar.js"))) + "\"},"
                + "\"foreign\":{\"url\":\"" + foreign + "\",\"integrity\":\"" + sri(PROBE) + "\"},"
                + "\"roster\":{\"url\":\"plugins/probe.js\",\"integrity\":\"" + sri(PROBE) + "\"},"
                + "\"unlisted\":{\"url\":\"plugins/probe.js\",\"integrity\":\"" + sri(PROBE) + "\"},"
                + "\"banned\":{\"url\":\"plugins/probe.js\",\"integrity\":\"" + sri(PROBE) + "\"}}}";
    }

    private static List<String> refusals(List<String> console) {
        List<String> out = new ArrayList<>();
        for (String line : console) {
            if (line.startsWith("Parley: Plugin '")) {
                out.add(line.substring("Parley: ".length()));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aVerifiedPluginGetsThePrivateApiAndEverythingElseIsRefused(String build) throws Exception {
        List<String> console = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> console.add(m.text()));
        List<String> workerConsole = new CopyOnWriteArrayList<>();
        page.onWorker(w -> w.onConsole(m -> workerConsole.add(m.text())));
        TestServers.dist().setParleyConfig(config(build));
        try (SmackPeer max = new SmackPeer(TestServers.prosody(), "max", "max-Pw7-pass")) {
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill("kim@localhost");
            page.locator(".p-login-password").fill("kim-Pw7-pass");
            page.locator(".p-login-password").press("Enter");
            Locator root = page.locator("#parley-root");
            assertThat(root).hasAttribute("data-state", "online");
            assertThat(root).hasAttribute("data-build", build);
            assertThat(root).hasAttribute("data-plugins", "probe");

            List<String> refused = refusals(console);
            assertEquals(6, refused.size(), String.join("\n", refused));
            assertTrue(refused.get(0).startsWith("Plugin 'tampered' was not loaded: the code at plugins/tampered.js "
                    + "does not match its integrity value (expected " + sri(PROBE + "// reviewed")), refused.get(0));
            assertEquals("Plugin 'liar' was not loaded: its script failed: Parley: the script at "
                    + TestServers.dist().parleyOrigin() + "/plugins/liar.js registered 'someone-else' but was declared "
                    + "as 'liar'", refused.get(1));
            assertEquals("Plugin 'foreign' was not loaded: its URL '" + TestServers.dist().foreignOrigin()
                    + "/plugins/probe.js' is not on Parley's origin " + TestServers.dist().parleyOrigin()
                    + " (plugins are served by the deployment)", refused.get(2));
            assertEquals("Plugin 'roster' was not loaded: a plugin named 'roster' is registered already; a registered "
                    + "plugin cannot be replaced or removed", refused.get(3));
            assertEquals("Plugin 'unlisted' was not loaded: 'unlisted' is not in whitelisted_plugins", refused.get(4));
            assertEquals("Plugin 'banned' was not loaded: 'banned' is in blacklisted_plugins", refused.get(5));

            // A chat message first, which the plugin sees as an event; then the probe, which it answers.
            String hello = "hello kim " + System.nanoTime();
            max.send("kim@localhost", hello);
            assertThat(page.locator(".p-conversation-button[data-jid='max@localhost']")).isVisible();
            max.sendPayload("kim@localhost", "normal", "probe", "urn:parley:test:probe", null);
            Message answer = null;
            for (int i = 0; i < 75 && answer == null; i++) {
                answer = max.next(100, TimeUnit.MILLISECONDS);
                page.waitForTimeout(100); // Playwright delivers the worker's console events while it is called
            }
            assertNotNull(answer, "the plugin did not answer the probe; the worker said: " + workerConsole);
            List<String> lines = List.of(answer.getBody().split("\n"));
            assertEquals("duplicate: Parley: the script at " + TestServers.dist().parleyOrigin() + "/plugins/probe.js "
                    + "registered 'roster' but was declared as 'probe'", lines.get(0));
            assertEquals("again: Parley: a plugin named 'probe' is registered already; a registered plugin cannot be "
                    + "replaced or removed", lines.get(1));
            assertTrue(lines.get(2).startsWith("remove: ") && !lines.get(2).endsWith("accepted"), lines.get(2));
            assertTrue(lines.get(3).startsWith("replace: ") && !lines.get(3).endsWith("accepted"), lines.get(3));
            assertTrue(lines.get(4).startsWith("redefine: ") && !lines.get(4).endsWith("accepted"), lines.get(4));
            assertEquals("late: Parley: plugin registration is closed: 'late' comes too late (plugins register before "
                    + "the client starts)", lines.get(5));
            assertEquals("adhoc: Parley: ad-hoc commands are switched off (allow_adhoc_commands)", lines.get(6));
            assertEquals("forged: Parley: a stanza must not carry a 'from' address; the server sets it", lines.get(7));
            assertEquals("two: Parley: send takes exactly one complete stanza", lines.get(8));
            assertTrue(lines.get(9).startsWith("jid: kim@localhost/"), lines.get(9));
            assertEquals("view_mode: fullscreen", lines.get(10));
            assertEquals("password: undefined", lines.get(11));
            assertTrue(lines.get(12).startsWith("states: ") && lines.get(12).endsWith("online"), lines.get(12));
            assertEquals("seen: " + hello, lines.get(13));
            assertEquals("storage: kept in the cache", lines.get(14));
            // The probe never reached the conversation: the plugin handled it.
            page.locator(".p-conversation-button[data-jid='max@localhost']").click();
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText(hello);
            assertThat(page.locator(".p-message.p-in .p-body:empty")).hasCount(0); // a body-less probe would be one
        }
    }

    @Test
    void thePageAddsPluginsOnlyBeforeInitializeAndCannotWidenTheWhitelist() throws Exception {
        List<String> console = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> console.add(m.text()));
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"persistent_store\":\"sessionStorage\",\"whitelisted_plugins\":[\"probe\"],\"plugins\":{"
                + "\"probe\":{\"url\":\"plugins/probe.js\",\"integrity\":\"" + sri(PROBE) + "\"}}}");
        page.navigate(TestServers.dist().hostOrigin() + "/blank-noembed.html");
        page.addScriptTag(new Page.AddScriptTagOptions().setUrl(TestServers.dist().parleyOrigin() + "/embed.js"));
        String direct = sri(Files.readString(dir.resolve("direct.js")));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) page.evaluate("([direct, bad]) => {"
                + "  const out = {};"
                + "  const attempt = (k, fn) => { try { fn(); out[k] = 'accepted'; } catch (e) { out[k] = e.message; } };"
                + "  attempt('add', () => parley.plugins.add('direct', {url: 'plugins/direct.js', integrity: direct}));"
                + "  attempt('duplicate', () => parley.plugins.add('direct', {url: 'plugins/direct.js', integrity: direct}));"
                + "  attempt('md5', () => parley.plugins.add('weak', {url: 'plugins/direct.js', integrity: 'md5-AAAA'}));"
                + "  attempt('noUrl', () => parley.plugins.add('nourl', {integrity: direct}));"
                + "  out.deleted = delete parley.plugins;"
                + "  out.frozen = Object.isFrozen(parley.plugins) && Object.isFrozen(parley.plugins.add);"
                + "  out.keys = Object.keys(parley.plugins).join(',');"
                + "  parley.initialize({jid: 'kim@localhost', password: 'kim-Pw7-pass', auto_login: true,"
                + "    view_mode: 'embedded', whitelisted_plugins: ['probe', 'direct']});"
                + "  attempt('late', () => parley.plugins.add('later', {url: 'plugins/direct.js', integrity: direct}));"
                + "  return out; }", List.of(direct, "x"));
        assertEquals("accepted", r.get("add"));
        assertEquals("Parley: parley.plugins.add: a plugin named 'direct' is added already; a plugin cannot be replaced "
                + "or removed", r.get("duplicate"));
        assertTrue(String.valueOf(r.get("md5")).contains("must be sha256-, sha384- or sha512-"), r.toString());
        assertTrue(String.valueOf(r.get("noUrl")).contains("a plugin needs {url, integrity}"), r.toString());
        assertEquals(Boolean.FALSE, r.get("deleted"));
        assertEquals(Boolean.TRUE, r.get("frozen"));
        assertEquals("add", r.get("keys"));
        assertEquals("Parley: parley.plugins.add: plugin registration is closed: plugins are added before "
                + "parley.initialize", r.get("late"));

        FrameLocator frame = page.frameLocator("iframe.parley-frame");
        assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
        // The deployment whitelists only "probe": the page's wider list is narrowed, so its plugin does not run.
        assertThat(frame.locator("#parley-root")).hasAttribute("data-plugins", "probe");
        assertTrue(console.stream().anyMatch(l -> l.contains("Plugin 'direct' was not loaded: 'direct' is not in "
                + "whitelisted_plugins")), String.join("\n", console));
    }
}
