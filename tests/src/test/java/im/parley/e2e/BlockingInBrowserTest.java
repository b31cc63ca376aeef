package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking (XEP-0191) against Prosody with Smack on the other side: after blocking, the contact's messages never
 * arrive and the chat cannot be written in; the block list shows the JID; after unblocking, messages flow again.
 */
class BlockingInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void blockAndUnblockAContact(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer tom = new SmackPeer(TestServers.prosody(), "tom", "tom-Pw7-pass")) {
            loginAs(build, "sam", "sam-Pw7-pass");
            page.locator(".p-contact-button[data-jid='tom@localhost']").click();

            Locator block = page.locator(".p-block");
            assertThat(block).hasText("Block");
            block.click();
            assertThat(block).hasText("Really block Tom?");
            block.click();
            assertThat(page.locator(".p-blocked-item[data-jid='tom@localhost']")).hasCount(1);
            assertThat(block).hasText("Unblock");
            assertThat(page.locator(".p-composer-text")).isDisabled();

            tom.send("sam@localhost", "while blocked " + tag);
            tom.sync(); // the server has handled (bounced) it before sam unblocks
            // Unblock from the Account section's list; then a message gets through, and the blocked one never did.
            page.locator(".p-account summary").click();
            page.locator(".p-blocked-item[data-jid='tom@localhost'] .p-unblock").click();
            assertThat(page.locator(".p-blocked-item")).hasCount(0);
            assertThat(page.locator(".p-composer-text")).isEnabled();
            tom.send("sam@localhost", "after unblocking " + tag);
            Locator bodies = page.locator(".p-message.p-in .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText(tag));
            assertThat(bodies).hasText(new String[] {"after unblocking " + tag});
        }
    }
}
