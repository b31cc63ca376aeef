package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A user logs in, sees the roster and chats with a real Smack peer; in both worker builds. */
class ChatInBrowserTest extends BrowserSupport {

    private Locator root() {
        return page.locator("#parley-root");
    }

    private void loginWithForm(String build) {
        configure(build);
        // Every Content-Security-Policy violation in the page is recorded (the worker's show in the console).
        page.addInitScript("window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                + " ev => window.__cspViolations.push(ev.violatedDirective + ' ' + ev.blockedURI));");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(root()).hasAttribute("data-state", "offline");
        assertThat(root()).hasAttribute("data-build", build);
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill(ALICE_PASSWORD);
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void logsInWithTheFormSeesTheRosterAndChatsWithSmack(String build) throws Exception {
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginWithForm(build);
            Locator contact = page.locator(".p-contact-button[data-jid='bob@localhost']");
            assertThat(contact).containsText("Bob");
            assertThat(page.locator(".p-status")).containsText("Online as alice@localhost/");
            // How the session logged in, for the user to see: SASL2 with Bind 2, where the server offers them.
            assertThat(page.locator(".p-status")).hasAttribute("data-login",
                    java.util.regex.Pattern.compile("SASL2 SCRAM-SHA-(1|256), Bind 2"));
            assertThat(page.locator(".p-status")).hasAttribute("title",
                    java.util.regex.Pattern.compile("Signed in with SASL2 SCRAM-SHA-(1|256), Bind 2"));
            // Bob is online (Smack sent presence): the roster shows it.
            assertThat(contact.locator(".p-presence")).hasAttribute("data-show", "online");

            bob.send(ALICE, "Hello from Smack");
            Locator conv = page.locator(".p-conversation-button[data-jid='bob@localhost']");
            assertThat(conv.locator(".p-unread")).hasText("1");
            conv.click();
            // (the last: the archive's page of earlier messages may come in above it)
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("Hello from Smack");
            assertThat(page.locator(".p-typing")).hasText("");

            // Chat states (XEP-0085) both ways.
            bob.sendComposing(ALICE);
            assertThat(page.locator(".p-typing")).hasText("Bob is typing…");
            page.locator(".p-composer-text").pressSequentially("typ");
            String state = bob.nextChatState(10, TimeUnit.SECONDS);
            while (state != null && !state.endsWith("composing")) {
                state = bob.nextChatState(10, TimeUnit.SECONDS);
            }
            assertEquals("alice@localhost composing", state);
            page.locator(".p-composer-text").fill("");

            // Keyboard only: type and press Enter in the composer.
            page.locator(".p-composer-text").fill("Hi Bob, this is Parley (" + build + ")");
            page.locator(".p-composer-text").press("Enter");
            Message got = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(got, "Smack received nothing");
            assertEquals("Hi Bob, this is Parley (" + build + ")", got.getBody());
            // (Older messages of this chat come from the archive above it; this one is the last.)
            assertThat(page.locator(".p-message.p-out .p-body").last()).hasText("Hi Bob, this is Parley (" + build + ")");
            // Smack's client confirmed it (XEP-0184): the message shows as received by the contact.
            assertThat(page.locator(".p-message.p-out").last()).hasAttribute("data-state", "delivered");
            // And Parley answers a receipt request from a contact.
            String requested = bob.sendWithReceiptRequest(ALICE, "Did you get this?");
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("Did you get this?");
            assertTrue(bob.awaitReceipt(requested, 10_000), "no receipt from Parley");

            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");
            assertThat(page.locator(".p-login")).isVisible();

            // The whole session ran under the strict CSP (see README) without a single violation.
            assertEquals(List.of(), page.evaluate("() => window.__cspViolations"));
            assertTrue(console.stream().noneMatch(l -> l.contains("Content Security Policy")
                    || l.contains("Trusted Type")), "CSP violations: " + console);
        }
    }

