package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Screenshots of the three ways Parley is shown (README's pictures come from here: tests/target/screenshots),
 * each taken once a real conversation with the Smack peer is on screen.
 */
class ScreenshotTest extends BrowserSupport {
    private static final Path OUT = Path.of("target", "screenshots");

    private Page sizedPage() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 680).setColorScheme(
                com.microsoft.playwright.options.ColorScheme.LIGHT));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        return page;
    }

    private void chat(FrameLocator frame, Page where, SmackPeer leo) throws Exception {
        leo.send("mia@localhost", "Hi Mia! Are we still on for lunch?");
        (frame == null ? where.locator(".p-conversation-button[data-jid='leo@localhost']")
                : frame.locator(".p-conversation-button[data-jid='leo@localhost']")).click();
        String composerIn = ".p-chat[data-jid='leo@localhost'] .p-composer-text";
        var composer = frame == null ? where.locator(composerIn) : frame.locator(composerIn);
        composer.fill("Yes, 12:30 at the usual place.");
        composer.press("Enter");
        (frame == null ? where.locator(".p-message.p-out").last() : frame.locator(".p-message.p-out").last())
                .waitFor();
        where.waitForTimeout(400);
    }

    @Test
    void theThreeModes() throws Exception {
        Files.createDirectories(OUT);
        try (SmackPeer leo = new SmackPeer(TestServers.prosody(), "leo", "leo-Pw7-pass");
                SmackPeer noa = new SmackPeer(TestServers.prosody(), "noa", "noa-Pw7-pass")) {
            configure("auto");
            Page p = sizedPage();
            p.navigate(TestServers.dist().parleyOrigin() + "/");
            p.locator(".p-login-jid").fill("mia@localhost");
            p.locator(".p-login-password").fill("mia-Pw7-pass");
            p.locator(".p-login-password").press("Enter");
            assertThat(p.locator("#parley-root")).hasAttribute("data-state", "online");
            chat(null, p, leo);
            p.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve("fullscreen.png")));

            // Playwright's contexts are private windows, where Chromium refuses storage to third-party frames and
            // Parley says so; the pictures show a normal window, so the frames keep their cache in memory here.
            for (String mode : new String[] {"overlayed", "embedded"}) {
                p = sizedPage();
                p.navigate(TestServers.dist().hostOrigin() + "/blank.html");
                p.waitForFunction("() => typeof window.parley === 'object'");
                p.evaluate("([ws, mode]) => parley.initialize({websocket_url: ws, jid: 'mia@localhost',"
                        + " password: 'mia-Pw7-pass', auto_login: true, view_mode: mode,"
                        + " persistent_store: 'sessionStorage'})",
                        java.util.List.of(TestServers.prosody().websocketUrl(), mode));
                FrameLocator frame = p.frameLocator("iframe.parley-frame");
                assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");
                if (mode.equals("overlayed")) {
                    // A second chat in its own box, beside Leo's.
                    noa.send("mia@localhost", "Did you see the photos from Saturday?");
                    frame.locator(".p-conversation-button[data-jid='noa@localhost']").click();
                    frame.locator(".p-box[data-jid='noa@localhost'] .p-message.p-in").waitFor();
                }
                chat(frame, p, leo);
                p.screenshot(new Page.ScreenshotOptions().setPath(OUT.resolve(mode + ".png")));
            }
        }
        for (String f : new String[] {"fullscreen.png", "overlayed.png", "embedded.png"}) {
            assertTrue(Files.size(OUT.resolve(f)) > 10_000, f + " looks empty");
        }
    }
}
