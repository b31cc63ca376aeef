package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles (vCard-temp) in Chromium against Prosody, Smack on the other side: the user edits their profile under
 * Account and the contact reads it; the contact's profile shows in the contact's details, its web address as a
 * safe link.
 */
class ProfileInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void editTheOwnProfileAndSeeAContacts(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            xia.saveProfile("Xia Full " + tag, "xi", "https://xia.example.org/" + tag);
            loginAs(build, "wes", "wes-Pw7-pass");
            page.locator(".p-account summary").click();
            assertThat(page.locator(".p-profile")).hasAttribute("data-loaded", "true");
            page.locator(".p-profile-nickname").fill("wessy " + tag);
            page.locator(".p-profile-fn").fill("Wes Example");
            page.locator(".p-profile-email").fill("wes@example.org");
            page.locator(".p-profile-url").fill("https://wes.example.org/");
            page.locator(".p-profile-role").fill("Builder");
            page.locator(".p-profile-save").click();
            assertThat(page.locator(".p-status")).hasText("Profile saved.");
            assertEquals("wessy " + tag + "|wes@example.org|https://wes.example.org/|Builder|0",
                    xia.profileOf("wes@localhost").replaceAll("\\|\\d+$", "|0"));

            // Opened again, the form shows what the server has (an edit that was not saved is gone).
            page.locator(".p-profile-nickname").fill("");
            page.locator(".p-account summary").click();
            page.locator(".p-account summary").click();
            assertThat(page.locator(".p-profile-nickname")).hasValue("wessy " + tag);

            // The contact's profile, in their details.
            page.locator(".p-contact-button[data-jid='xia@localhost']").click();
            page.locator(".p-edit-contact").click();
            Locator profile = page.locator(".p-contact-profile");
            assertThat(profile).hasAttribute("data-loaded", "profile");
            assertThat(profile.locator("dd").first()).hasText("Xia Full " + tag);
            Locator link = profile.locator("a");
            assertThat(link).hasAttribute("href", "https://xia.example.org/" + tag);
            assertThat(link).hasAttribute("rel", "noopener noreferrer nofollow");

            // A web address that is not http(s) is not shown at all.
            xia.saveProfile("Xia Full " + tag, "xi", "javascript:alert(1)");
            page.locator(".p-edit-cancel").click();
            page.locator(".p-edit-contact").click();
            assertThat(profile).hasAttribute("data-loaded", "profile");
            assertThat(profile.locator("a")).hasCount(0);
            assertThat(profile).not().containsText("javascript");
        }
    }
}