    /** How many CSI nonzas of this kind Prosody's log shows it received (attribute order varies in the log). */
    private static int serverSaw(String nonza) throws Exception {
        // ISO-8859-1: the log also holds raw bytes of broken frames from other tests, which are not UTF-8.
        String log = new String(java.nio.file.Files.readAllBytes(TestServers.prosody().dir().resolve("prosody.log")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = 0;
        for (String line : log.split("\n")) {
            if (line.contains("Received[c2s]: <" + nonza + " ") && line.contains("'urn:xmpp:csi:0'")) {
                n++;
            }
        }
        return n;
    }

    private void awaitServerSaw(String nonza, int before) {
        page.waitForCondition(() -> {
            try {
                return serverSaw(nonza) > before;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void pageVisibilityIsReportedToTheServer(String build) throws Exception {
        loginWithForm(build);
        int inactiveBefore = serverSaw("inactive");
        int activeBefore = serverSaw("active");
        // The tab is hidden: Parley tells the server (XEP-0352), which may then hold back presence updates.
        page.evaluate("() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
                + " document.dispatchEvent(new Event('visibilitychange')); }");
        awaitServerSaw("inactive", inactiveBefore);
        page.evaluate("() => { Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});"
                + " document.dispatchEvent(new Event('visibilitychange')); }");
        awaitServerSaw("active", activeBefore);
        assertThat(root()).hasAttribute("data-state", "online");
    }

    static final List<String> HOSTILE_BODIES = List.of(
            "<b>bold?</b> <i>no</i>",
            "<script>window.__pwned = 'script'</script>",
            "<img src=x onerror=\"window.__pwned = 'img'\">",
            "a & b < c > d \" ' &amp; &lt;",
            "emoji 😀🎉👩‍👩‍👧 and astral 𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "עברית مرحبا بالعالم mixed RTL",
            "javascript:alert(1)",
            "  spaced\n  lines\n\ttab  ");

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void bodiesAreShownExactlyAsSentAndNothingInThemRuns(String build) throws Exception {
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginWithForm(build);
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            for (String body : HOSTILE_BODIES) {
                bob.send(ALICE, body);
            }
            // Earlier messages of this chat come from the archive, above; these are the last ones, in order.
            assertThat(page.locator(".p-message.p-in .p-body").last())
                    .hasText(HOSTILE_BODIES.get(HOSTILE_BODIES.size() - 1).strip());
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) page.evaluate(
                    "(n) => Array.from(document.querySelectorAll('.p-message.p-in .p-body')).map(e => e.textContent)"
                    + ".slice(-n)", HOSTILE_BODIES.size());
            assertEquals(HOSTILE_BODIES, shown);
            // No element came out of these bodies (older messages from the archive may carry links of their own).
            assertEquals(0, ((Number) page.evaluate("(n) => Array.from(document.querySelectorAll('.p-message.p-in'))"
                    + ".slice(-n).reduce((sum, li) => sum + li.querySelectorAll('.p-body img, .p-body script, "
                    + ".p-body b, .p-body a').length, 0)", HOSTILE_BODIES.size())).intValue());
            assertEquals(null, page.evaluate("() => window.__pwned === undefined ? null : window.__pwned"));

            // The same bodies go out unchanged.
            bob.drain();
            for (String body : HOSTILE_BODIES) {
                page.locator(".p-composer-text").fill(body);
                page.locator(".p-send").click();
                Message got = bob.next(10, TimeUnit.SECONDS);
                assertNotNull(got, "Smack received nothing for " + body);
                assertEquals(body, got.getBody());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void wrongPasswordIsShownAndNotRetried(String build) throws Exception {
        configure(build);
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(root()).hasAttribute("data-state", "offline");
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill("wrong");
        page.locator(".p-login-submit").click();
        assertThat(root()).hasAttribute("data-error", "wrong-password");
        assertThat(page.locator(".p-error")).containsText("Wrong password");
        page.waitForTimeout(1500);
        assertThat(root()).hasAttribute("data-state", "offline");
        assertTrue(page.locator(".p-login-submit").isEnabled(), "the form is usable again");
        assertEquals("", page.locator(".p-login-password").inputValue(), "the password field was cleared");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void unreachableServerIsShown(String build) throws Exception {
        int closed = im.parley.testkit.Prosody.freePort();
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"ws://127.0.0.1:" + closed
                + "/xmpp-websocket\",\"worker_build\":\"" + build + "\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill(ALICE_PASSWORD);
        page.locator(".p-login-submit").click();
        assertThat(root()).hasAttribute("data-error", "unreachable");
        assertThat(page.locator(".p-error")).containsText("Cannot reach the chat server");
    }
}
