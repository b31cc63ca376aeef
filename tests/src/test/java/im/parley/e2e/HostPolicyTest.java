package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deployment decides who may embed Parley and which settings a page may not change. */
class HostPolicyTest extends BrowserSupport {

    @AfterEach
    void resetHeaders() {
        TestServers.dist().overrideFrameAncestors(null);
    }

    private void initializeFromHost(String websocketUrl) {
        page.navigate(TestServers.dist().hostOrigin() + "/blank.html");
        page.waitForFunction("() => typeof window.parley === 'object'");
        page.evaluate("(ws) => parley.initialize({websocket_url: ws, view_mode: 'overlayed'})", websocketUrl);
    }

    @Test
    void aHostOutsideAllowedHostOriginsCannotFrameParley() {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"allowed_host_origins\":[\"https://www.example.com\"]}");
        initializeFromHost(TestServers.prosody().websocketUrl());
        page.waitForTimeout(1500);
        assertEquals(0, page.frameLocator("iframe.parley-frame").locator("#parley-root").count(),
                "the browser must not render the frame");
        assertTrue(console.stream().anyMatch(l -> l.contains("frame-ancestors")), String.join("\n", console));
    }

    @Test
    void theFrameItselfRefusesAHostNotInTheList() {
        // Even if a server sent a too-wide frame-ancestors header, the frame checks the handshake's origin.
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"allowed_host_origins\":[\"https://www.example.com\"]}");
        TestServers.dist().overrideFrameAncestors(List.of(TestServers.dist().hostOrigin()));
        initializeFromHost(TestServers.prosody().websocketUrl());
        page.waitForFunction("() => true");
        page.waitForTimeout(1500);
        assertEquals(0, page.frameLocator("iframe.parley-frame").locator(".p-login").count(), "nothing started");
        String log = String.join("\n", console);
        assertTrue(log.contains("is not in allowed_host_origins"), log);
    }

    @Test
    void thePageCannotRedirectTheLoginToAnotherServer() {
        configure("js");
        initializeFromHost("ws://127.0.0.1:1/evil");
        page.waitForTimeout(1500);
        String log = String.join("\n", console);
        assertTrue(log.contains("setting 'websocket_url' is locked by this deployment"), log);
        assertEquals(0, page.frameLocator("iframe.parley-frame").locator(".p-login").count(), "nothing started");
    }

    @Test
    void anAllowedHostWithTheDeploymentsServerStarts() {
        configure("js");
        initializeFromHost(TestServers.prosody().websocketUrl());
        assertThat(page.frameLocator("iframe.parley-frame").locator(".p-login")).isVisible();
    }
}
