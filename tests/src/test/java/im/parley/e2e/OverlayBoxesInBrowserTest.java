package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;

/**
 * Converse's overlayed mode as users know it: each chat in a box of its own, side by side along the bottom of the
 * page left of the contacts box; boxes minimise to their header bar (with the unread count) and close; chats that do
 * not fit in the window wait until there is room. The host page between and above the boxes still takes clicks: the
 * frame tells the host the boxes' sizes and the host clips its iframe to them.
 */
class OverlayBoxesInBrowserTest extends BrowserSupport {
    private static final String QUIN = "quin@localhost";

    private Locator box(FrameLocator frame, String jid) {
        return frame.locator(".p-box[data-jid='" + jid + "']");
    }

    private int hostClicks() {
        return ((Number) page.evaluate("() => window.__hostClicks")).intValue();
    }

    /**
     * Clicks at a point of the page and waits for the host to count it: the frame reports a new layout with a
     * message, so the host's clip may follow a moment after the boxes changed. Fails if the click never arrives.
     */
    private void clickReachesHost(double x, double y, String what) {
        int before = hostClicks();
        for (int i = 0; i < 50 && hostClicks() == before; i++) {
            page.mouse().click(x, y);
            if (hostClicks() == before) {
                page.waitForTimeout(100);
            }
        }
        assertEquals(before + 1, hostClicks(), what);
    }

