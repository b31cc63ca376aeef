package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.options.Cookie;
import im.parley.testkit.BoshRecorder;
import java.util.List;
import java.util.Map;

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

    /**
     * Converse's connection_options: withCredentials makes BOSH requests carry the endpoint's cookies (a load
     * balancer's sticky session, say), customHeaders adds headers to each. Without them, a BOSH request carries
     * neither (the default: no cookies go to the chat server).
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void connectionOptionsGiveBoshRequestsCookiesAndHeaders(String build) throws Exception {
        try (BoshRecorder gateway = new BoshRecorder(TestServers.prosody().boshUrl());
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            page.context().addCookies(List.of(new Cookie("route", "node-7").setUrl(gateway.url())));
            String tag = Long.toString(System.nanoTime(), 36);
            TestServers.dist().setParleyConfig("{\"bosh_service_url\":\"" + gateway.url()
                    + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\","
                    + "\"connection_options\":{\"withCredentials\":true,\"customHeaders\":{\"X-Tenant\":\"acme\"},"
                    + "\"keepalive\":true}}");
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill("alice@localhost");
            page.locator(".p-login-password").fill("alice-secret-pw");
            page.locator(".p-login-password").press("Enter");
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            page.locator(".p-contact-button[data-jid='bob@localhost']").click();
            bob.drain();
            assertNotNull(sendAndAwait(bob, "through the gateway " + tag), "Smack received nothing");
            List<Map<String, String>> posts = gateway.posts();
            assertTrue(posts.size() >= 3, "the login and the message went through the gateway: " + posts.size());
            for (Map<String, String> h : posts) {
                assertEquals("acme", h.get("x-tenant"), h.toString());
                assertEquals("route=node-7", h.get("cookie"), h.toString());
            }
            page.locator(".p-logout").click();
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "offline");

            // The same gateway without connection_options: no cookie, no header.
            int before = gateway.posts().size();
            TestServers.dist().setParleyConfig("{\"bosh_service_url\":\"" + gateway.url()
                    + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"}");
            page.navigate(TestServers.dist().parleyOrigin() + "/");
            page.locator(".p-login-jid").fill("alice@localhost");
            page.locator(".p-login-password").fill("alice-secret-pw");
            page.locator(".p-login-password").press("Enter");
            assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
            List<Map<String, String>> plain = gateway.posts().subList(before, gateway.posts().size());
            assertFalse(plain.isEmpty());
            for (Map<String, String> h : plain) {
                assertFalse(h.containsKey("cookie"), h.toString());
                assertFalse(h.containsKey("x-tenant"), h.toString());
            }
        }
    }
}
