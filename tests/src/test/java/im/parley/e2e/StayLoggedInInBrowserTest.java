package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * "Stay logged in on this device" (Converse's reuse_scram_keys, as an explicit choice): a ticked login comes back
 * after a page load without the password, with its encrypted cache, and nothing readable is stored; an unticked
 * one and a logged-out one ask again; a kept login the server no longer takes is forgotten with a clear word.
 */
class StayLoggedInInBrowserTest extends BrowserSupport {
    static final String YARA = "yara@localhost";
    static final String YARA_PASSWORD = "yara-Pw7-pass";
    static final String BEA = "bea@localhost";

    private Locator root() {
        return page.locator("#parley-root");
    }

    private void deploy(String build) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\"}");
    }

    /** Opens the app, which shows the form (nothing kept), and logs in as yara, ticking the box or not. */
    private void logIn(boolean stay, String password) {
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login-stay")).isVisible();
        assertFalse(page.locator(".p-login-stay").isChecked(), "staying logged in is never the default");
        page.locator(".p-login-jid").fill(YARA);
        page.locator(".p-login-password").fill(password);
        if (stay) {
            page.locator(".p-login-stay").check();
        }
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
    }

    /** Waits until the worker has stored the kept login (its record, under its fixed key, in "accounts"). */
    private void awaitKeptLogin() {
        String key = "accounts: hex:" + java.util.HexFormat.of().formatHex(
                "parley saved login v1".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + " => ";
        page.waitForCondition(() -> CacheInBrowserTest.dump(page.mainFrame()).stream().anyMatch(l -> l.startsWith(key)));
    }

    /** After a page load: the login form is shown and stays offline (nothing logs in by itself). */
    private void assertAskedAgain() {
        assertThat(page.locator(".p-login-jid")).isVisible();
        assertThat(page.locator(".p-login-submit")).isEnabled();
        page.waitForTimeout(1500);
        assertEquals("offline", root().getAttribute("data-state"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aTickedLoginComesBackAfterAReloadWithoutThePasswordUntilLogout(String build) throws Exception {
        String tag = "Stay" + build + System.nanoTime();
        try (SmackPeer bea = new SmackPeer(TestServers.prosody(), "bea", "bea-Pw7-pass")) {
            deploy(build);
            logIn(true, YARA_PASSWORD);
            bea.sendToBareJid(YARA, "before the reload " + tag);
            page.locator(".p-conversation-button[data-jid='" + BEA + "']").click();
            assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions()
                    .setHasText("before the reload " + tag))).hasCount(1);
            // The kept login and the cache are written behind the UI.
            awaitKeptLogin();
            page.waitForCondition(() -> CacheInBrowserTest.dump(page.mainFrame()).stream()
                    .anyMatch(l -> l.startsWith("messages: hex:")));
            page.waitForTimeout(500);

            // Nothing readable: not the password, not the account, not its SCRAM keys.
            List<String> dump = CacheInBrowserTest.dump(page.mainFrame());
            CacheInBrowserTest.assertNothingReadable(dump, List.of(YARA_PASSWORD, YARA, "yara", BEA, tag,
                    "SCRAM-SHA", "localhost"));
            CacheInBrowserTest.assertNoScramKeys(dump, "yara", YARA_PASSWORD);
            CacheInBrowserTest.assertOnlyNonExtractableKeys(dump);

            // A new page: online without the form, the cached chat there, and new messages arrive.
            page.reload();
            assertThat(root()).hasAttribute("data-state", "online");
            assertTrue(page.locator(".p-login-password").inputValue().isEmpty());
            assertThat(page.locator(".p-status")).hasAttribute("data-login", java.util.regex.Pattern.compile("SCRAM-SHA-"));
            page.locator(".p-conversation-button[data-jid='" + BEA + "']").click();
            assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions()
                    .setHasText("before the reload " + tag))).hasCount(1);
            bea.sendToBareJid(YARA, "after the reload " + tag);
            assertThat(page.locator(".p-message.p-in .p-body").filter(new Locator.FilterOptions()
                    .setHasText("after the reload " + tag))).hasCount(1);
            page.locator(".p-composer-text").fill("answer " + tag);
            page.locator(".p-composer-text").press("Enter");
            assertThat(page.locator(".p-message.p-out").filter(new Locator.FilterOptions().setHasText("answer " + tag)))
                    .hasAttribute("data-state", "delivered");

            // Logging out forgets it: the next page asks again.
            page.locator(".p-logout").click();
            assertThat(root()).hasAttribute("data-state", "offline");
            page.reload();
            assertAskedAgain();
        }
    }

    @Test
    void anUntickedLoginAsksAgainAfterAReload() {
        deploy("js");
        logIn(false, YARA_PASSWORD);
        page.reload();
        assertAskedAgain();
    }

    @Test
    void aKeptLoginThatTheServerNoLongerTakesIsForgotten() throws Exception {
        deploy("js");
        logIn(true, YARA_PASSWORD);
        awaitKeptLogin();
        String changed = "yara-changed-Pw9";
        try (SmackPeer yaraElsewhere = new SmackPeer(TestServers.prosody(), "yara", YARA_PASSWORD, "laptop")) {
            yaraElsewhere.changePassword(changed); // on another device: the kept keys no longer fit
        }
        try {
            // Not a logout: the tab is closed and opened again.
            page.close();
            page = context.newPage();
            page.setDefaultTimeout(20_000);
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            assertThat(page.locator(".p-login-jid")).isVisible();
            assertThat(page.locator(".p-login .p-error")).containsText("no longer works");
            assertEquals("offline", root().getAttribute("data-state"));
            // Forgotten: the page after that simply asks.
            page.reload();
            assertAskedAgain();
            assertThat(page.locator(".p-login .p-error")).isEmpty();
            // The new password logs in as usual.
            page.locator(".p-login-jid").fill(YARA);
            page.locator(".p-login-password").fill(changed);
            page.locator(".p-login-password").press("Enter");
            assertThat(root()).hasAttribute("data-state", "online");
        } finally {
            try (SmackPeer yara = new SmackPeer(TestServers.prosody(), "yara", changed, "laptop")) {
                yara.changePassword(YARA_PASSWORD);
            }
        }
    }
}
