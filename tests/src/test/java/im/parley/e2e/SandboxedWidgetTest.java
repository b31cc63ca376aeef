package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.microsoft.playwright.FrameLocator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;

/**
 * widget.html in an iframe with the sandbox tokens the README documents ("allow-scripts allow-same-origin
 * allow-forms"), on a page of another origin with no Parley script: the user logs in and chats with a Smack peer.
 * Without allow-same-origin the widget says what it needs instead of failing obscurely.
 */
class SandboxedWidgetTest extends BrowserSupport {
    @Test
    void theWidgetWorksInASandboxedIframeAndSaysWhatItNeedsOtherwise() throws Exception {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"persistent_store\":\"sessionStorage\"}");
        try (SmackPeer dora = new SmackPeer(TestServers.prosody(), "dora", "dora-Zq7-pass")) {
            page.navigate(TestServers.dist().hostOrigin() + "/sandboxed.html");
            FrameLocator strict = page.frameLocator("#strict");
            assertThat(strict.locator("#parley-root")).hasAttribute("data-state", "refused");
            assertThat(strict.locator("#parley-root")).containsText("allow-scripts allow-same-origin allow-forms");

            FrameLocator frame = page.frameLocator("#chat");
            frame.locator(".p-login-jid").fill("erin@localhost");
            frame.locator(".p-login-password").fill("erin-Kx2-pass");
            frame.locator(".p-login-password").press("Enter");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");

            dora.send("erin@localhost", "hello from outside the sandbox");
            frame.locator(".p-conversation-button[data-jid='dora@localhost']").click();
            assertThat(frame.locator(".p-message.p-in .p-body").last()).hasText("hello from outside the sandbox");
            frame.locator(".p-composer-text").fill("hello from inside the sandbox");
            frame.locator(".p-composer-text").press("Enter");
            Message got = dora.next(10, TimeUnit.SECONDS);
            while (got != null && !"hello from inside the sandbox".equals(got.getBody())) {
                got = dora.next(10, TimeUnit.SECONDS);
            }
            assertNotNull(got, "dora did not get the reply");
            assertEquals("hello from inside the sandbox", got.getBody());
        }
    }
}
