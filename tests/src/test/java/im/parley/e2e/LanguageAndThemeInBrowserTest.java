package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.ColorScheme;
import im.parley.testkit.TestServers;
import org.junit.jupiter.api.Test;

/**
 * The UI's language follows the i18n setting, else the browser's; the theme follows Converse's theme and dark_theme
 * settings and the system's preference, until the user picks one, which this device remembers.
 */
class LanguageAndThemeInBrowserTest extends BrowserSupport {
    private void newContext(String locale, ColorScheme scheme) {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setLocale(locale).setColorScheme(scheme));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
    }

    private void deploy(String extra) {
        TestServers.dist().setParleyConfig("{" + extra + "\"websocket_url\":\"" + TestServers.prosody().websocketUrl()
                + "\",\"worker_build\":\"js\",\"persistent_store\":\"sessionStorage\"}");
    }

    @Test
    void germanFromTheBrowserUnlessTheSettingSaysOtherwise() {
        newContext("de-DE", ColorScheme.LIGHT);
        deploy("");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login h1")).hasText("Zum Chatten anmelden");
        assertThat(page.locator("html")).hasAttribute("lang", "de");
        page.locator(".p-login-jid").fill("wes@localhost");
        page.locator(".p-login-password").fill("wes-Pw7-pass");
        page.locator(".p-login-password").press("Enter");
        assertThat(page.locator(".p-status")).containsText("Online als wes@localhost");
        assertThat(page.locator(".p-roster-filter")).hasAttribute("placeholder", "Kontakte filtern");
        assertThat(page.locator(".p-roster-offline")).hasText("Offline-Kontakte anzeigen");
        assertThat(page.locator(".p-logout")).hasText("Abmelden");
        assertThat(page.locator(".p-group-button[data-group='']")).hasText("Ohne Gruppe");
        // A text from the worker (a notice with a value in it) is German too.
        page.locator(".p-contact-button[data-jid='zoe@localhost']").click();
        page.locator(".p-block").click();
        page.locator(".p-block").click();
        assertThat(page.locator(".p-status")).hasText("zoe@localhost blockiert.");
        page.locator(".p-block").click();
        assertThat(page.locator(".p-status")).hasText("zoe@localhost entsperrt.");

        newContext("de-DE", ColorScheme.LIGHT);
        deploy("\"i18n\":\"en\",");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator(".p-login h1")).hasText("Log in to chat");
        assertThat(page.locator("html")).hasAttribute("lang", "en");
    }

    private String background() {
        return (String) page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--parley-bg').trim()");
    }

    @Test
    void themesFromSettingsSystemAndTheUsersChoice() {
        // The system prefers dark: dark_theme (by default "dracula") applies.
        newContext("en-US", ColorScheme.DARK);
        deploy("");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator("html")).hasAttribute("data-theme", "dracula");
        assertEquals("#14181f", background());

        // A deployment that wants light everywhere.
        newContext("en-US", ColorScheme.DARK);
        deploy("\"dark_theme\":\"default\",");
        page.navigate(TestServers.dist().parleyOrigin() + "/");
        assertThat(page.locator("html")).hasAttribute("data-theme", "default");
        assertEquals("#f6f7f9", background());

        // The user picks dark under Account; it stays after a reload.
        page.locator(".p-login-jid").fill("wes@localhost");
        page.locator(".p-login-password").fill("wes-Pw7-pass");
        page.locator(".p-login-password").press("Enter");
        assertThat(page.locator("#parley-root")).hasAttribute("data-state", "online");
        page.locator(".p-account summary").click();
        page.locator(".p-theme-select").selectOption("dracula");
        assertThat(page.locator("html")).hasAttribute("data-theme", "dracula");
        assertEquals("#14181f", background());
        page.reload();
        assertThat(page.locator("html")).hasAttribute("data-theme", "dracula");
        assertThat(page.locator(".p-theme-select")).hasValue("dracula");
    }
}
