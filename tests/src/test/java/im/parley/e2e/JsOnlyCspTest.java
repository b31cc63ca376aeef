package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A deployment of the JS build only serves its policies without 'wasm-unsafe-eval': with worker_build "js" the
 * whole app runs under them with no violation in the page; with "auto" the worker finds WebAssembly refused and
 * falls back to the JS build.
 */
class JsOnlyCspTest extends BrowserSupport {
    @AfterEach
    void allowWasmAgain() {
        TestServers.dist().setWasmAllowed(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "auto"})
    void theJsBuildNeedsNoWasmUnsafeEval(String build) throws Exception {
        TestServers.dist().setWasmAllowed(false);
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"}");
        page.addInitScript("window.__cspViolations = []; document.addEventListener('securitypolicyviolation',"
                + " ev => window.__cspViolations.push(ev.violatedDirective + ' ' + ev.blockedURI));");
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            assertThat(page.locator("#parley-root")).hasAttribute("data-build", "js");
            page.locator(".p-login-jid").fill("alice@localhost");
            page.locator(".p-login-password").fill("alice-secret-pw");
            page.locator(".p-login-password").press("Enter");
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            String text = "under a policy without wasm " + System.nanoTime();
            page.locator(".p-composer-text").fill(text);
            page.locator(".p-composer-text").press("Enter");
            Message got = bob.next(10, TimeUnit.SECONDS);
            while (got != null && !text.equals(got.getBody())) {
                got = bob.next(10, TimeUnit.SECONDS);
            }
            assertNotNull(got);
            assertEquals(List.of(), page.evaluate("() => window.__cspViolations"));
        }
    }
}
