package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Timestamps;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contact list in Chromium against Prosody, with Smack as the contacts: groups, the filter, offline contacts
 * hidden, a contact's status and idle time (XEP-0319), renaming and regrouping, the user's own status, going idle,
 * and 10,000 contacts in a virtualised list.
 */
class RosterInBrowserTest extends BrowserSupport {
    private static final String WES = "wes@localhost";
    private static final String XIA = "xia@localhost";

    private Locator row(String jid) {
        return page.locator(".p-contact-button[data-jid='" + jid + "']");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void groupsFilterOfflineAndAContactsStatus(String build) throws Exception {
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            long since = (System.currentTimeMillis() - 600_000) / 1000 * 1000;
            xia.setPresence("away", "Lunch break", Timestamps.format(since));
            loginAs(build, "wes", "wes-Pw7-pass");
            // Said again once wes is online: a session of xia's from an earlier test may still be going away.
            xia.setPresence("away", "Lunch break", Timestamps.format(since));
            // Groups in order, contacts without one last; yan is in two groups and listed under both.
            assertThat(page.locator(".p-group-button")).hasText(new String[] {"Friends", "Work", "Ungrouped"});
            assertThat(row("yan@localhost")).hasCount(2);
            assertThat(row("zoe@localhost")).hasCount(1);
            // xia's away status, message and idle time.
            assertThat(row(XIA)).hasAttribute("data-show", "away");
            assertThat(row(XIA)).hasAttribute("data-idle", "true");
            assertThat(row(XIA).locator(".p-contact-status")).containsText("Lunch break");
            assertThat(row(XIA).locator(".p-contact-status")).containsText("idle since");
            assertThat(row(XIA)).hasAttribute("aria-label", java.util.regex.Pattern.compile("^Xia, away, Lunch break"));

            // The filter matches names, addresses and groups.
            Locator filter = page.locator(".p-roster-filter");
            filter.fill("yan ex");
            assertThat(page.locator(".p-contact-button")).hasCount(2);
            assertThat(page.locator(".p-roster-count")).hasText("1 of 3 contacts shown");
            filter.fill("WORK");
            assertThat(page.locator(".p-contact-button[data-jid='xia@localhost']")).hasCount(1);
            assertThat(page.locator(".p-contact-button[data-jid='zoe@localhost']")).hasCount(0);
            filter.fill("nobody-like-this");
            assertThat(page.locator(".p-roster-empty")).hasText("No contact matches the filter.");
            filter.fill("");

            // Offline contacts hidden: only xia (online) stays.
            page.locator(".p-roster-offline-toggle").uncheck();
            assertThat(page.locator(".p-contact-button")).hasCount(1);
            assertThat(row(XIA)).hasCount(1);
            page.locator(".p-roster-offline-toggle").check();
            assertThat(row("zoe@localhost")).hasCount(1);

            // A group folds away and opens again.
            Locator work = page.locator(".p-group-button[data-group='Work']");
            work.click();
            assertThat(work).hasAttribute("aria-expanded", "false");
            assertThat(row(XIA)).hasCount(0);
            work.click();
            assertThat(row(XIA)).hasCount(1);

            // Arrow keys walk the list.
            row(XIA).focus();
            page.keyboard().press("ArrowDown");
            assertEquals("yan@localhost", page.evaluate("document.activeElement.getAttribute('data-jid')"));

            // xia comes back: active, no idle.
            xia.setPresence(null, null, null);
            assertThat(row(XIA)).hasAttribute("data-show", "online");
            assertThat(row(XIA)).not().hasAttribute("data-idle", "true");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void renameRegroupAndSetOwnStatus(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            loginAs(build, "wes", "wes-Pw7-pass");
            row(XIA).click();
            page.locator(".p-edit-contact").click();
            assertThat(page.locator(".p-edit-name")).hasValue("Xia");
            assertThat(page.locator(".p-edit-groups")).hasValue("Work");
            page.locator(".p-edit-name").fill("Xia " + tag);
            page.locator(".p-edit-groups").fill("Climbing " + tag + ", Work, ");
            page.locator(".p-edit-save").click();
            assertThat(page.locator(".p-contact-edit")).isHidden();
            assertThat(row(XIA).first().locator(".p-contact-name")).hasText("Xia " + tag);
            assertThat(page.locator(".p-group-button[data-group='Climbing " + tag + "']")).hasCount(1);
            assertThat(page.locator(".p-peer")).hasText("Xia " + tag + " <" + XIA + ">");
            assertEquals("Xia " + tag + " [Climbing " + tag + ", Work]", asTheServerHasIt());

            // Back as it was.
            page.locator(".p-edit-contact").click();
            page.locator(".p-edit-name").fill("Xia");
            page.locator(".p-edit-groups").fill("Work");
            page.locator(".p-edit-save").click();
            assertThat(page.locator(".p-group-button[data-group='Climbing " + tag + "']")).hasCount(0);
            assertEquals("Xia [Work]", asTheServerHasIt());

            // The user's own status, as a contact sees it.
            page.locator(".p-own-status").fill("Busy " + tag);
            page.locator(".p-own-show").selectOption("dnd");
            String seen = xia.presenceStartingWith(WES, WES + " dnd Busy_" + tag, 15, TimeUnit.SECONDS);
            assertNotNull(seen, "xia sees wes as busy");
            page.locator(".p-own-show").selectOption("");
            page.locator(".p-own-status").fill("");
            page.locator(".p-own-presence-submit").click();
            assertNotNull(xia.presenceStartingWith(WES, WES + " - - ", 15, TimeUnit.SECONDS), "xia sees wes available again");
        }
    }

    /** xia's item in wes's roster, read by a new session of wes's (Smack), so no roster push can be in flight. */
    private static String asTheServerHasIt() throws Exception {
        try (SmackPeer elsewhere = new SmackPeer(TestServers.prosody(), "wes", "wes-Pw7-pass", "other")) {
            return elsewhere.rosterItem(XIA);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void goingIdleAndComingBack(String build) throws Exception {
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            long before = System.currentTimeMillis();
            loginAs(build, "wes", "wes-Pw7-pass", "\"idle_presence_timeout\":2,");
            // No activity in the frame for two seconds: the last activity's time goes out in presence.
            String idle = xia.presenceStartingWith(WES, WES + " - - 2", 15, TimeUnit.SECONDS);
            assertNotNull(idle, "xia sees wes idle");
            long since = Timestamps.parse(idle.substring(idle.lastIndexOf(' ') + 1), -1);
            assertTrue(since >= before - 1000 && since <= System.currentTimeMillis(), idle);
            // Activity: active again.
            page.mouse().move(20, 20);
            page.mouse().move(60, 80);
            assertNotNull(xia.presenceStartingWith(WES, WES + " - - -", 15, TimeUnit.SECONDS), "xia sees wes active again");
        }
    }

    @Test
    void tenThousandContactsInAVirtualisedList() {
        loginAs("js", "zed", "zed-Pw7-pass");
        Locator scroller = page.locator(".p-roster-scroller");
        assertThat(scroller).hasAttribute("data-contacts", String.valueOf(Prosody.MANY_CONTACTS));
        assertThat(row("c00001@localhost")).hasCount(1);
        int rendered = page.locator(".p-roster li").count();
        assertTrue(rendered > 5 && rendered < 120, "only the rows in view exist: " + rendered);

        // Scrolled to the end: the last contacts are there, the first are gone, and still few rows exist.
        scroller.evaluate("e => e.scrollTop = e.scrollHeight");
        assertThat(row("c10000@localhost")).hasCount(1);
        assertThat(row("c00001@localhost")).hasCount(0);
        assertTrue(page.locator(".p-roster li").count() < 120);
        assertEquals("10000", row("c10000@localhost").locator("xpath=..").getAttribute("aria-posinset"));

        // The filter finds one among ten thousand; opening it opens the chat.
        page.locator(".p-roster-filter").fill("contact 04321");
        assertThat(page.locator(".p-contact-button")).hasCount(1);
        row("c04321@localhost").click();
        assertThat(page.locator(".p-peer")).hasText("Contact 04321 <c04321@localhost>");
        page.locator(".p-roster-filter").fill("");

        // Keyboard: End goes to the last row, Home back to the first, scrolling them into existence.
        row("c00001@localhost").focus();
        page.keyboard().press("End");
        assertEquals("c10000@localhost", page.evaluate("document.activeElement.getAttribute('data-jid')"));
        page.keyboard().press("Home");
        assertEquals("c00001@localhost", page.evaluate("document.activeElement.getAttribute('data-jid')"));
    }

}
