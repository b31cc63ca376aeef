package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.ClientCertificate;
import im.parley.testkit.Prosody;
import im.parley.testkit.TestCertificates;
import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Converse's authentication 'external' in Chromium: the browser presents its client certificate to Prosody's wss://
 * endpoint (Playwright's client certificates stand in for a certificate installed in the browser), and the worker
 * logs in with SASL EXTERNAL as the certificate's XMPP address; no password anywhere.
 */
class ExternalInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void logsInWithTheBrowsersCertificate(String build) {
        Prosody prosody = TestServers.prosody();
        String wss = prosody.secureWebsocketUrl();
        String origin = wss.substring(0, wss.indexOf("/xmpp-websocket")).replace("wss://", "https://");
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)
                .setClientCertificates(List.of(new ClientCertificate(origin)
                        .setPfxPath(prosody.certificates().file("client.p12"))
                        .setPassphrase(TestCertificates.PASSWORD))));
        page = context.newPage();
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + wss + "\",\"worker_build\":\"" + build
                + "\",\"persistent_store\":\"sessionStorage\",\"authentication\":\"external\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login-password")).isHidden();
        page.locator(".p-login-jid").fill(Prosody.CCERT_USER + "@" + Prosody.CCERT_DOMAIN);
        page.locator(".p-login-submit").click();
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        assertThat(page.locator(".p-status")).hasAttribute("data-login", "SASL EXTERNAL");
        assertThat(page.locator(".p-status")).containsText("Online as " + Prosody.CCERT_USER + "@" + Prosody.CCERT_DOMAIN);
    }
}
