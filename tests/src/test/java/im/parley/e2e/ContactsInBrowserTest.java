package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contact management against Prosody, with Smack on the other side: add, requests both ways, remove. */
class ContactsInBrowserTest extends BrowserSupport {
    private Locator root() {
        return page.locator("#parley-root");
    }

    private void login(String build, String user, String extraConfig) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"" + extraConfig + "}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(user + "@localhost");
        page.locator(".p-login-password").fill(user + "-Pw7-pass");
        page.locator(".p-login-password").press("Enter");
        assertThat(root()).hasAttribute("data-state", "online");
    }

    /** The next subscription stanza of the given type (others, such as repeated ones, are skipped). */
    private static String next(SmackPeer peer, String type) throws InterruptedException {
        String s = peer.nextSubscription(10, TimeUnit.SECONDS);
        while (s != null && !s.startsWith(type + " ")) {
            s = peer.nextSubscription(10, TimeUnit.SECONDS);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void addAContactAnswerTheirRequestAndRemoveThem(String build) throws Exception {
        try (SmackPeer gus = new SmackPeer(TestServers.prosody(), "gus", "gus-Pw7-pass")) {
            login(build, "fay", "");
            page.locator(".p-add-jid").fill("gus@localhost");
            page.locator(".p-add-name").fill("Gus Grayling");
            page.locator(".p-add-submit").click();
            Locator contact = page.locator(".p-contact-button[data-jid='gus@localhost']");
            assertThat(contact).containsText("Gus Grayling");
            assertEquals("subscribe fay@localhost", next(gus, "subscribe"), "Gus got no request");

            // Gus accepts and asks back; Fay accepts in the UI.
            gus.subscription("subscribed", "fay@localhost");
            gus.subscription("subscribe", "fay@localhost");
            Locator request = page.locator(".p-request[data-jid='gus@localhost']");
            assertThat(request).isVisible();
            request.locator(".p-request-accept").click();
            assertThat(page.locator(".p-request")).hasCount(0);
            assertEquals("subscribed fay@localhost", next(gus, "subscribed"));
            // Subscribed both ways: Gus's presence reaches Fay.
            assertThat(contact.locator(".p-presence")).hasAttribute("data-show", "online");

            // Remove, with the confirming second click.
            contact.click();
            Locator remove = page.locator(".p-remove");
            assertThat(remove).isVisible();
            remove.click();
            assertThat(remove).containsText("Really remove Gus Grayling?");
            remove.click();
            assertThat(contact).hasCount(0);
            assertThat(remove).isHidden();
            // Removing cancels the subscriptions both ways (RFC 6121 2.5.2): Gus is told.
            assertEquals("unsubscribe fay@localhost", next(gus, "unsubscribe"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void withContactRequestsOffARequestIsNeitherShownNorAnswered(String build) throws Exception {
        try (SmackPeer ivy = new SmackPeer(TestServers.prosody(), "ivy", "ivy-Pw7-pass")) {
            login(build, "hal", ",\"allow_contact_requests\":false,\"allow_contact_removal\":false");
            ivy.subscription("subscribe", "hal@localhost");
            page.waitForTimeout(1500);
            assertThat(page.locator(".p-request")).hasCount(0);
            assertThat(page.locator(".p-requests")).isHidden();
            String answer = ivy.nextSubscription(1, TimeUnit.SECONDS);
            while (answer != null && answer.startsWith("subscribe ")) { // hal's own request from an earlier run
                answer = ivy.nextSubscription(1, TimeUnit.SECONDS);
            }
            assertNull(answer, "Parley answered a request it must ignore");
            // Removal is off too: the worker refuses the command even if a page were to send it.
            page.locator(".p-add-jid").fill("ivy@localhost");
            page.locator(".p-add-submit").click();
            page.locator(".p-contact-button[data-jid='ivy@localhost']").click();
            assertThat(page.locator(".p-remove")).isHidden();
        }
    }
}
