package im.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ContinuityTrackerTest {
    private static final String J = "juliet@capulet.lit";
    private static final String M = "mercutio@montague.lit";

    @Test
    void liveMessagesOfAStretchFollowEachOtherPerConversation() {
        ContinuityTracker t = new ContinuityTracker();
        assertNull(t.next(J, "j1", false), "the first of a stretch follows nothing known");
        assertNull(t.next(M, "m1", false));
        assertEquals("j1", t.next(J, "j2", false));
        assertEquals("m1", t.next(M, "m2", false));
        assertNull(t.next(J, "j2", false), "the same message again is no link to itself");
        assertEquals("j2", t.live(new ChatMessage("j3", J, "hi", false, 3)).prev());
        ChatMessage linked = new ChatMessage("j4", J, "hi", false, 4).withLinks(null, "x");
        assertEquals("x", t.live(linked).prev(), "a link it has already stays");
    }

    @Test
    void aNewSessionAMessageInTheOutboxOrOneWithoutIdEndTheStretch() {
        ContinuityTracker t = new ContinuityTracker();
        t.next(J, "j1", false);
        t.next(M, "m1", false);
        t.breakAt(J);
        assertNull(t.next(J, "j2", false));
        assertEquals("m1", t.next(M, "m2", false), "other conversations go on");
        t.next(J, null, false);
        assertNull(t.next(J, "j3", false));
        t.reset();
        assertNull(t.next(M, "m3", false));
        t.newSession();
        assertNull(t.next(M, "m4", false));
    }

    @Test
    void aReadOfTheArchiveIsAStretchOfItsOwnThatLiveMessagesContinue() {
        ContinuityTracker t = new ContinuityTracker();
        t.next(J, "j1", false);
        t.beginRun();
        assertNull(t.next(J, "a1", true), "not linked to what came before the read");
        assertEquals("a1", t.next(J, "a2", true));
        assertNull(t.next(M, "live", false), "a live message during the read: its place is not known");
        assertEquals(null, t.next(M, "a3", true));
        t.endRun();
        assertEquals("a2", t.next(J, "j2", false), "after the read, live messages follow its last");
        assertNull(t.next(M, "m2", false), "but not where a live one came in between");
    }

    @Test
    void aPossibleLossDuringARunKeepsWhatTheRunKnowsOfLiveMessages() {
        ContinuityTracker t = new ContinuityTracker();
        t.beginRun();
        t.next(J, "a1", true);
        t.next(J, "live", false); // let go early: its place among the results is not known
        t.reset(); // a possible loss on the way in
        assertNull(t.next(J, "a2", true));
        assertEquals("a2", t.next(J, "a3", true));
        t.endRun();
        assertNull(t.next(J, "j1", false), "the live one in between still ends the stretch");
        t.beginRun();
        t.newSession(); // the run of a lost session never ends: the new one starts afresh
        assertNull(t.next(J, "k1", false));
        assertEquals("k1", t.next(J, "k2", false), "live messages link again");
    }
}