    @Test
    void chatsStandSideBySideMinimiseCloseAndLeaveThePageClickable() throws Exception {
        configure("js");
        page.setViewportSize(1280, 800);
        page.navigate(TestServers.dist().hostOrigin() + "/blank.html");
        page.waitForFunction("() => typeof window.parley === 'object'");
        // A page that counts the clicks it gets anywhere (the host's own content under the chat).
        page.evaluate("() => { window.__hostClicks = 0; window.__events = [];"
                + " const under = document.createElement('div');"
                + " under.style.cssText = 'position:fixed;inset:0;background:#eef';"
                + " under.addEventListener('click', () => window.__hostClicks++);"
                + " document.body.appendChild(under);"
                + " parley.on('unread', n => window.__events.push('unread:' + n)); }");
        try (SmackPeer ruth = new SmackPeer(TestServers.prosody(), "ruth", "ruth-Pw7-pass");
                SmackPeer saul = new SmackPeer(TestServers.prosody(), "saul", "saul-Pw7-pass")) {
            page.evaluate("ws => parley.initialize({websocket_url: ws, jid: 'quin@localhost',"
                    + " password: 'quin-Pw7-pass', auto_login: true, view_mode: 'overlayed',"
                    + " persistent_store: 'sessionStorage'})", TestServers.prosody().websocketUrl());
            FrameLocator frame = page.frameLocator("iframe.parley-frame");
            assertThat(frame.locator("#parley-root")).hasAttribute("data-state", "online");

            // Two chats, two boxes, both open at once; the newer one next to the contacts box.
            page.evaluate("() => parley.open('ruth@localhost')");
            assertThat(box(frame, "ruth@localhost")).isVisible();
            page.evaluate("() => parley.open('saul@localhost')");
            assertThat(box(frame, "saul@localhost")).isVisible();
            assertThat(box(frame, "ruth@localhost")).isVisible();
            BoundingBox ruthBox = box(frame, "ruth@localhost").boundingBox();
            BoundingBox saulBox = box(frame, "saul@localhost").boundingBox();
            BoundingBox contacts = frame.locator(".parley-overlayed").boundingBox();
            assertTrue(ruthBox.x + ruthBox.width <= saulBox.x && saulBox.x + saulBox.width <= contacts.x,
                    "ruth | saul | contacts from left to right");
            assertEquals(ruthBox.y + ruthBox.height, contacts.y + contacts.height, 1.0, "one baseline");

            // Each box writes to its own contact.
            box(frame, "ruth@localhost").locator(".p-composer-text").fill("to ruth from her box");
            box(frame, "ruth@localhost").locator(".p-composer-text").press("Enter");
            box(frame, "saul@localhost").locator(".p-composer-text").fill("to saul from his box");
            box(frame, "saul@localhost").locator(".p-composer-text").press("Enter");
            Message toRuth = ruth.next(10, TimeUnit.SECONDS);
            Message toSaul = saul.next(10, TimeUnit.SECONDS);
            assertNotNull(toRuth);
            assertNotNull(toSaul);
            assertEquals("to ruth from her box", toRuth.getBody());
            assertEquals("to saul from his box", toSaul.getBody());

            // Both boxes are in view: what arrives in them is read at once.
            ruth.send(QUIN, "ruth answers");
            saul.send(QUIN, "saul answers");
            assertThat(box(frame, "ruth@localhost").locator(".p-message.p-in .p-body")).hasText("ruth answers");
            assertThat(box(frame, "saul@localhost").locator(".p-message.p-in .p-body")).hasText("saul answers");
            assertEquals(List.of(), page.evaluate("() => window.__events.filter(e => e !== 'unread:0')"));

            // The page above the boxes and between them takes its clicks; the boxes take theirs.
            BoundingBox iframe = page.locator("iframe.parley-frame").boundingBox();
            assertTrue(iframe.width >= ruthBox.width + saulBox.width + contacts.width, "the iframe spans the row");
            // Above ruth's box (it is lower than the contacts box), and in the gap between the boxes.
            clickReachesHost(ruthBox.x + 50, iframe.y + 20, "a click above a box reaches the page");
            clickReachesHost(ruthBox.x + ruthBox.width + 6, iframe.y + iframe.height - 100,
                    "a click between boxes reaches the page");
            box(frame, "ruth@localhost").locator(".p-peer").click();
            page.mouse().click(saulBox.x + 40, saulBox.y + 120);
            assertEquals(2, hostClicks(), "a click in a box stays in Parley");

            // Minimised to its header: ruth's box counts what arrives, and opening it reads it.
            box(frame, "ruth@localhost").locator(".p-box-minimise").click();
            assertThat(box(frame, "ruth@localhost")).hasClass(java.util.regex.Pattern.compile("p-minimised"));
            assertTrue(box(frame, "ruth@localhost").boundingBox().height < 60, "minimised to its header bar");
            clickReachesHost(ruthBox.x + 50, iframe.y + iframe.height - 200,
                    "the page where a box was, before it was minimised, takes clicks");
            ruth.send(QUIN, "while minimised");
            assertThat(box(frame, "ruth@localhost").locator(".p-box-unread")).hasText("1");
            page.waitForFunction("() => window.__events.includes('unread:1')");
            box(frame, "ruth@localhost").locator(".p-box-minimise").click();
            assertThat(box(frame, "ruth@localhost").locator(".p-box-unread")).isHidden();
            assertThat(box(frame, "ruth@localhost").locator(".p-message.p-in .p-body").last())
                    .hasText("while minimised");
            page.waitForFunction("() => window.__events[window.__events.length - 1] === 'unread:0'");

            // A window too narrow for both: the older chat waits (still in the list) until it is asked for.
            page.setViewportSize(760, 800);
            assertThat(box(frame, "ruth@localhost")).isHidden();
            assertThat(box(frame, "saul@localhost")).isVisible();
            frame.locator(".p-conversation-button[data-jid='ruth@localhost']").click();
            assertThat(box(frame, "ruth@localhost")).isVisible();
            assertThat(box(frame, "saul@localhost")).isHidden();
            page.setViewportSize(1280, 800);
            assertThat(box(frame, "saul@localhost")).isVisible();

            // Closed: the box goes, the conversation stays in the list with its messages.
            box(frame, "saul@localhost").locator(".p-box-close").click();
            assertEquals(0, box(frame, "saul@localhost").count());
            saul.send(QUIN, "after the box was closed");
            page.waitForFunction("() => window.__events.includes('unread:1')");
            assertThat(frame.locator(".p-conversation-button[data-jid='saul@localhost'] .p-unread")).hasText("1");
            frame.locator(".p-conversation-button[data-jid='saul@localhost']").click();
            assertThat(box(frame, "saul@localhost").locator(".p-message.p-in .p-body").last())
                    .hasText("after the box was closed");
            assertThat(box(frame, "saul@localhost").locator(".p-message.p-out .p-body"))
                    .hasText("to saul from his box");
        }
    }
}
