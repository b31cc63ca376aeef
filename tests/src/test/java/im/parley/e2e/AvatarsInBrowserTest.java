package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Avatars (XEP-0153) in the UI with Smack: a contact's published avatar shows in the roster (a decoded image from a
 * blob: URL), and the user's chosen image is published in the vCard, where Smack finds the same bytes.
 */
class AvatarsInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void avatarsInTheRosterAndTheUsersOwn(String build) throws Exception {
        byte[] green = SmackPeer.png(0x22aa22 + (build.equals("js") ? 1 : 2));
        byte[] mine = SmackPeer.png(0xaa22aa + (build.equals("js") ? 1 : 2));
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            loginAs(build, "dora", "dora-Zq7-pass");
            erin.publishAvatar(green, "image/png", SmackPeer.sha1Hex(green));
            Locator img = page.locator(".p-contact-button[data-jid='erin@localhost'] img.p-avatar");
            assertThat(img).isVisible();
            assertThat(img).hasAttribute("src", java.util.regex.Pattern.compile("^blob:"));
            page.waitForCondition(() -> ((Number) img.evaluate("i => i.naturalWidth")).intValue() == 16);

            page.locator(".p-avatar-file").setInputFiles(new FilePayload("me.png", "image/png", mine));
            assertThat(page.locator(".p-own-avatar")).hasAttribute("src", java.util.regex.Pattern.compile("^blob:"));
            byte[] published = null;
            for (int i = 0; i < 50; i++) {
                published = erin.avatarOf("dora@localhost");
                if (published != null && java.util.Arrays.equals(published, mine)) {
                    break;
                }
                page.waitForTimeout(100);
            }
            assertArrayEquals(mine, published);
            assertEquals(0, page.locator("img[src^='data:'], img[src^='http']").count());
        }
    }

    /** XEP-0084: a contact's avatar published over PEP (no presence sent) shows in the contact list. */
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aPepAvatarShows(String build) throws Exception {
        byte[] image = SmackPeer.png((int) (System.nanoTime() & 0xffffff));
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            loginAs(build, "wes", "wes-Pw7-pass");
            page.waitForTimeout(1000); // Prosody learns the client's caps (+notify) from its presence first
            xia.publishPepAvatar(image, "image/png");
            Locator img = page.locator(".p-contact-button[data-jid='xia@localhost'] img.p-avatar");
            assertThat(img).hasCount(1);
            assertThat(img).hasAttribute("src", java.util.regex.Pattern.compile("^blob:"));
            page.waitForCondition(() -> ((Number) img.evaluate("i => i.naturalWidth")).intValue() == 16);
        }
    }
}
