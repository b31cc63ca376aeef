package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.ColorScheme;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * axe-core finds no serious or critical accessibility violation in Parley's views: the login form, the contact list,
 * a chat with messages, the Account section and the contact editor, in the light and the dark theme, in English and
 * German, and in the overlayed box inside a host page.
 */
class AccessibilityInBrowserTest extends BrowserSupport {
    private void axeContext(String locale, ColorScheme scheme) {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true).setLocale(locale)
                .setColorScheme(scheme).setViewportSize(1100, 720));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
    }

    private void check(List<String> found, String view, Frame frame) throws Exception {
        for (String v : Axe.seriousViolations(page, frame)) {
            found.add(view + ": " + v);
        }
    }

    @Test
    void everyViewInBothThemesAndLanguages() throws Exception {
        List<String> found = new ArrayList<>();
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            for (String[] variant : new String[][] {{"en-US", "light"}, {"en-US", "dark"}, {"de-DE", "light"}}) {
                String name = variant[0] + " " + variant[1];
                axeContext(variant[0], "dark".equals(variant[1]) ? ColorScheme.DARK : ColorScheme.LIGHT);
                TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                        + "\",\"worker_build\":\"js\",\"persistent_store\":\"sessionStorage\"}");
                page.navigate(TestServers.dist().parleyOrigin() + "/");
                page.locator(".p-login-jid").waitFor();
                check(found, name + " login", null);
                page.locator(".p-login-jid").fill("wes@localhost");
                page.locator(".p-login-password").fill("wes-Pw7-pass");
                page.locator(".p-login-password").press("Enter");
                assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
                check(found, name + " contacts", null);
                xia.send("wes@localhost", "Hello *there*, see https://example.org");
                page.locator(".p-contact-button[data-jid='xia@localhost']").click();
                page.locator(".p-message.p-in").last().waitFor();
                page.locator(".p-composer-text").fill("a reply");
                page.locator(".p-composer-text").press("Enter");
                page.locator(".p-message.p-out").last().waitFor();
                check(found, name + " chat", null);
                page.locator(".p-account summary").click();
                page.locator(".p-edit-contact").click();
                check(found, name + " account and contact editor", null);
            }

            // The overlayed box, in the frame inside a host page.
            axeContext("en-US", ColorScheme.LIGHT);
            configure("js");
            page.navigate(TestServers.dist().hostOrigin() + "/blank.html");
            page.waitForFunction("() => typeof window.parley === 'object'");
            page.evaluate("ws => parley.initialize({websocket_url: ws, jid: 'wes@localhost', password: 'wes-Pw7-pass',"
                    + " auto_login: true, view_mode: 'overlayed', persistent_store: 'sessionStorage'})",
                    TestServers.prosody().websocketUrl());
            assertThat(page.frameLocator("iframe.parley-frame").locator("#parley-root"))
                    .hasAttribute("data-state", "online");
            // Two chat boxes beside the contacts box, one of them minimised.
            page.evaluate("() => { parley.open('yan@localhost'); parley.open('xia@localhost'); }");
            Locator yanBox = page.frameLocator("iframe.parley-frame").locator(".p-box[data-jid='yan@localhost']");
            // The host sizes and clips its iframe once the frame has reported both boxes; click after that.
            page.waitForFunction("() => document.querySelector('iframe.parley-frame').getBoundingClientRect().width > 1000");
            yanBox.locator(".p-box-minimise").click();
            assertThat(yanBox).hasClass(java.util.regex.Pattern.compile("p-minimised"));
            assertThat(page.frameLocator("iframe.parley-frame").locator(".p-box[data-jid='xia@localhost']"))
                    .isVisible();
            Frame frame = page.frames().stream().filter(f -> f.url().startsWith(TestServers.dist().parleyOrigin()))
                    .findFirst().orElseThrow();
            check(found, "overlayed", frame);
        }
        assertEquals(List.of(), found, "serious or critical accessibility violations (axe-core " + Axe.VERSION + ")");
    }
}
