package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedding page is hostile. Its script, run before or after embed.js, patches the prototypes and globals it
 * can (setters on Object.prototype, Array.prototype.push, JSON, addEventListener, postMessage), listens to every
 * key, walks everything reachable from {@code parley} and calls every function with message-like arguments,
 * forges messages to the Parley frame (a second handshake, Parley commands on the frame window and on the real
 * port it grabbed), and a frame of a third origin on the page forges messages too. Meanwhile the user logs in
 * through the frame's form, receives a message and answers it. The peer must receive exactly the user's answer;
 * the page must learn no password, no contact, no message text and no keystroke.
 */
class HostileHostTest extends BrowserSupport {
    static final String DORA = "dora@localhost";
    static final String DORA_PASSWORD = "dora-Zq7-pass";

    /** The hostile script: records everything it can see in a closure; {@code __loot()} and {@code __keys()} read it. */
    static final String HOSTILE = """
            (() => {
              const loot = [], keys = [];
              const stringify = JSON.stringify, parse = JSON.parse, push = Array.prototype.push;
              const show = (v) => { try { return typeof v === 'string' ? v : stringify(v); } catch (e) { return String(v); } };
              const note = (where, v) => { if (loot.length < 20000) push.call(loot, where + ': ' + show(v)); };
              for (const name of ['password', 'jid', 'body', 'passphrase', 'roster']) {
                try {
                  Object.defineProperty(Object.prototype, name, { configurable: true,
                    set(v) { note('setter ' + name, v); Object.defineProperty(this, name,
                      { value: v, writable: true, enumerable: true, configurable: true }); } });
                } catch (e) { note('setter failed', name); }
              }
              Array.prototype.push = function (...items) { for (const i of items) if (typeof i === 'string') note('push', i);
                return push.apply(this, items); };
              JSON.stringify = function (...a) { const out = stringify.apply(this, a); note('stringify', out); return out; };
              JSON.parse = function (...a) { note('parse', a[0]); return parse.apply(this, a); };
              const add = EventTarget.prototype.addEventListener;
              EventTarget.prototype.addEventListener = function (type, fn, opts) {
                const spy = function (ev) { try { if ('data' in ev) note('event ' + type, ev.data);
                  if ('key' in ev) push.call(keys, ev.key); } catch (e) { }
                  return typeof fn === 'function' ? fn.apply(this, arguments) : fn && fn.handleEvent(ev); };
                return add.call(this, type, spy, opts);
              };
              const grabbed = [];
              const portPost = MessagePort.prototype.postMessage;
              MessagePort.prototype.postMessage = function (m, t) { note('port.postMessage', m);
                if (!grabbed.includes(this)) push.call(grabbed, this); return portPost.apply(this, arguments); };
              const winPost = window.postMessage;
              window.postMessage = function (m) { note('window.postMessage', m); return winPost.apply(this, arguments); };
              for (const type of ['keydown', 'keypress', 'keyup', 'input', 'beforeinput']) {
                add.call(window, type, ev => push.call(keys, type + ':' + (ev.key || ev.data)), true);
                add.call(document, type, ev => push.call(keys, type + ':' + (ev.key || ev.data)), true);
              }
              add.call(window, 'message', ev => note('window message from ' + ev.origin, ev.data), true);
              window.__loot = () => loot.join('\\n');
              window.__keys = () => keys.join(',');
              window.__grabbedPorts = () => grabbed;
            })();""";

    /** Walks everything reachable from {@code parley} (not the platform's own prototypes) and calls every function. */
    static final String WALK = """
            () => {
              const seen = new Set([Object.prototype, Function.prototype, Array.prototype]);
              let calls = 0;
              const argsList = [['mallory@evil.example', 'pwned by a walk'], [{to: 'erin@localhost', body: 'pwned by a walk'}],
                ['send', {to: 'erin@localhost', body: 'pwned by a walk'}], [], ['state', () => {}],
                ['erin@localhost'], [{t: 'send', v: 1, to: 'erin@localhost', body: 'pwned by a walk'}]];
              const walk = (obj, depth) => {
                if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || seen.has(obj) || depth > 8) return;
                seen.add(obj);
                for (const key of Reflect.ownKeys(obj)) {
                  let v; try { v = obj[key]; } catch (e) { continue; }
                  if (typeof v === 'function' && key !== 'constructor') {
                    for (const a of argsList) { calls++; try { walk(v.apply(obj, a), depth + 1); } catch (e) { } }
                  }
                  walk(v, depth + 1);
                }
                walk(Object.getPrototypeOf(obj), depth + 1);
              };
              walk(window.parley, 0);
              return calls;
            }""";

    /** Forged messages to the Parley frame, from the host page itself. */
    static final String FORGE = """
            (foreignUrl) => {
              const frame = document.querySelector('iframe.parley-frame').contentWindow;
              const forged = {v: 1, t: 'send', to: 'erin@localhost', body: 'pwned by a forgery'};
              const channel = new MessageChannel();
              frame.postMessage({parley: 'parley-connect', v: 1}, '*', [channel.port2]);
              channel.port1.postMessage(JSON.stringify(forged));
              frame.postMessage(JSON.stringify(forged), '*');
              frame.postMessage(forged, '*');
              frame.postMessage(JSON.stringify({v: 1, t: 'login', websocket_url: 'ws://127.0.0.1:9/x', jid: 'dora@localhost',
                password: 'x', allow_non_roster_messaging: true, auto_reconnect: true}), '*');
              // The real port, grabbed by the patched postMessage (when the hostile script ran first).
              let n = 0;
              for (const port of window.__grabbedPorts()) {
                n++;
                port.postMessage(JSON.stringify(forged));
                port.postMessage(JSON.stringify({v: 1, t: 'init', settings: {allow_non_roster_messaging: true}}));
                port.postMessage(JSON.stringify({v: 1, t: 'open', jid: 'erin@localhost', body: 'pwned by a forgery'}));
              }
              // A frame of a third origin on the page forges messages too.
              window.addEventListener('message', ev => { if (ev.data === 'foreign-done') window.__foreignDone = true; });
              const foreign = document.createElement('iframe');
              foreign.src = foreignUrl;
              document.body.appendChild(foreign);
              return n;
            }""";

