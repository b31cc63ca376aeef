package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Route;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a login finds its server and its credentials, in the browser against Prosody: with only an address, the
 * worker discovers the endpoint from the domain's host-meta (XEP-0156, Converse's discover_connection_methods); with
 * Converse's credentials_url and auto_login, the worker fetches the address and password from the host site (with
 * its cookies, CORS) and logs in, and neither the frame nor the page ever holds the password.
 */
class ConnectionSetupInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void withOnlyAnAddressTheEndpointIsDiscovered(String build) {
        List<String> asked = new CopyOnWriteArrayList<>();
        // The accounts' domain is "localhost": its host-meta is https://localhost/.well-known/host-meta.json, answered
        // here (no web server runs on port 443) with the test Prosody's WebSocket endpoint.
        context.route("https://localhost/.well-known/**", route -> {
            asked.add(route.request().url());
            if (route.request().url().endsWith("/host-meta.json")) {
                route.fulfill(new Route.FulfillOptions().setStatus(200).setHeaders(Map.of("Content-Type",
                        "application/json", "Access-Control-Allow-Origin", "*")).setBody("{\"links\": [{\"rel\":"
                        + " \"urn:xmpp:alt-connections:websocket\", \"href\": \"" + TestServers.prosody().websocketUrl()
                        + "\"}]}"));
            } else {
                route.fulfill(new Route.FulfillOptions().setStatus(404).setBody("not found"));
            }
        });
        TestServers.dist().setParleyConfig("{\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill(ALICE_PASSWORD);
        page.locator(".p-login-password").press("Enter");
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        assertEquals(List.of("https://localhost/.well-known/host-meta.json"), asked);
    }

    @Test
    void withoutAHostMetaTheLoginSaysWhatToConfigure() {
        context.route("https://localhost/.well-known/**", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(404).setHeaders(Map.of("Access-Control-Allow-Origin", "*")).setBody("not found")));
        TestServers.dist().setParleyConfig("{\"worker_build\":\"js\",\"persistent_store\":\"sessionStorage\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill(ALICE_PASSWORD);
        page.locator(".p-login-password").press("Enter");
        assertThat(page.locator(".p-login .p-error")).containsText("no chat server endpoint found for localhost");
        assertThat(page.locator(".p-login .p-error")).containsText("set websocket_url or bosh_service_url");
        assertThat(page.locator("#parley-root")).not().hasAttribute("data-state", "online");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void credentialsComeFromTheSiteIntoTheWorkerOnly(String build) {
        TestServers.dist().setCredentials("{\"jid\": \"" + ALICE + "\", \"password\": \"" + ALICE_PASSWORD + "\"}");
        int before = TestServers.dist().credentialsRequests().size();
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\",\"auto_login\":true,"
                + "\"credentials_url\":\"" + TestServers.dist().credentialsUrl() + "\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        // No form: the worker fetched the address and password and logged in.
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        assertThat(page.locator(".p-status")).containsText("Online as alice@localhost/");
        List<String> requests = TestServers.dist().credentialsRequests();
        assertEquals(List.of(TestServers.dist().parleyOrigin()), requests.subList(before, requests.size()),
                "one request, from Parley's origin (the worker), answered under CORS");
        assertTrue(!page.content().contains(ALICE_PASSWORD), "the password is nowhere in the frame's document");
    }

    @Test
    void aBadCredentialsAnswerIsShownAtTheLoginForm() {
        TestServers.dist().setCredentials("{\"jid\": \"" + ALICE + "\"}");
        try {
            TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                    + "\",\"worker_build\":\"js\",\"persistent_store\":\"sessionStorage\",\"auto_login\":true,"
                    + "\"credentials_url\":\"" + TestServers.dist().credentialsUrl() + "\"}");
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            assertThat(page.locator(".p-login .p-error")).containsText("credentials_url must answer");
            assertThat(page.locator(".p-login-jid")).isVisible();
        } finally {
            TestServers.dist().setCredentials(null);
        }
    }
}
