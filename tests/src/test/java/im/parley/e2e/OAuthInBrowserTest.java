package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import im.parley.testkit.OidcAuthority;
import im.parley.testkit.Prosody;
import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Converse's authentication 'oauth', end to end in Chromium: the user gives the address, the identity provider's
 * page opens in a window of its own (a real OpenID provider: the authorization-code flow with PKCE), the user
 * signs in there, and the worker exchanges the code for a token and logs in with SASL OAUTHBEARER, which Prosody
 * checks with the provider. The frame only ever sees the code; the verifier and the token stay in the worker.
 */
class OAuthInBrowserTest extends BrowserSupport {
    private OidcAuthority authority;

    @BeforeAll
    void startAuthority() throws Exception {
        authority = OidcAuthority.start(TestServers.prosody(),
                List.of(TestServers.dist().parleyOrigin() + "/oauth-callback.html"));
    }

    @AfterAll
    void stopAuthority() {
        if (authority != null) {
            authority.close();
        }
    }

    /** Deploys Parley with authentication 'oauth' at the tests' provider, as {@code clientId}. */
    private void deploy(String websocketUrl, String build, String clientId) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + websocketUrl + "\",\"worker_build\":\"" + build
                + "\",\"persistent_store\":\"sessionStorage\",\"authentication\":\"oauth\",\"oauth_issuer\":\""
                + authority.issuer() + "\",\"oauth_client_id\":\"" + clientId + "\"}");
    }

    /**
     * Clicks the login button and signs in as olga in the provider's window: its own sign-in page (oidc-provider's
     * development interaction, which takes any password), then its consent page. Returns that window.
     */
    private Page signInAtTheProvider() {
        Page popup = page.waitForPopup(() -> page.locator(".p-login-submit").click());
        popup.locator("input[name=login]").fill("olga");
        popup.locator("input[name=password]").fill("any password: this provider's test page takes any");
        popup.locator("button[type=submit]").click();
        popup.locator("button[type=submit]").click();
        return popup;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void logsInThroughTheIdentityProvidersPage(String build) {
        int checksBefore = authority.checked().size();
        deploy(TestServers.prosody().websocketUrl(), build, OidcAuthority.PARLEY_CLIENT);
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login-password")).isHidden();
        page.locator(".p-login-jid").fill("olga@" + Prosody.OAUTH_DOMAIN);
        Page popup = signInAtTheProvider();
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        assertThat(page.locator(".p-status")).containsText("Online as olga@" + Prosody.OAUTH_DOMAIN + "/");
        assertThat(page.locator(".p-status")).hasAttribute("data-login", "SASL OAUTHBEARER");
        page.waitForCondition(popup::isClosed);
        List<String> checks = authority.checked().subList(checksBefore, authority.checked().size());
        assertTrue(checks.size() == 1 && checks.get(0).startsWith("200 "), "Prosody checked one token: " + checks);
        // The token (which Prosody checked) is nowhere in the frame's document.
        String token = checks.get(0).substring(4);
        assertTrue(!page.content().contains(token), "the token reached the frame's document");
    }

    /**
     * Access tokens that live five seconds, with a refresh token: the worker refreshes the token before it expires,
     * so that when the connection drops later, the reconnect authenticates with a fresh token (which Prosody checks
     * with the provider) and never needs the provider's window again.
     */
    @org.junit.jupiter.api.Test
    void anExpiringTokenIsRefreshedSoThatAReconnectNeedsNoNewLogin() throws Exception {
        int port = java.net.URI.create(TestServers.prosody().websocketUrl()).getPort();
        try (im.parley.testkit.FaultProxy proxy = new im.parley.testkit.FaultProxy(port)) {
            int checksBefore = authority.checked().size();
            deploy("ws://127.0.0.1:" + proxy.port() + "/xmpp-websocket", "js", OidcAuthority.PARLEY_SHORT_CLIENT);
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill("olga@" + Prosody.OAUTH_DOMAIN);
            signInAtTheProvider();
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            int[] popups = {0};
            page.onPopup(p -> popups[0]++);
            // Longer than the token lives; the worker refreshes it at four fifths of its life.
            page.waitForTimeout(7_000);
            proxy.cutAll();
            page.waitForCondition(() -> authority.checked().size() >= checksBefore + 2);
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            List<String> checks = authority.checked().subList(checksBefore, authority.checked().size());
            assertTrue(checks.get(0).startsWith("200 ") && checks.get(1).startsWith("200 "),
                    "both logins' tokens were good: " + checks);
            assertTrue(!checks.get(0).equals(checks.get(1)), "the reconnect used a new token: " + checks);
            assertTrue(popups[0] == 0, "the provider's window opened again");
        }
    }

    /**
     * "Stay logged in on this device" with an identity provider: the worker keeps the provider's refresh token
     * (sealed under the device key), and a reload logs in with a new access token from it, without the provider's
     * window; the provider rotates refresh tokens, so the second reload proves that the new one was kept. Logging
     * out forgets it: the next reload shows the login button.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void stayingLoggedInNeedsNoProviderWindowAfterAReload(String build) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\",\"authentication\":\"oauth\",\"oauth_issuer\":\""
                + authority.issuer() + "\",\"oauth_client_id\":\"" + OidcAuthority.PARLEY_KEEP_CLIENT + "\"}");
        int checksBefore = authority.checked().size();
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill("olga@" + Prosody.OAUTH_DOMAIN);
        page.locator(".p-login-stay").check();
        signInAtTheProvider();
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        page.waitForTimeout(500); // the kept login is written behind the UI
        int[] popups = {0};
        page.onPopup(p -> popups[0]++);
        for (int reload = 1; reload <= 2; reload++) {
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(page.locator(".p-status")).containsText("Online as olga@" + Prosody.OAUTH_DOMAIN + "/");
            assertThat(page.locator(".p-status")).hasAttribute("data-login", "SASL OAUTHBEARER");
            page.waitForTimeout(500);
        }
        assertTrue(popups[0] == 0, "the provider's window opened again");
        List<String> checks = authority.checked().subList(checksBefore, authority.checked().size());
        assertTrue(checks.size() == 3 && checks.stream().allMatch(c -> c.startsWith("200 ")),
                "three logins, each with a good token: " + checks);
        assertTrue(checks.stream().map(c -> c.substring(4)).distinct().count() == 3, "a new token each time");
        String token = checks.get(2).substring(4);
        assertTrue(!page.content().contains(token), "the token reached the frame's document");

        page.locator(".p-logout").click();
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "offline");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login-submit")).isVisible();
        page.waitForTimeout(500);
        assertThat(page.locator("#parley-root")).not().hasAttribute("data-state", "online");
    }

    @org.junit.jupiter.api.Test
    void closingTheProvidersWindowGivesTheFormBack() {
        deploy(TestServers.prosody().websocketUrl(), "js", OidcAuthority.PARLEY_CLIENT);
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill("olga@" + Prosody.OAUTH_DOMAIN);
        Page popup = page.waitForPopup(() -> page.locator(".p-login-submit").click());
        popup.locator("input[name=login]").waitFor();
        popup.close();
        assertThat(page.locator(".p-login .p-error")).containsText("window was closed");
        assertThat(page.locator(".p-login-submit")).isEnabled();
        assertThat(page.locator("#parley-root")).not().hasAttribute("data-state", "online");
    }
}
