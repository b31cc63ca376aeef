package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encrypted cache in Chromium, both worker builds: what a script that reads browser storage finds (nothing
 * readable, and no key that opens it), the warm start, damaged records, crypto-shredding on logout, and a wrong
 * passphrase.
 */
class CacheInBrowserTest extends BrowserSupport {
    static final String DORA = "dora@localhost";
    static final String DORA_PASSWORD = "dora-Zq7-pass";
    static final String ERIN = "erin@localhost";
    static final String ERIN_NAME = "Erin Quillfeather";

    /**
     * Everything in IndexedDB (every database of this origin, every store, keys and values), localStorage,
     * sessionStorage and document.cookie, one line per entry; bytes as hex, CryptoKeys described.
     */
    static final String DUMP = """
            async () => {
              const hex = (v) => { const u = v instanceof ArrayBuffer ? new Uint8Array(v)
                  : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
                return Array.from(u).map(b => b.toString(16).padStart(2, '0')).join(''); };
              const show = (v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) ? 'hex:' + hex(v)
                  : (v instanceof CryptoKey) ? 'cryptokey:' + v.type + ':' + v.extractable + ':' + v.usages.join(',')
                  : typeof v === 'string' ? 'text:' + v : 'json:' + JSON.stringify(v);
              const out = [];
              for (const info of await indexedDB.databases()) {
                out.push('database:' + info.name);
                const db = await new Promise((ok, no) => { const r = indexedDB.open(info.name);
                  r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
                for (const store of Array.from(db.objectStoreNames)) {
                  out.push('store:' + store);
                  const all = await new Promise((ok) => { const found = [];
                    const r = db.transaction(store, 'readonly').objectStore(store).openCursor();
                    r.onsuccess = () => { const c = r.result; if (c) { found.push(show(c.key) + ' => ' + show(c.value));
                      c.continue(); } else ok(found); }; });
                  all.forEach(line => out.push(store + ': ' + line));
                }
                db.close();
              }
              for (let i = 0; i < localStorage.length; i++) out.push('localStorage:' + localStorage.key(i) + '='
                  + localStorage.getItem(localStorage.key(i)));
              for (let i = 0; i < sessionStorage.length; i++) out.push('sessionStorage:' + sessionStorage.key(i) + '='
                  + sessionStorage.getItem(sessionStorage.key(i)));
              if (document.cookie) out.push('cookie:' + document.cookie);
              return out;
            }""";

    /**
     * A same-origin attacker: collects every CryptoKey stored anywhere in IndexedDB and tries each on every
     * stored value (as AES-GCM, with and without the additional data it can guess, at offsets 0 and 1) and on
     * every wrapped secret it finds in JSON records (as unwrapKey).
     */
    static final String ATTACK = """
            async () => {
              const keys = [], records = [];
              for (const info of await indexedDB.databases()) {
                const db = await new Promise((ok, no) => { const r = indexedDB.open(info.name);
                  r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
                for (const store of Array.from(db.objectStoreNames)) {
                  await new Promise((ok) => { const r = db.transaction(store, 'readonly').objectStore(store).openCursor();
                    r.onsuccess = () => { const c = r.result; if (!c) { ok(); return; }
                      if (c.value instanceof CryptoKey) keys.push(c.value);
                      else if (ArrayBuffer.isView(c.value) || c.value instanceof ArrayBuffer)
                        records.push({store, key: c.key, value: new Uint8Array(c.value.buffer || c.value)});
                      c.continue(); }; });
                }
                db.close();
              }
              const enc = new TextEncoder();
              let tried = 0, opened = 0;
              const attempt = async (f) => { tried++; try { await f(); opened++; } catch (e) { } };
              for (const key of keys) {
                for (const rec of records) {
                  const keyBytes = rec.key instanceof ArrayBuffer ? new Uint8Array(rec.key) : enc.encode(String(rec.key));
                  const guessAad = new Uint8Array([1, ...enc.encode(rec.store + '\\0'), ...keyBytes]);
                  for (const skip of [0, 1]) {
                    const v = rec.value.subarray(skip);
                    if (v.length < 28) continue;
                    for (const aad of [null, guessAad]) {
                      const alg = aad ? {name: 'AES-GCM', iv: v.subarray(0, 12), additionalData: aad}
                          : {name: 'AES-GCM', iv: v.subarray(0, 12)};
                      await attempt(() => crypto.subtle.decrypt(alg, key, v.subarray(12)));
                    }
                  }
                  let json = null;
                  try { json = JSON.parse(new TextDecoder().decode(rec.value)); } catch (e) { }
                  if (json && json.wrapped) {
                    const w = Uint8Array.from(atob(json.wrapped), ch => ch.charCodeAt(0));
                    await attempt(() => crypto.subtle.unwrapKey('raw', w.subarray(12), key,
                        {name: 'AES-GCM', iv: w.subarray(0, 12)}, 'HKDF', false, ['deriveKey']));
                  }
                }
              }
              return {keys: keys.length, records: records.length, tried, opened};
            }""";

