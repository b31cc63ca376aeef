package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XEP-0393 styling and links from a real peer: styled text becomes elements, preformatted and quoted blocks keep
 * their content as text, only http(s) URLs become links (with noopener and noreferrer), and markup in a body is
 * shown as text, never parsed.
 */
class StylingInBrowserTest extends BrowserSupport {
    @Test
    void styledTextLinksAndMarkupFromAPeer() throws Exception {
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loginAs("auto", "alice", "alice-secret-pw");

            String tag = "styling-" + System.nanoTime();
            bob.send("alice@localhost", tag + " *bold* _soft_ ~gone~ `*code*` snake_case_name\n"
                    + "> quoted *line*\n"
                    + "```\n*not bold* <b>raw</b>\n```\n"
                    + "see https://example.org/a_b?x=1. not javascript:alert(1) nor <img src=x onerror=\"window.__pwned=1\">");
            page.locator(".p-conversation-button[data-jid='bob@localhost']").click();
            Locator body = page.locator(".p-message.p-in .p-body", new com.microsoft.playwright.Page.LocatorOptions()
                    .setHasText(tag));
            assertThat(body).hasCount(1);
            assertThat(body.locator("strong").first()).hasText("*bold*");
            assertThat(body.locator("em")).hasText("_soft_");
            assertThat(body.locator("s")).hasText("~gone~");
            assertThat(body.locator("code")).hasText("`*code*`");
            assertThat(body.locator("code strong")).hasCount(0);
            assertThat(body.locator("blockquote")).hasText("quoted *line*");
            assertThat(body.locator("blockquote strong")).hasText("*line*");
            assertThat(body.locator("pre")).hasText("*not bold* <b>raw</b>");
            assertThat(body.locator("pre strong, pre b, b, img, script")).hasCount(0);
            Locator link = body.locator("a");
            assertThat(link).hasCount(1);
            assertThat(link).hasAttribute("href", "https://example.org/a_b?x=1");
            assertThat(link).hasAttribute("rel", "noopener noreferrer nofollow");
            assertThat(link).hasAttribute("target", "_blank");
            assertEquals(List.of(), page.evaluate("() => Array.from(document.querySelectorAll('.p-body a[href]'))"
                    + ".map(a => a.getAttribute('href')).filter(h => !/^https?:/.test(h))"));
            assertEquals(null, page.evaluate("() => window.__pwned || null"));
            assertThat(body).containsText("snake_case_name");
            assertThat(body).containsText("<img src=x onerror=\"window.__pwned=1\">");
        }
    }
}
