package im.parley.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import im.parley.testkit.TestServers;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** One Playwright and one Debian Chromium per test class; a fresh browser context (profile) per test. */
@ExtendWith(TestServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserSupport {
    static final String ALICE = "alice@localhost";
    static final String ALICE_PASSWORD = "alice-secret-pw";

    Playwright playwright;
    Browser browser;
    BrowserContext context;
    Page page;
    final List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A failing test reports what the browser's console said. */
    @RegisterExtension
    final TestExecutionExceptionHandler consoleOnFailure = (ctx, error) -> {
        error.addSuppressed(new AssertionError("browser console:\n" + String.join("\n", console)));
        throw error;
    };

    @BeforeAll
    void launch() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("parley.chromium", "/usr/bin/chromium")))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @BeforeEach
    void newPage() {
        context = browser.newContext();
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        page.onPageError(e -> console.add("pageerror: " + e));
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
        console.clear();
    }

    @AfterAll
    void shutdown() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /**
     * Deploys with the test Prosody and a worker build (the cache in memory), opens the fullscreen app and logs in
     * with the form as user@localhost; returns once the session is online.
     */
    void loginAs(String build, String user, String password) {
        loginAs(build, user, password, "");
    }

    /** The same, with more deployment settings ({@code extra}: JSON members, like {@code "i18n":"de",}). */
    void loginAs(String build, String user, String password, String extra) {
        TestServers.dist().setParleyConfig("{" + extra + "\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\",\"persistent_store\":\"sessionStorage\"}");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        page.locator(".p-login-jid").fill(user + "@localhost");
        page.locator(".p-login-password").fill(password);
        page.locator(".p-login-password").press("Enter");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#parley-root"))
                .hasAttribute("data-state", "online");
    }

    /**
     * Types {@code text} into the open chat's composer, sends it, and returns the message as the peer received it
     * (other messages it got meanwhile are skipped), or null after ten quiet seconds.
     */
    org.jivesoftware.smack.packet.Message sendAndAwait(im.parley.testkit.SmackPeer peer, String text)
            throws InterruptedException {
        page.locator(".p-composer-text").fill(text);
        page.locator(".p-composer-text").press("Enter");
        org.jivesoftware.smack.packet.Message got = peer.next(10, java.util.concurrent.TimeUnit.SECONDS);
        while (got != null && !text.equals(got.getBody())) {
            got = peer.next(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        return got;
    }

    /** Points the deployment config at the test Prosody, forcing a worker build. */
    static void configure(String build) {
        TestServers.dist().setParleyConfig("{\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"" + build + "\"}");
    }
}
