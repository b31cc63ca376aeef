package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import im.parley.util.Timestamps;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contacts and presence against Prosody, with Smack on the other side: renaming a contact and regrouping them
 * (RFC 6121 2.3; read back by a second resource of the same account), the user's show and status message
 * (RFC 6121 4.7) and idle time (XEP-0319) as a contact sees them, and a contact's idle time as the client reports it.
 */
@ExtendWith(TestServers.class)
class ContactsAgainstProsodyTest {
    private static final String UMA = "uma@localhost";
    private static final String VIC = "vic@localhost";

    @Test
    void renameAndRegroupAContact() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        try (JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            uma.run(() -> uma.client.updateContact(Jid.parse(VIC), "Victoria " + tag,
                    List.of("Work " + tag, " Chess ", "Work " + tag, ""), err -> uma.events.add("updated " + err)));
            uma.events.await(String.class, "updated null");
            // The server's push reaches the client, and the server keeps it (another resource reads it back).
            uma.events.await(String.class, "roster " + VIC + " Victoria " + tag + " [Chess, Work " + tag + "]");
            assertEquals("Victoria " + tag + " [Chess, Work " + tag + "]", asTheServerHasIt());

            // No name and no groups.
            uma.run(() -> uma.client.updateContact(Jid.parse(VIC), "", List.of(), err -> uma.events.add("cleared " + err)));
            uma.events.await(String.class, "cleared null");
            uma.events.await(String.class, "roster " + VIC + " null []");
            assertEquals("null []", asTheServerHasIt());

            // Someone who is not a contact cannot be "updated" into the roster; an oversize group is refused.
            ExecutionException notContact = assertThrows(ExecutionException.class, () -> uma.run(() ->
                    uma.client.updateContact(Jid.parse("nobody@localhost"), "X", List.of(), err -> { })));
            assertTrue(notContact.getCause().getMessage().contains("not one of your contacts"));
            ExecutionException tooLong = assertThrows(ExecutionException.class, () -> uma.run(() ->
                    uma.client.updateContact(Jid.parse(VIC), "V", List.of("g".repeat(201)), err -> { })));
            assertTrue(tooLong.getCause().getMessage().contains("at most 200"));

            uma.run(() -> uma.client.updateContact(Jid.parse(VIC), "Vic", List.of("Friends"),
                    err -> uma.events.add("restored " + err)));
            uma.events.await(String.class, "restored null");
        }
    }

    /** vic's item in uma's roster, read by a new session of uma's (Smack), so no roster push can be in flight. */
    private static String asTheServerHasIt() throws Exception {
        try (SmackPeer elsewhere = new SmackPeer(TestServers.prosody(), "uma", "uma-Pw7-pass", "other")) {
            return elsewhere.rosterItem(VIC);
        }
    }

    @Test
    void ownStatusAndIdleAsAContactSeesThem() throws Exception {
        try (SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass");
                JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            assertEquals(UMA + " - - -", vic.presenceStartingWith(UMA, UMA + " - ", 10, TimeUnit.SECONDS),
                    "initial presence");

            uma.run(() -> uma.client.setPresence("dnd", "In a meeting"));
            assertEquals(UMA + " dnd In_a_meeting -", vic.presenceStartingWith(UMA, UMA + " dnd ", 10, TimeUnit.SECONDS));

            long since = System.currentTimeMillis() - 120_000;
            uma.run(() -> uma.client.setIdle(since));
            String idle = vic.presenceStartingWith(UMA, UMA + " dnd In_a_meeting 2", 10, TimeUnit.SECONDS);
            assertNotNull(idle, "presence with the idle element");
            assertEquals(since, Timestamps.parse(idle.substring(idle.lastIndexOf(' ') + 1), -1), idle);

            // Active again: the idle element goes; the status stays. Then plainly available.
            uma.run(() -> uma.client.setIdle(0));
            assertEquals(UMA + " dnd In_a_meeting -",
                    vic.presenceStartingWith(UMA, UMA + " dnd In_a_meeting -", 10, TimeUnit.SECONDS));
            uma.run(() -> uma.client.setPresence("", null));
            assertEquals(UMA + " - - -", vic.presenceStartingWith(UMA, UMA + " - ", 10, TimeUnit.SECONDS));

            ExecutionException bad = assertThrows(ExecutionException.class,
                    () -> uma.run(() -> uma.client.setPresence("busy", null)));
            assertTrue(bad.getCause().getMessage().contains("show is one of"));
        }
    }


    @Test
    void aContactsIdleTimeIsReportedAndAFutureOneIsNot() throws Exception {
        try (JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false);
                SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass")) {
            long since = (System.currentTimeMillis() - 600_000) / 1000 * 1000;
            vic.setPresence("away", "Lunch", Timestamps.format(since));
            uma.events.await(String.class, "presence " + VIC + " away Lunch " + since);
            // A "since" far in the future is no information; a garbled one neither.
            vic.setPresence("away", "Later", Timestamps.format(System.currentTimeMillis() + 3_600_000));
            uma.events.await(String.class, "presence " + VIC + " away Later 0");
            vic.setPresence(null, "Back", "yesterday");
            uma.events.await(String.class, "presence " + VIC + " - Back 0");
        }
    }
}