    private Locator root() {
        return page.locator("#parley-root");
    }

    private void configureCache(String build, String extra) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\"" + extra + "}");
    }

    private void loginAsDora(String passphrase) {
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(root()).hasAttribute("data-state", "offline");
        page.locator(".p-login-jid").fill(DORA);
        page.locator(".p-login-password").fill(DORA_PASSWORD);
        if (passphrase != null) {
            page.locator(".p-login-passphrase").fill(passphrase);
        }
        page.locator(".p-login-password").press("Enter");
    }

    /** Erin sends a message, Dora answers it; both are on screen and the answer is confirmed by Erin's client. */
    private void chat(SmackPeer erin, String incoming, String outgoing) throws Exception {
        erin.sendToBareJid(DORA, incoming); // not Smack's chat, which may address an earlier test's session
        Locator conv = page.locator(".p-conversation-button[data-jid='" + ERIN + "']");
        conv.click();
        assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions().setHasText(incoming)))
                .hasCount(1);
        page.locator(".p-composer-text").fill(outgoing);
        page.locator(".p-composer-text").press("Enter");
        Message got = erin.next(10, TimeUnit.SECONDS);
        while (got != null && !outgoing.equals(got.getBody())) {
            got = erin.next(10, TimeUnit.SECONDS);
        }
        assertNotNull(got, "Erin did not receive the answer");
        assertThat(page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText(outgoing)))
                .hasAttribute("data-state", "delivered");
    }

    @SuppressWarnings("unchecked")
    static List<String> dump(Frame frame) {
        return (List<String>) frame.evaluate(DUMP);
    }

    /** Fails if any of the account's SCRAM keys appears in the dump (hex, as byte values are dumped). */
    static void assertNoScramKeys(List<String> dump, String user, String password) throws Exception {
        for (String key : scramKeysHex(user, password)) {
            for (String line : dump) {
                assertFalse(line.toLowerCase().contains(key), "a SCRAM key is stored: " + line);
            }
        }
    }

    /** Fails if storage holds a CryptoKey that is extractable or not a secret key. */
    static void assertOnlyNonExtractableKeys(List<String> dump) {
        for (String line : dump) {
            if (line.contains("cryptokey:")) {
                assertTrue(line.contains("cryptokey:secret:false:"), line);
            }
        }
    }

    /** An account's SCRAM-SHA-1 SaltedPassword, ClientKey, StoredKey and ServerKey (RFC 5802), in hex. */
    private static List<String> scramKeysHex(String user, String password) throws Exception {
        String account = java.nio.file.Files.readString(TestServers.prosody().dir()
                .resolve("data/localhost/accounts/" + user + ".dat"));
        java.util.regex.Matcher salt = java.util.regex.Pattern.compile("\\[\"salt\"\\] = \"([^\"]+)\"").matcher(account);
        java.util.regex.Matcher iter = java.util.regex.Pattern.compile("\\[\"iteration_count\"\\] = (\\d+)").matcher(account);
        assertTrue(salt.find() && iter.find(), account);
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
        byte[] salted = f.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(),
                salt.group(1).getBytes(StandardCharsets.UTF_8), Integer.parseInt(iter.group(1)), 160)).getEncoded();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(salted, "HmacSHA1"));
        byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = java.security.MessageDigest.getInstance("SHA-1").digest(clientKey);
        HexFormat hex = HexFormat.of();
        assertTrue(account.contains(hex.formatHex(storedKey)), "the computed keys match Prosody's record");
        return List.of(hex.formatHex(salted), hex.formatHex(clientKey), hex.formatHex(storedKey),
                hex.formatHex(serverKey));
    }

    /** Fails if any of the strings appears in the dump as text, or as UTF-8 or UTF-16 bytes. */
    static void assertNothingReadable(List<String> dump, List<String> secrets) {
        for (String line : dump) {
            String lower = line.toLowerCase();
            for (String s : secrets) {
                assertFalse(lower.contains(s.toLowerCase()), "'" + s + "' readable in storage: " + line);
                for (Charset cs : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
                    StandardCharsets.UTF_16BE}) {
                    String hex = HexFormat.of().formatHex(s.getBytes(cs));
                    assertFalse(lower.contains(hex), "'" + s + "' stored as " + cs + " bytes: " + line);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void storageHoldsNothingReadableAndNoKeyThatOpensIt(String build) throws Exception {
        String tag = "Quokka" + build + System.nanoTime();
        String incoming = "Wandering albatross " + tag;
        String outgoing = "Marmalade velocipede " + tag;
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            assertThat(page.locator(".p-contact-button[data-jid='" + ERIN + "']")).containsText(ERIN_NAME);
            chat(erin, incoming, outgoing);
            // The cache is written behind the UI: wait for the conversation's page of messages.
            page.waitForCondition(() -> lines(dump(page.mainFrame()), "messages: hex:").size() >= 1);
            page.waitForTimeout(500);

            List<String> parleyDump = dump(page.mainFrame());
            assertEquals(1, lines(parleyDump, "roster: hex:").size(), String.join("\n", parleyDump));
            assertEquals(List.of("database:parley-cache"), lines(parleyDump, "database:"));
            List<String> secrets = List.of(DORA, "dora", ERIN, "erin@", ERIN_NAME, "Quillfeather", "Dora Vantablack",
                    DORA_PASSWORD, tag, incoming, outgoing, "albatross", "velocipede", "localhost");
            assertNothingReadable(parleyDump, secrets);
            // Nor any of the account's SCRAM keys (Prosody's record gives salt and iteration count).
            assertNoScramKeys(parleyDump, "dora", DORA_PASSWORD);
            assertTrue(context.cookies().isEmpty(), "cookies: " + context.cookies());
            assertOnlyNonExtractableKeys(parleyDump);

            @SuppressWarnings("unchecked")
            Map<String, Object> attack = (Map<String, Object>) page.evaluate(ATTACK);
            assertTrue(((Number) attack.get("keys")).intValue() >= 1, attack.toString());
            assertTrue(((Number) attack.get("records")).intValue() >= 3, attack.toString());
            assertTrue(((Number) attack.get("tried")).intValue() > 0, attack.toString());
            assertEquals(0, ((Number) attack.get("opened")).intValue(), "a same-origin script opened a record: " + attack);
        }
    }

    /**
     * The overlayed widget on a page of another origin, in a browser that refuses storage to third-party frames
     * (Chromium does in incognito profiles, which Playwright's contexts are): Parley says so and keeps the
     * session's history in memory; the host page's origin gets nothing either.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void whereStorageIsRefusedParleySaysSoAndKeepsWorking(String build) throws Exception {
        String tag = "Memory" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            page.navigate(TestServers.dist().hostOrigin() + "/blank.html");
            page.waitForFunction("() => typeof window.parley === 'object'");
            page.evaluate("([ws, build]) => parley.initialize({websocket_url: ws, jid: 'dora@localhost',"
                    + " password: 'dora-Zq7-pass', auto_login: true, view_mode: 'overlayed', worker_build: build})",
                    List.of(TestServers.prosody().websocketUrl(), build));
            FrameLocator frame = page.frameLocator("iframe.parley-frame");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(frame.locator(".p-notice")).containsText("kept in memory only");
            erin.send(DORA, "hello " + tag);
            frame.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(frame.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions()
                    .setHasText(tag))).hasCount(1);
            assertEquals(List.of(), dump(page.mainFrame()), "the host page's origin got storage");
            assertTrue(context.cookies().isEmpty(), "cookies: " + context.cookies());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aWarmStartShowsTheCachedRosterAndHistoryBeforeTheConnectionIsUp(String build) throws Exception {
        String tag = "Warm" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            chat(erin, "first " + tag, "second " + tag);
            // Dora reacts to Erin's message (XEP-0444): the cache keeps it.
            Locator first = page.locator(".p-message.p-in").filter(new Locator.FilterOptions()
                    .setHasText("first " + tag));
            first.hover();
            first.locator(".p-react-choice[data-emoji='❤️']").click();
            assertThat(first.locator(".p-reaction.p-mine")).hasText("❤️");
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");
            // Meanwhile Dora chats from her phone: only the archive has that for this device.
            try (SmackPeer phone = new SmackPeer(TestServers.prosody(), "dora", DORA_PASSWORD, "phone")) {
                phone.send(ERIN, "third " + tag);
                Thread.sleep(300);
                erin.sendToBareJid(DORA, "fourth " + tag);
                Thread.sleep(300);
            }

            // Reload; note the connection state when the cached data first appears.
            page.addInitScript("new MutationObserver(() => {"
                    + " const root = document.getElementById('parley-root'); if (!root) return;"
                    + " if (!window.__rosterState && document.querySelector('.p-contact-button'))"
                    + "   window.__rosterState = root.getAttribute('data-state') + '/' + root.getAttribute('data-cache');"
                    + " if (!window.__reactionState && document.querySelector('.p-reaction.p-mine'))"
                    + "   window.__reactionState = root.getAttribute('data-state') + '/' + root.getAttribute('data-cache');"
                    + " if (!window.__historyState && document.querySelector('.p-conversation-button'))"
                    + "   window.__historyState = root.getAttribute('data-state') + '/' + root.getAttribute('data-cache');"
                    + "}).observe(document, {subtree: true, childList: true, attributes: true});");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            String rosterState = (String) page.evaluate("() => window.__rosterState");
            String historyState = (String) page.evaluate("() => window.__historyState");
            assertNotNull(historyState, "no cached conversation was shown");
            assertFalse(rosterState.startsWith("online"), "the roster appeared only once online: " + rosterState);
            assertFalse(historyState.startsWith("online"), "history appeared only once online: " + historyState);
            String reactionState = (String) page.evaluate("() => window.__reactionState");
            assertNotNull(reactionState, "the cached reaction was not shown; the page shows: " + page.evaluate(
                    "() => Array.from(document.querySelectorAll('.p-message')).slice(-6).map(li => li.dataset.id + ' '"
                    + " + li.querySelector('.p-body').textContent + ' [' + Array.from(li.querySelectorAll('.p-reaction'))"
                    + ".map(r => r.className + ':' + r.textContent).join(',') + ']').join(' | ')")
                    + "; cache: " + root().getAttribute("data-cache"));
            assertFalse(reactionState.startsWith("online"), "the reaction appeared only once online: " + reactionState);
            // The chat that was open on the last page is open again.
            assertThat(page.locator(".p-peer")).containsText(ERIN);
            // It is the open chat, so what the archive brings in is read at once: no unread badge.
            assertThat(page.locator(".p-message .p-body").filter(new Locator.FilterOptions().setHasText("fourth " + tag)))
                    .hasCount(1);
            assertThat(page.locator(".p-conversation-button[data-jid='" + ERIN + "'] .p-unread")).isHidden();
            page.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(page.locator(".p-message .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasText(new String[] {"first " + tag, "second " + tag, "third " + tag, "fourth " + tag});
            assertThat(page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText("second " + tag)))
                    .hasAttribute("data-state", "delivered");
            assertThat(page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText("third " + tag)))
                    .hasCount(1);
            assertThat(page.locator(".p-notice")).isHidden();
        }
    }

    /** Runs a script against Parley's database in the page (the fullscreen app: Parley's own origin). */
    private void tamper(String script) {
        page.evaluate("async () => { const db = await new Promise((ok, no) => { const r = indexedDB.open('parley-cache');"
                + " r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });"
                + " const all = async (store) => new Promise((ok) => { const found = [];"
                + "  const r = db.transaction(store).objectStore(store).openCursor();"
                + "  r.onsuccess = () => { const c = r.result; if (c) { found.push([c.key, c.value]); c.continue(); }"
                + "   else ok(found); }; });"
                + " const put = async (store, key, value) => new Promise((ok) => { const tx = db.transaction(store, 'readwrite');"
                + "  tx.objectStore(store).put(value, key); tx.oncomplete = ok; });"
                + script
                + " db.close(); }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void damagedSwappedAndReplayedRecordsShowNothingWrongAndTheCacheHeals(String build) throws Exception {
        String tag = "Tamper" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            chat(erin, "one " + tag, "two " + tag);
            // Prosody's archive stamps messages to the second; a message the archive fills in later is placed by
            // that stamp, so the message after the ones that get damaged comes a second later.
            erin.send(DORA, "three " + tag);
            assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions()
                    .setHasText("three " + tag))).hasCount(1);
            page.waitForTimeout(1100);
            page.locator(".p-composer-text").fill("four " + tag);
            page.locator(".p-composer-text").press("Enter");
            assertThat(page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText("four " + tag)))
                    .hasAttribute("data-state", "delivered");
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");

            // Flip a bit of the page that holds the four messages, move its original into the roster's place, and
            // truncate the conversation index (without which the warm start has no history to show).
            tamper("const msgs = await all('messages'); const original = new Uint8Array(msgs[0][1]);"
                    + " const flipped = new Uint8Array(original); flipped[flipped.length - 1] ^= 1;"
                    + " await put('messages', msgs[0][0], flipped);"
                    + " const roster = await all('roster'); await put('roster', roster[0][0], original);"
                    + " const convs = await all('conversations');"
                    + " await put('conversations', convs[0][0], new Uint8Array(convs[0][1]).subarray(0, 10));");

            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            assertThat(page.locator(".p-notice")).containsText("integrity check");
            // The roster comes back from the server; the chat that was open is open again. No message is read from
            // a damaged record (with its index damaged, the cache has no history to show): opening the chat asks
            // the server's archive for its latest page, which brings the four messages, each once, in order.
            assertThat(page.locator(".p-contact-button[data-jid='" + ERIN + "']")).containsText(ERIN_NAME);
            assertThat(page.locator(".p-peer")).containsText(ERIN);
            assertThat(page.locator(".p-message .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasText(new String[] {"one " + tag, "two " + tag, "three " + tag, "four " + tag});
            assertEquals(page.locator(".p-message").count(),
                    ((Number) page.evaluate("() => new Set([...document.querySelectorAll('.p-message')]"
                            + ".map(m => m.getAttribute('data-id'))).size")).intValue(), "a message shown twice");
            assertThat(root()).hasAttribute("data-state", "online");
            List<String> errors = console.stream().filter(l -> l.startsWith("pageerror")).toList();
            assertTrue(errors.isEmpty(), errors.toString());

            // The cache works again, and heals: the damaged messages come back from the server's archive (the
            // catch-up after login), in time order with the cached ones.
            page.waitForTimeout(1100); // a later second than "four" (see above)
            chat(erin, "five " + tag, "six " + tag);
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            page.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(page.locator(".p-message .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasText(new String[] {"one " + tag, "two " + tag, "three " + tag, "four " + tag, "five " + tag,
                        "six " + tag});
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void clearCacheOnLogoutLeavesNothingOfTheAccount(String build) throws Exception {
        String tag = "Shred" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, ",\"clear_cache_on_logout\":true");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            chat(erin, "seven " + tag, "eight " + tag);
            page.waitForCondition(() -> dump(page.mainFrame()).stream().anyMatch(l -> l.startsWith("messages: hex:")));
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-cache", "cleared");
            List<String> after = dump(page.mainFrame());
            assertEquals(List.of(), after, "left after logout");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aWrongPassphraseIsAClearErrorAndTheCacheIsKept(String build) throws Exception {
        String tag = "Phrase" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, ",\"cache_key\":\"passphrase\"");
            loginAsDora("granite pelican lantern");
            assertThat(root()).hasAttribute("data-state", "online");
            chat(erin, "nine " + tag, "ten " + tag);
            page.waitForTimeout(500); // the cache is written behind the UI
            // A same-origin script with every stored CryptoKey opens nothing of a passphrase-protected cache.
            @SuppressWarnings("unchecked")
            Map<String, Object> attack = (Map<String, Object>) page.evaluate(ATTACK);
            assertTrue(((Number) attack.get("records")).intValue() >= 3, attack.toString());
            assertTrue(((Number) attack.get("tried")).intValue() > 0, attack.toString());
            assertEquals(0, ((Number) attack.get("opened")).intValue(), "a same-origin script opened a record: " + attack);
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");

            loginAsDora("wrong phrase entirely");
            assertThat(page.locator(".p-error")).containsText("passphrase is wrong");
            assertThat(root()).hasAttribute("data-state", "offline");

            loginAsDora("granite pelican lantern");
            assertThat(root()).hasAttribute("data-state", "online");
            page.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(page.locator(".p-message .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasText(new String[] {"nine " + tag, "ten " + tag});
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void anUpgradeInAnotherTabClosesTheCacheWithANoticeAndChatGoesOn(String build) throws Exception {
        String tag = "Upgrade" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            // Another tab (here: this page's own script) opens the database with a newer schema version. The
            // upgrade waits for every open connection; the worker closes its own at once and says so.
            Object opened = page.evaluate("() => new Promise((ok, no) => { const r = indexedDB.open('parley-cache', 99);"
                    + " r.onsuccess = () => { r.result.close(); ok(r.result.version); }; r.onerror = () => no(r.error);"
                    + " r.onblocked = () => {}; })");
            assertEquals(99, ((Number) opened).intValue());
            assertThat(page.locator(".p-notice")).containsText("another tab");
            chat(erin, "still " + tag, "chatting " + tag);
        }
    }

    /**
     * A replayed record: an older roster (with a contact since removed), sealed by Parley itself and put back
     * under its own key, opens fine (it is authentic, only old). The warm start may show it, but its roster
     * version is old too, so the server sends the current roster and the removed contact goes away.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aReplayedOldRosterIsCorrectedByTheServer(String build) throws Exception {
        configureCache(build, "");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill("jay@localhost");
        page.locator(".p-login-password").fill("jay-Pw7-pass");
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
        page.locator(".p-add-jid").fill("kim@localhost");
        page.locator(".p-add-name").fill("Kim Replayed");
        page.locator(".p-add-submit").click();
        Locator kim = page.locator(".p-contact-button[data-jid='kim@localhost']");
        assertThat(kim).containsText("Kim Replayed");
        page.waitForTimeout(700); // the cache is written behind the UI
        String snapshot = (String) page.evaluate(READ_ROSTER_RECORD);
        kim.click();
        page.locator(".p-remove").click();
        page.locator(".p-remove").click();
        assertThat(kim).hasCount(0);
        page.waitForTimeout(700);
        assertFalse(snapshot.equals(page.evaluate(READ_ROSTER_RECORD)), "the roster record did not change");
        page.locator(".p-logout").click();
        assertThat(root()).hasAttribute("data-state", "offline");

        assertTrue(snapshot.matches("[\\[\\],0-9]+"), snapshot); // only numbers: safe to put into the script
        tamper("const rec = " + snapshot + "; await put('roster', Uint8Array.from(rec[0]), Uint8Array.from(rec[1]));");
        page.evaluate("() => { window.__kimShown = false; new MutationObserver(() => {"
                + " if (document.querySelector(\".p-contact-button[data-jid='kim@localhost']\")) window.__kimShown = true;"
                + "}).observe(document, {subtree: true, childList: true}); }");
        page.locator(".p-login-jid").fill("jay@localhost");
        page.locator(".p-login-password").fill("jay-Pw7-pass");
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
        assertThat(kim).hasCount(0);
        assertEquals(Boolean.TRUE, page.evaluate("() => window.__kimShown"), "the replayed roster was not used at all");
        List<String> errors = console.stream().filter(l -> l.startsWith("pageerror")).toList();
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /**
     * The outbox survives the page: a message written while the connection is down and the page then closed is
     * sent, once, with the next login.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aMessageLeftInTheOutboxGoesOutWithTheNextLogin(String build) throws Exception {
        String tag = "Outbox" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass");
                im.parley.testkit.FaultProxy proxy = new im.parley.testkit.FaultProxy(TestServers.prosody().httpPort())) {
            TestServers.dist().setParleyConfig("{\"websocket_url\":\"ws://127.0.0.1:" + proxy.port()
                    + "/xmpp-websocket\",\"worker_build\":\"" + build + "\"}");
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            page.locator(".p-contact-button[data-jid='" + ERIN + "']").click();
            proxy.close(); // no new connections...
            proxy.cutAll(); // ...and the current one is gone
            assertThat(root()).hasAttribute("data-state", "reconnecting");
            page.locator(".p-composer-text").fill("queued " + tag);
            page.locator(".p-composer-text").press("Enter");
            Locator queued = page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText(tag));
            assertThat(queued).hasAttribute("data-state", "pending");
            page.waitForTimeout(700); // the cache is written behind the UI

            configureCache(build, ""); // the server directly this time
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            Message got = erin.next(10, TimeUnit.SECONDS);
            while (got != null && !got.getBody().contains(tag)) {
                got = erin.next(10, TimeUnit.SECONDS);
            }
            assertNotNull(got, "the queued message never went out");
            assertEquals("queued " + tag, got.getBody());
            page.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(queued).hasAttribute("data-state", "delivered");
            Message again = erin.next(2, TimeUnit.SECONDS);
            while (again != null && (again.getBody() == null || !again.getBody().contains(tag))) {
                again = erin.next(2, TimeUnit.SECONDS);
            }
            assertNull(again, "sent twice");
        }
    }

    /**
     * A full quota (Chromium's storage quota for Parley's origin lowered through the DevTools protocol): the
     * oldest cached history is evicted and Parley says so; nothing crashes and every message is on screen.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aFullQuotaEvictsOldHistoryWithANotice(String build) throws Exception {
        String tag = "Quota" + build + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            configureCache(build, "");
            com.microsoft.playwright.CDPSession cdp = context.newCDPSession(page);
            com.google.gson.JsonObject quota = new com.google.gson.JsonObject();
            quota.addProperty("origin", TestServers.dist().parleyOrigin());
            quota.addProperty("quotaSize", 400_000);
            cdp.send("Storage.overrideQuotaForOrigin", quota);
            loginAsDora(null);
            assertThat(root()).hasAttribute("data-state", "online");
            String filler = "x".repeat(30_000);
            for (int i = 0; i < 40; i++) {
                erin.send(DORA, "big " + i + " " + tag + " " + filler);
            }
            page.locator(".p-conversation-button[data-jid='" + ERIN + "']").click();
            assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions().setHasText(tag)))
                    .hasCount(40, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                            .setTimeout(30_000));
            assertThat(page.locator(".p-notice")).containsText("storage of this device is full",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(root()).hasAttribute("data-state", "online");
            List<String> errors = console.stream().filter(l -> l.startsWith("pageerror")).toList();
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }

    /**
     * Changing the password in Parley (XEP-0077) changes it on the server and re-wraps the cache's key under the
     * new one: the next login with the new password opens the same cache (the warm start shows the cached
     * roster, no reset), and a reconnect would log in with it. Changed back at the end, for the other build.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aPasswordChangeRewrapsTheCache(String build) throws Exception {
        configureCache(build, "");
        String first = "lee-Pw7-pass";
        String second = "lee-Changed-" + build;
        loginAs("lee", first);
        Locator kim = page.locator(".p-contact-button[data-jid='kim@localhost']");
        if (kim.count() == 0) {
            page.locator(".p-add-jid").fill("kim@localhost");
            page.locator(".p-add-name").fill("Kim Cached");
            page.locator(".p-add-submit").click();
        }
        assertThat(kim).hasCount(1);
        for (String[] change : new String[][] {{first, second}, {second, first}}) {
            page.locator(".p-account").evaluate("details => { details.open = true; }");
            page.locator(".p-password-new").fill(change[1]);
            page.locator(".p-password-repeat").fill(change[1]);
            page.locator(".p-password-submit").click();
            assertThat(page.locator(".p-status")).hasText("Password changed.");
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");
            // The old password no longer logs in; the new one does, and opens the same cache.
            page.locator(".p-login-jid").fill("lee@localhost");
            page.locator(".p-login-password").fill(change[0]);
            page.locator(".p-login-password").press("Enter");
            assertThat(root()).hasAttribute("data-error", "wrong-password");
            page.evaluate("() => { window.__kimCached = false; new MutationObserver(() => {"
                    + " const root = document.getElementById('parley-root');"
                    + " if (document.querySelector(\".p-contact-button[data-jid='kim@localhost']\")"
                    + "     && root.getAttribute('data-state') !== 'online') window.__kimCached = true;"
                    + "}).observe(document, {subtree: true, childList: true}); }");
            page.locator(".p-login-password").fill(change[1]);
            page.locator(".p-login-password").press("Enter");
            assertThat(root()).hasAttribute("data-state", "online");
            assertEquals(Boolean.TRUE, page.evaluate("() => window.__kimCached"), "the cache was not opened");
            assertThat(page.locator(".p-notice")).isHidden(); // no "cache reset"
        }
    }

    private void loginAs(String user, String password) {
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(user + "@localhost");
        page.locator(".p-login-password").fill(password);
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
    }

    /** The one record of the roster store, as JSON [[key bytes], [value bytes]]. */
    static final String READ_ROSTER_RECORD = """
            async () => { const db = await new Promise((ok, no) => { const r = indexedDB.open('parley-cache');
                r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
              const rec = await new Promise((ok) => { const r = db.transaction('roster').objectStore('roster').openCursor();
                r.onsuccess = () => ok([Array.from(new Uint8Array(r.result.key)), Array.from(new Uint8Array(r.result.value))]); });
              db.close(); return JSON.stringify(rec); }""";

    static List<String> lines(List<String> dump, String prefix) {
        List<String> out = new ArrayList<>();
        for (String l : dump) {
            if (l.startsWith(prefix)) {
                out.add(l);
            }
        }
        return out;
    }
}
