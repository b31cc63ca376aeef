package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.MiniWsServer;
import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server that sends malformed XML gets its stream closed with a stream error, and the user is told. */
class BadServerTest extends BrowserSupport {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='s1' version='1.0'/>";

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void malformedXmlClosesTheStreamWithNotWellFormed(String build) throws Exception {
        try (MiniWsServer server = new MiniWsServer(frame -> frame.startsWith("<open")
                ? List.of(OPEN, "<features xmlns='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'></features>")
                : List.of())) {
            assertUserIsTold(server, build, "not-well-formed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aDoctypeIsRestrictedXml(String build) throws Exception {
        try (MiniWsServer server = new MiniWsServer(frame -> frame.startsWith("<open")
                ? List.of(OPEN, "<!DOCTYPE lol [<!ENTITY lol 'lol'>]><features xmlns='http://etherx.jabber.org/streams'>&lol;</features>")
                : List.of())) {
            assertUserIsTold(server, build, "restricted-xml");
        }
    }

    private void assertUserIsTold(MiniWsServer server, String build, String condition) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + server.url() + "\",\"worker_build\":\"" + build + "\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(ALICE);
        page.locator(".p-login-password").fill(ALICE_PASSWORD);
        page.locator(".p-login-submit").click();
        assertThat(page.locator("#parley-root")).hasAttribute("data-error", "bad-xml");
        assertThat(page.locator(".p-error")).containsText("malformed XML");
        page.waitForCondition(() -> server.received().stream().anyMatch(f -> f.contains(condition)));
        String all = String.join("\n", server.received());
        assertTrue(all.contains("<error xmlns=\"http://etherx.jabber.org/streams\"><" + condition
                + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></error>"), all);
        assertTrue(all.contains("<close xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\"/>"), all);
    }
}
