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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** embed.js on a page of another origin: one global, settings over a MessageChannel, nothing secret in reach. */
class EmbedTest extends BrowserSupport {

    private List<String> loadEmbed() {
        configure("auto");
        page.navigate(TestServers.dist().hostOrigin() + "/blank.html");
        page.waitForFunction("() => typeof window.parley === 'object'");
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private List<String> globals() {
        return (List<String>) page.evaluate("() => Object.getOwnPropertyNames(window)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void hostPageInitializesAcrossOriginsAndReachesNoSecret(String build) throws Exception {
        configure(build);
        // A page without embed.js gives the baseline of globals; then the script is added the way a site adds it.
        page.navigate(TestServers.dist().hostOrigin() + "/blank-noembed.html");
        List<String> before = globals();
        page.addScriptTag(new Page.AddScriptTagOptions().setUrl(TestServers.dist().parleyOrigin() + "/embed.js"));
        List<String> after = globals();
        List<String> added = new java.util.ArrayList<>(after);
        added.removeAll(before);
        assertEquals(List.of("parley"), added, "embed.js must add exactly one global");
        assertEquals(Boolean.TRUE, page.evaluate("() => Object.isFrozen(parley) && Object.isFrozen(parley.initialize)"
                + " && Object.getOwnPropertyDescriptor(window, 'parley').writable === false"));

        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            page.evaluate("([ws, build]) => { window.__events = []; "
                    + "parley.on('state', s => window.__events.push('state:' + s));"
                    + "parley.on('unread', n => window.__events.push('unread:' + n));"
                    + "parley.initialize({websocket_url: ws, jid: 'alice@localhost', password: 'alice-secret-pw',"
                    + " auto_login: true, view_mode: 'overlayed', worker_build: build}); }",
                    List.of(TestServers.prosody().websocketUrl(), build));
            FrameLocator frame = page.frameLocator("iframe.parley-frame");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-build", build);
            page.waitForFunction("() => window.__events.includes('state:online')");

            // parley.open opens a chat (and does nothing else: it cannot send).
            page.evaluate("() => parley.open('bob@localhost')");
            Locator bobBox = frame.locator(".p-box[data-jid='bob@localhost']");
            assertThat(bobBox.locator(".p-peer")).containsText("bob@localhost");
            bobBox.locator(".p-box-close").click();

            bob.send(ALICE, "secret conversation text");
            page.waitForFunction("() => window.__events.includes('unread:1')");
            frame.locator(".p-conversation-button[data-jid='bob@localhost']").click();
            assertThat(bobBox.locator(".p-message.p-in .p-body").last()).hasText("secret conversation text");
            bobBox.locator(".p-composer-text").fill("reply from the overlay");
            bobBox.locator(".p-composer-text").press("Enter");
            Message got = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(got);
            assertEquals("reply from the overlay", got.getBody());

            // The contacts box minimises to its header bar and shows unread messages there (no chat box open).
            bobBox.locator(".p-box-close").click();
            frame.locator(".p-toggle").click();
            page.waitForFunction("() => document.querySelector('iframe.parley-frame').getBoundingClientRect().height < 60");
            bob.send(ALICE, "while minimised");
            assertThat(frame.locator(".p-toggle")).hasText("Open chat (1)");
            frame.locator(".p-toggle").click();
            page.waitForFunction("() => document.querySelector('iframe.parley-frame').getBoundingClientRect().height > 300");
            assertThat(frame.locator(".p-toggle")).hasAttribute("aria-expanded", "true");

            // What a hostile script on the host page can reach.
            @SuppressWarnings("unchecked")
            Map<String, Object> probe = (Map<String, Object>) page.evaluate("() => {"
                    + " const secrets = ['alice-secret-pw', 'secret conversation text'];"
                    + " const found = [];"
                    + " for (const name of Object.getOwnPropertyNames(window)) {"
                    + "   let v; try { v = window[name]; } catch (e) { continue; }"
                    + "   let s = ''; try { s = typeof v === 'string' ? v : JSON.stringify(v) || ''; } catch (e) {}"
                    + "   for (const x of secrets) if (s && s.includes(x)) found.push(name); }"
                    + " const html = document.documentElement.outerHTML;"
                    + " const iframe = document.querySelector('iframe.parley-frame');"
                    + " let frameDoc = 'unreadable'; try { frameDoc = iframe.contentWindow.document ? 'readable' : 'null'; } catch (e) {}"
                    + " return { found, html: secrets.some(x => html.includes(x)), local: localStorage.length,"
                    + "  session: sessionStorage.length, cookie: document.cookie, contentDocument: iframe.contentDocument === null,"
                    + "  frameDoc, apiKeys: Object.keys(parley).sort().join(',') };"
                    + "}");
            assertEquals(List.of(), probe.get("found"), "globals holding a secret");
            assertEquals(false, probe.get("html"), "secret in the host DOM");
            assertEquals(0, ((Number) probe.get("local")).intValue());
            assertEquals(0, ((Number) probe.get("session")).intValue());
            assertEquals("", probe.get("cookie"));
            assertEquals(true, probe.get("contentDocument"));
            assertEquals("unreadable", probe.get("frameDoc"));
            assertEquals("initialize,on,open,plugins", probe.get("apiKeys"));
        }
    }

    @Test
    void badSettingsAreRefusedWithAClearErrorAndNothingStarts() {
        loadEmbed();
        page.evaluate("() => parley.initialize({websocket_url: 'ws://127.0.0.1:1/x', bogus_setting: 1})");
        page.evaluate("() => parley.initialize({auto_login: 'yes'})");
        page.evaluate("() => parley.initialize({view_mode: 'sideways'})");
        page.evaluate("() => parley.initialize('not an object')");
        page.evaluate("() => parley.initialize({connection_options: {withCredentials: 'yes'}})");
        page.evaluate("() => parley.initialize({connection_options: {customHeaders: {'X-A': 'a\\r\\nX-B: b'}}})");
        page.evaluate("() => parley.initialize({connection_options: {customHeaders: {'X-A': () => 1}}})");
        page.waitForTimeout(300);
        assertEquals(0, page.locator("iframe").count(), "nothing half-started");
        String log = String.join("\n", console);
        assertTrue(log.contains("unknown setting 'bogus_setting'"), log);
        assertTrue(log.contains("setting 'auto_login' must be true or false"), log);
        assertTrue(log.contains("setting 'view_mode' must be one of fullscreen, overlayed, embedded"), log);
        assertTrue(log.contains("settings must be an object"), log);
        assertTrue(log.contains("connection_options.withCredentials must be true or false"), log);
        assertTrue(log.contains("the value of 'X-A' must be a string of printable ASCII"), log);
        assertTrue(log.contains("setting 'connection_options' must be an object like"), log);

        page.evaluate("() => parley.initialize({websocket_url: 'ws://127.0.0.1:1/x', view_mode: 'embedded'})");
        page.evaluate("() => parley.initialize({websocket_url: 'ws://127.0.0.1:1/x'})");
        page.waitForTimeout(300);
        assertEquals(1, page.locator("iframe.parley-frame").count());
        assertTrue(String.join("\n", console).contains("parley.initialize was already called"), String.join("\n", console));
    }
}