    /** The foreign frame's page: its script forges a handshake and Parley commands to the Parley frame. */
    @org.junit.jupiter.api.BeforeAll
    void mountForeignFrame() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-foreign-");
        java.nio.file.Files.writeString(dir.resolve("forge.html"), "<!doctype html><meta charset=utf-8>"
                + "<title>foreign</title><script src=\"forge.js\"></script>");
        java.nio.file.Files.writeString(dir.resolve("forge.js"), ""
                + "const parleyFrame = parent.frames[0];"
                + "const forged = {v: 1, t: 'send', to: 'erin@localhost', body: 'pwned by a foreign frame'};"
                + "const channel = new MessageChannel();"
                + "parleyFrame.postMessage({parley: 'parley-connect', v: 1}, '*', [channel.port2]);"
                + "channel.port1.postMessage(JSON.stringify(forged));"
                + "channel.port1.postMessage(JSON.stringify({v: 1, t: 'init', settings: {}}));"
                + "parleyFrame.postMessage(JSON.stringify(forged), '*');"
                + "parleyFrame.postMessage(forged, '*');"
                + "parent.postMessage('foreign-done', '*');");
        TestServers.dist().mount("foreign", dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"before", "after"})
    void aHostileHostPageLearnsNothingAndCannotMakeParleySend(String order) throws Exception {
        String tag = "Hostile" + order + System.nanoTime();
        String incoming = "Top secret plans " + tag;
        String reply = "Answer only Erin sees " + tag;
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configure("auto");
            if (order.equals("before")) {
                page.addInitScript(HOSTILE);
            }
            page.navigate(TestServers.dist().hostOrigin() + "/blank-noembed.html");
            page.addScriptTag(new Page.AddScriptTagOptions().setUrl(TestServers.dist().parleyOrigin() + "/embed.js"));
            if (order.equals("after")) {
                page.evaluate(HOSTILE); // through the DevTools protocol: the test host's CSP allows no inline script
            }
            page.evaluate("([ws]) => parley.initialize({websocket_url: ws, jid: 'dora@localhost', view_mode: 'overlayed',"
                    + " persistent_store: 'sessionStorage'})", List.of(TestServers.prosody().websocketUrl()));
            FrameLocator frame = page.frameLocator("iframe.parley-frame");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "offline");

            // The user types the password into the frame's form, key by key.
            Locator password = frame.locator(".p-login-password");
            password.click();
            password.pressSequentially(DORA_PASSWORD);
            password.press("Enter");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(frame.locator(".p-contact-button[data-jid='erin@localhost']")).containsText("Erin Quillfeather");

            // Before the page itself names Erin (its attacks do), it must not have learned who is in the roster.
            String lootBefore = (String) page.evaluate("() => window.__loot()");
            for (String secret : List.of(DORA_PASSWORD, "erin@localhost", "Quillfeather")) {
                assertFalse(lootBefore.contains(secret), "the host page learned '" + secret + "':\n" + lootBefore);
            }

            Object calls = page.evaluate(WALK);
            assertTrue(((Number) calls).intValue() > 10, "the walk called " + calls + " functions");
            page.evaluate(FORGE, TestServers.dist().foreignOrigin() + "/foreign/forge.html");
            page.waitForFunction("() => window.__foreignDone === true");

            erin.send(DORA, incoming);
            // The walk's parley.open calls opened chat boxes; erin's comes to the front.
            frame.locator(".p-conversation-button[data-jid='erin@localhost']").click();
            assertThat(frame.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasText(incoming);
            Locator composer = frame.locator(".p-box[data-jid='erin@localhost'] .p-composer-text");
            composer.click();
            composer.pressSequentially(reply);
            composer.press("Enter");

            // Erin receives the user's answer, and nothing else: not the walk's calls, not the forgeries.
            Message got = erin.next(10, TimeUnit.SECONDS);
            assertNotNull(got, "Erin received nothing");
            assertEquals(reply, got.getBody());
            Message more = erin.next(3, TimeUnit.SECONDS);
            while (more != null && more.getBody() == null) { // chat states without a body
                more = erin.next(3, TimeUnit.SECONDS);
            }
            assertNull(more, "Erin received a message the user did not send: " + (more == null ? "" : more.getBody()));
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
            // The forged messages were dropped and counted by the frame.
            String dropped = frame.locator("#parley-root").getAttribute("data-dropped");
            assertTrue(dropped != null && Integer.parseInt(dropped) >= 2, "dropped messages counted: " + dropped);

            String loot = (String) page.evaluate("() => window.__loot()");
            String keys = (String) page.evaluate("() => window.__keys()");
            assertEquals("", keys, "the host page saw keys typed into Parley's frame");
            for (String secret : List.of(DORA_PASSWORD, "Quillfeather", incoming, reply, tag)) {
                assertFalse(loot.contains(secret), "the host page learned '" + secret + "':\n" + loot);
            }
            // The hostile script did see the traffic it is allowed to see (so the spying itself worked).
            assertTrue(loot.contains("parley-connect") || loot.contains("\"t\":\"init\"") || loot.contains("state"),
                    "the spy saw nothing at all, so this test proves nothing:\n" + loot);
        }
    }
}
