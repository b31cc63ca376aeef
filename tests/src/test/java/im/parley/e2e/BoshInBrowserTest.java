package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Converse's bosh_service_url: with no WebSocket endpoint, the worker logs in over BOSH (fetch) and chats. */
class BoshInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void loginAndChatOverBosh(String build) throws Exception {
        TestServers.dist().setParleyConfig("{\"bosh_service_url\":\"" + TestServers.prosody().boshUrl()
                + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"}");
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill("alice@localhost");
            page.locator(".p-login-password").fill("alice-secret-pw");
            page.locator(".p-login-password").press("Enter");
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            assertThat(page.locator("#parley-root")).hasAttribute("data-build", build);
            // Over BOSH the RFC 6120 login (the server's SASL2 module fails on BOSH sessions).
            assertThat(page.locator(".p-status")).hasAttribute("data-login",
                    java.util.regex.Pattern.compile("SASL SCRAM-SHA-(1|256)"));
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            bob.drain();
            Message got = sendAndAwait(bob, "via BOSH " + tag);
            assertNotNull(got, "Smack received nothing over BOSH");
            bob.send("alice@localhost", "back over BOSH " + tag);
            assertThat(page.locator(".p-message.p-in .p-body").last()).hasText("back over BOSH " + tag);
        }
    }
}
