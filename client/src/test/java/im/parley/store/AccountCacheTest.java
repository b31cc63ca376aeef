package im.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.jvm.JvmCacheCrypto;
import im.parley.roster.RosterItem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountCacheTest {
    private static final int ITER = 1000; // the real figure (600,000) only slows the tests down
    private final MemoryBackend backend = new MemoryBackend();
    private final JvmCacheCrypto crypto = new JvmCacheCrypto();
    private final SecureRandom random = new SecureRandom();
    private final List<String> notices = new ArrayList<>();

    private String[] openResult(String jid, String mode, String secret, AccountCache[] out) {
        String[] error = {null};
        AccountCache.open(backend, crypto, n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }, jid, mode, secret, ITER, (code, text, args) -> notices.add(code), (cache, err) -> {
            out[0] = cache;
            error[0] = err;
        });
        return error;
    }

    private AccountCache open(String jid, String mode, String secret) {
        AccountCache[] out = {null};
        String[] err = openResult(jid, mode, secret, out);
        assertNull(err[0], "open failed");
        assertNotNull(out[0]);
        return out[0];
    }

    private static List<RosterItem> roster() {
        return Arrays.asList(
            new RosterItem("juliet@capulet.lit", "Juliet Capulet", "both", false, Arrays.asList("Verona")),
            new RosterItem("mercutio@montague.lit", null, "to", true, new ArrayList<>()));
    }

    private static List<RosterItem> rosterOf(AccountCache cache) {
        List<List<RosterItem>> out = new ArrayList<>();
        cache.roster((items, err) -> out.add(items));
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static List<ChatMessage> recent(AccountCache cache, String peer, int n) {
        List<List<ChatMessage>> out = new ArrayList<>();
        cache.recent(peer, n, (items, err) -> out.add(items));
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static String bodies(List<ChatMessage> ms) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : ms) {
            sb.append(m.body()).append('/').append(m.state()).append(' ');
        }
        return sb.toString().trim();
    }

    private void chat(AccountCache cache) {
        cache.saveRoster(roster(), null);
        cache.putMessage(new ChatMessage("msg-id-wherefore", "juliet@capulet.lit", "Wherefore art thou", false, 1000));
        cache.putMessage(new ChatMessage("m2", "juliet@capulet.lit", "Under thy balcony", true, 2000).withState("sent"));
        cache.updateState("m2", "juliet@capulet.lit", "acked");
        cache.putMessage(new ChatMessage("m3", "mercutio@montague.lit", "A plague o' both your houses", false, 1500));
        cache.updateState("m2", "juliet@capulet.lit", "delivered");
        cache.updateState("m2", "juliet@capulet.lit", "acked"); // late: must not undo the receipt
    }

    @Test
    void whatIsWrittenComesBackAfterReopening() {
        chat(open("romeo@montague.lit", "password", "s3cret"));
        AccountCache again = open("romeo@montague.lit", "password", "s3cret");
        assertTrue(again.isOpen());
        List<RosterItem> items = rosterOf(again);
        assertEquals(2, items.size());
        assertEquals("juliet@capulet.lit", items.get(0).jid());
        assertEquals("Juliet Capulet", items.get(0).name());
        assertEquals(Arrays.asList("Verona"), items.get(0).groups());
        assertTrue(items.get(1).askSubscribe());
        assertEquals(Arrays.asList("juliet@capulet.lit", "mercutio@montague.lit"), again.conversations());
        assertEquals("Wherefore art thou/null Under thy balcony/delivered",
                bodies(recent(again, "juliet@capulet.lit", 50)));
        assertEquals("Under thy balcony/delivered", bodies(recent(again, "juliet@capulet.lit", 1)));
        assertEquals(1, recent(again, "mercutio@montague.lit", 50).size());
        assertTrue(notices.isEmpty(), notices.toString());
    }

    @Test
    void changesToAMessageBeingWrittenAreKept() {
        // Web Crypto answers later: the first message is on its way to the store (its conversation's tag is being
        // computed) when the user reacts to it and the server acknowledges the second.
        List<Runnable> held = new ArrayList<>();
        boolean[] holding = {false};
        CacheCrypto slow = (CacheCrypto) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CacheCrypto.class}, (proxy, method, args) -> {
                    if (holding[0] && method.getName().equals("hmac")) {
                        held.add(() -> crypto.hmac((CacheCrypto.Key) args[0], (byte[]) args[1],
                                (Callback<byte[]>) args[2]));
                        return null;
                    }
                    return method.invoke(crypto, args);
                });
        AccountCache[] out = {null};
        AccountCache.open(backend, slow, n -> new byte[n], "romeo@montague.lit", "password", "s3cret", ITER,
                (code, text, args) -> notices.add(code), (c, err) -> out[0] = c);
        AccountCache cache = out[0];
        holding[0] = true;
        cache.putMessage(new ChatMessage("m1", "juliet@capulet.lit", "Wherefore art thou", false, 1000));
        cache.putMessage(new ChatMessage("m2", "juliet@capulet.lit", "Under thy balcony", true, 2000).withState("sent"));
        cache.react("m1", "juliet@capulet.lit", true, Arrays.asList("\u2764"));
        cache.updateState("m2", "juliet@capulet.lit", "acked");
        cache.edit("m2", "juliet@capulet.lit", true, "Beneath thy balcony");
        assertFalse(held.isEmpty(), "the write did not wait for Web Crypto");
        holding[0] = false;
        while (!held.isEmpty()) {
            held.remove(0).run();
        }
        List<ChatMessage> back = recent(open("romeo@montague.lit", "password", "s3cret"), "juliet@capulet.lit", 50);
        assertEquals(Arrays.asList("\u2764"), back.get(0).reactions(true), "the reaction made during the write");
        assertEquals("Beneath thy balcony/acked", bodies(back.subList(1, 2)));
    }

    @Test
    void reactionsAreKeptPerSideAndOnlyInTheirConversation() {
        AccountCache cache = open("romeo@montague.lit", "password", "s3cret");
        chat(cache);
        cache.react("msg-id-wherefore", "juliet@capulet.lit", true, Arrays.asList("\u2764", "\ud83d\udc4d"));
        cache.react("msg-id-wherefore", "juliet@capulet.lit", false, Arrays.asList("\ud83d\ude02"));
        cache.react("msg-id-wherefore", "mercutio@montague.lit", false, Arrays.asList("\ud83d\ude21")); // not his chat
        cache.updateState("m2", "juliet@capulet.lit", "displayed");
        cache.react("m2", "juliet@capulet.lit", false, Arrays.asList("\ud83d\udc4d"));
        cache.react("m2", "juliet@capulet.lit", false, new ArrayList<>()); // taken back
        List<ChatMessage> back = recent(open("romeo@montague.lit", "password", "s3cret"), "juliet@capulet.lit", 50);
        assertEquals(Arrays.asList("\u2764", "\ud83d\udc4d"), back.get(0).reactions(true));
        assertEquals(Arrays.asList("\ud83d\ude02"), back.get(0).reactions(false));
        assertTrue(back.get(1).reactions(false).isEmpty());
        assertEquals("displayed", back.get(1).state(), "a reaction does not lose the delivery state");
    }

    private static String versionOf(AccountCache cache) {
        rosterOf(cache); // the version is only trusted after the roster was read whole
        String[] out = {"not called"};
        cache.rosterVersion((v, err) -> out[0] = v);
        return out[0];
    }

    @Test
    void theRosterAndItsVersionAreStoredTogether() {
        AccountCache cache = open("romeo@montague.lit", "password", "pw");
        cache.saveRoster(roster(), "v17");
        assertEquals("v17", versionOf(open("romeo@montague.lit", "password", "pw")));
        cache.saveRoster(roster(), null);
        assertNull(versionOf(open("romeo@montague.lit", "password", "pw")));
        cache.saveRoster(roster(), "v18");
        assertEquals(1, backend.raw(StoreBackend.ROSTER).size(), "one record, whatever the roster's size");
        Map<byte[], byte[]> rosterStore = backend.raw(StoreBackend.ROSTER);
        byte[] k = rosterStore.keySet().iterator().next();
        rosterStore.get(k)[3] ^= 1;
        AccountCache damaged = open("romeo@montague.lit", "password", "pw");
        assertTrue(rosterOf(damaged).isEmpty());
        assertNull(versionOf(damaged), "a damaged roster must be fetched whole");
    }

    @Test
    void rosterChangesRemoveWhoIsGone() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        cache.saveRoster(roster(), null);
        cache.saveRoster(roster().subList(0, 1), null);
        assertEquals(1, rosterOf(open("romeo@montague.lit", "device", null)).size());
        assertEquals(1, backend.raw(StoreBackend.ROSTER).size());
    }

    @Test
    void nothingReadableIsStored() {
        chat(open("romeo@montague.lit", "password", "s3cret"));
        String[] secrets = {"romeo", "montague", "juliet", "capulet", "Juliet Capulet", "mercutio", "Verona",
            "Wherefore", "balcony", "plague", "s3cret", "msg-id-wherefore", "delivered"};
        for (byte[][] e : backend.dump()) {
            for (byte[] part : e) {
                for (String s : secrets) {
                    for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_8,
                        StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
                        assertFalse(contains(part, s.getBytes(cs)), "'" + s + "' stored in " + cs);
                    }
                }
            }
        }
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aWrongPassphraseIsAnErrorAndKeepsTheCache() {
        chat(open("romeo@montague.lit", "passphrase", "correct horse"));
        AccountCache[] out = {null};
        String[] err = openResult("romeo@montague.lit", "passphrase", "battery staple", out);
        assertEquals("passphrase", Callback.code(err[0]));
        assertNull(out[0]);
        assertEquals(2, recent(open("romeo@montague.lit", "passphrase", "correct horse"), "juliet@capulet.lit", 9).size());
    }

    @Test
    void aChangedPasswordReplacesTheCacheOnlyOnceTheServerAcceptsIt() {
        chat(open("romeo@montague.lit", "password", "old"));
        AccountCache locked = open("romeo@montague.lit", "password", "new");
        assertFalse(locked.isOpen());
        locked.putMessage(new ChatMessage("m9", "juliet@capulet.lit", "after the change", false, 9000));
        // Not accepted (the server refused "new"): the old cache is untouched.
        assertEquals(2, recent(open("romeo@montague.lit", "password", "old"), "juliet@capulet.lit", 9).size());
        AccountCache locked2 = open("romeo@montague.lit", "password", "new");
        locked2.putMessage(new ChatMessage("m9", "juliet@capulet.lit", "after the change", false, 9000));
        locked2.accepted();
        assertTrue(locked2.isOpen());
        assertTrue(notices.contains("reset"));
        AccountCache reopened = open("romeo@montague.lit", "password", "new");
        assertEquals("after the change/null", bodies(recent(reopened, "juliet@capulet.lit", 9)));
        assertTrue(rosterOf(reopened).isEmpty());
        assertFalse(open("romeo@montague.lit", "password", "old").isOpen());
    }

    @Test
    void changingTheSecretRewrapsWithoutTouchingTheData() {
        AccountCache cache = open("romeo@montague.lit", "password", "old");
        chat(cache);
        String[] err = {"not called"};
        cache.changeSecret("new", (v, e) -> err[0] = e);
        assertNull(err[0]);
        assertEquals(2, recent(open("romeo@montague.lit", "password", "new"), "juliet@capulet.lit", 9).size());
        assertFalse(open("romeo@montague.lit", "password", "old").isOpen());
    }

    @Test
    void aDamagedPageIsDroppedAndReportedOnce() {
        chat(open("romeo@montague.lit", "password", "pw"));
        Map<byte[], byte[]> messages = backend.raw(StoreBackend.MESSAGES);
        List<byte[]> keys = new ArrayList<>(messages.keySet());
        assertEquals(2, keys.size(), "one page per conversation");
        byte[] first = messages.get(keys.get(0));
        first[first.length - 1] ^= 1;
        AccountCache cache = open("romeo@montague.lit", "password", "pw");
        int juliet = recent(cache, "juliet@capulet.lit", 50).size();
        int mercutio = recent(cache, "mercutio@montague.lit", 50).size();
        assertTrue(juliet == 0 && mercutio == 1 || juliet == 2 && mercutio == 0, juliet + " " + mercutio);
        assertEquals(1, notices.stream().filter("integrity"::equals).count());
        assertEquals(1, messages.size(), "the damaged page is deleted");
        // Truncated roster record.
        Map<byte[], byte[]> rosterStore = backend.raw(StoreBackend.ROSTER);
        byte[] k = rosterStore.keySet().iterator().next();
        rosterStore.put(k, Arrays.copyOf(rosterStore.get(k), 5));
        assertTrue(rosterOf(open("romeo@montague.lit", "password", "pw")).isEmpty());
    }

    @Test
    void swappedPagesDoNotOpen() {
        chat(open("romeo@montague.lit", "password", "pw"));
        Map<byte[], byte[]> messages = backend.raw(StoreBackend.MESSAGES);
        List<byte[]> keys = new ArrayList<>(messages.keySet());
        byte[] v0 = messages.get(keys.get(0));
        messages.put(keys.get(0), messages.get(keys.get(1)));
        messages.put(keys.get(1), v0);
        AccountCache cache = open("romeo@montague.lit", "password", "pw");
        assertTrue(recent(cache, "juliet@capulet.lit", 50).isEmpty());
        assertTrue(recent(cache, "mercutio@montague.lit", 50).isEmpty());
        assertTrue(messages.isEmpty(), "both are deleted");
    }

    @Test
    void manyMessagesSpanPagesAndComeBackInOrder() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 0; i < 300; i++) {
            cache.putMessage(new ChatMessage("p" + i, "juliet@capulet.lit", "line " + i, i % 2 == 0, 1000L * i)
                    .withState(i % 2 == 0 ? "sent" : null));
        }
        cache.updateState("p2", "juliet@capulet.lit", "delivered");
        cache.updateState("p298", "juliet@capulet.lit", "acked");
        assertEquals((300 + AccountCache.PAGE - 1) / AccountCache.PAGE, backend.raw(StoreBackend.MESSAGES).size());
        AccountCache again = open("romeo@montague.lit", "device", null);
        List<ChatMessage> all = recent(again, "juliet@capulet.lit", 1000);
        assertEquals(300, all.size());
        for (int i = 0; i < 300; i++) {
            assertEquals("line " + i, all.get(i).body());
        }
        assertEquals("delivered", all.get(2).state());
        assertEquals("acked", all.get(298).state());
        assertEquals("line 250", recent(again, "juliet@capulet.lit", 50).get(0).body());
        // And a message after reopening goes after the last one.
        again.putMessage(new ChatMessage("p300", "juliet@capulet.lit", "line 300", false, 300_000));
        List<ChatMessage> last = recent(open("romeo@montague.lit", "device", null), "juliet@capulet.lit", 2);
        assertEquals("line 299/null line 300/null", bodies(last));
    }

    @Test
    void aLostConversationIndexNeverPutsMessagesOutOfOrder() {
        chat(open("romeo@montague.lit", "password", "pw"));
        backend.raw(StoreBackend.CONVERSATIONS).clear();
        AccountCache cache = open("romeo@montague.lit", "password", "pw");
        assertTrue(cache.conversations().isEmpty());
        cache.putMessage(new ChatMessage("m4", "juliet@capulet.lit", "Parting is such sweet sorrow", false, 3000));
        assertEquals("Wherefore art thou/null Under thy balcony/delivered Parting is such sweet sorrow/null",
                bodies(recent(open("romeo@montague.lit", "password", "pw"), "juliet@capulet.lit", 50)));
    }

    @Test
    void clearingShredsTheKeyThenTheDataAndLeavesNothing() {
        AccountCache romeo = open("romeo@montague.lit", "password", "pw");
        chat(romeo);
        AccountCache juliet = open("juliet@capulet.lit", "password", "pw2");
        juliet.putMessage(new ChatMessage("j1", "romeo@montague.lit", "Romeo, Romeo", false, 5));
        String[] err = {"not called"};
        romeo.clear((v, e) -> err[0] = e);
        assertNull(err[0]);
        assertEquals(1, recent(open("juliet@capulet.lit", "password", "pw2"), "romeo@montague.lit", 5).size());
        AccountCache fresh = open("romeo@montague.lit", "password", "pw");
        assertTrue(rosterOf(fresh).isEmpty());
        assertTrue(fresh.conversations().isEmpty());
        juliet = open("juliet@capulet.lit", "password", "pw2");
        juliet.clear((v, e) -> err[0] = e);
        fresh.clear((v, e) -> err[0] = e);
        assertNull(err[0]);
        assertTrue(backend.isEmpty(), "the database is gone with its last account");
    }

    @Test
    void aFullQuotaEvictsTheOldestHistoryAndKeepsWriting() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        backend.setQuota(40_000);
        for (int i = 0; i < 400; i++) {
            cache.putMessage(new ChatMessage("id" + i, "juliet@capulet.lit", "message number " + i, false, i));
        }
        assertTrue(notices.contains("quota"));
        List<ChatMessage> last = recent(cache, "juliet@capulet.lit", 3);
        assertEquals("message number 397/null message number 398/null message number 399/null", bodies(last));
        assertTrue(backend.raw(StoreBackend.MESSAGES).size() < 400);
    }

    @Test
    void changingTheKeySourceStartsAfresh() {
        chat(open("romeo@montague.lit", "device", null));
        AccountCache cache = open("romeo@montague.lit", "password", "pw");
        assertTrue(cache.isOpen());
        assertTrue(notices.contains("reset"));
        assertTrue(recent(cache, "juliet@capulet.lit", 5).isEmpty());
    }

    @Test
    void badSettingsAreClearErrors() {
        AccountCache[] out = {null};
        assertTrue(openResult("a@b", "rot13", "x", out)[0].contains("cache_key"));
        assertEquals("passphrase", Callback.code(openResult("a@b", "passphrase", "", out)[0]));
    }

    private static AccountCache.Older older(AccountCache cache, String peer, String from, int limit) {
        List<AccountCache.Older> out = new ArrayList<>();
        cache.older(peer, from, limit, (o, err) -> out.add(o));
        assertEquals(1, out.size());
        return out.get(0);
    }

    /** Messages n0..n(count-1) with juliet, one second apart, each linked to the one before (n0 to nothing). */
    private static void linkedChat(AccountCache cache, int count) {
        for (int i = 0; i < count; i++) {
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, i % 3 == 0, 1000L * i)
                    .withLinks("a" + i, i == 0 ? ChatMessage.FIRST : "n" + (i - 1)));
        }
    }

    @Test
    void scrollingBackFollowsTheLinksThroughTheWholeCachedConversation() {
        linkedChat(open("romeo@montague.lit", "password", "s3cret"), 1000);
        AccountCache again = open("romeo@montague.lit", "password", "s3cret"); // nothing of it in memory
        List<ChatMessage> shown = recent(again, "juliet@capulet.lit", 50);
        assertEquals("n950", shown.get(0).id());
        String from = shown.get(0).id();
        List<String> ids = new ArrayList<>();
        AccountCache.Older page;
        do {
            page = older(again, "juliet@capulet.lit", from, 50);
            for (int i = page.messages().size() - 1; i >= 0; i--) {
                ids.add(page.messages().get(i).id());
            }
            assertTrue(page.messages().size() == 50 || page.reachedFirst(), "a whole page unless at the start");
            from = page.endId();
        } while (!page.reachedFirst());
        assertEquals(950, ids.size());
        for (int i = 0; i < 950; i++) {
            assertEquals("n" + (949 - i), ids.get(i));
        }
        assertEquals("n0", page.endId());
        assertEquals("line 0", page.messages().get(0).body());
        assertTrue(older(again, "juliet@capulet.lit", "n0", 50).reachedFirst(), "nothing before the first");
    }

    @Test
    void aMissingLinkEndsTheWalkWithTheArchiveIdToAskFrom() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        linkedChat(cache, 100);
        cache.link("juliet@capulet.lit", "n40", null); // not known any more (a message sent again elsewhere)
        cache.link("juliet@capulet.lit", "n70", "n68"); // links are followed as they are (n69 is left out)
        AccountCache again = open("romeo@montague.lit", "device", null);
        recent(again, "juliet@capulet.lit", 50);
        AccountCache.Older page = older(again, "juliet@capulet.lit", "n99", 100);
        assertFalse(page.reachedFirst());
        assertEquals("n40", page.endId());
        assertEquals("a40", page.endArchiveId());
        List<String> ids = new ArrayList<>();
        for (ChatMessage m : page.messages()) {
            ids.add(m.id());
        }
        assertEquals(58, ids.size(), "n98..n70, then n68..n40: " + ids);
        assertFalse(ids.contains("n69"));
        assertEquals("n40", ids.get(0), "in time order");
        AccountCache.Older none = older(again, "juliet@capulet.lit", "n40", 50);
        assertTrue(none.messages().isEmpty());
        assertEquals("a40", none.endArchiveId());
        assertTrue(older(again, "mercutio@montague.lit", "n99", 50).messages().isEmpty(), "only its conversation");
        assertTrue(older(again, "juliet@capulet.lit", "unknown", 50).messages().isEmpty());
    }

    @Test
    void aLinkToAMessageFarAwayInTheCacheEndsTheWalk() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 0; i < 1000; i++) { // n999 follows n0 (read from the archive much later, say)
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, false, 1000L * i)
                    .withLinks(null, i == 0 ? null : i == 999 ? "n0" : "n" + (i - 1)));
        }
        AccountCache again = open("romeo@montague.lit", "device", null);
        recent(again, "juliet@capulet.lit", 1);
        AccountCache.Older page = older(again, "juliet@capulet.lit", "n999", 50);
        assertTrue(page.messages().isEmpty(), "pages 0 and 15 are too far apart to look for it");
        assertEquals("n999", page.endId());
    }

    @Test
    void theSameMessageFromTheArchiveAddsItsLinksAndKeepsItsState() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        cache.putMessage(new ChatMessage("x1", "juliet@capulet.lit", "first", true, 1000).withState("delivered"));
        cache.putMessage(new ChatMessage("x2", "juliet@capulet.lit", "second", true, 2000).withState("acked"));
        cache.putMessage(new ChatMessage("x2", "juliet@capulet.lit", "second", true, 2000).withLinks("a2", "x1"));
        AccountCache again = open("romeo@montague.lit", "device", null);
        List<ChatMessage> shown = recent(again, "juliet@capulet.lit", 50);
        assertEquals("first/delivered second/acked", bodies(shown));
        assertEquals("x1", shown.get(1).prev());
        assertEquals("a2", shown.get(1).archiveId());
        assertEquals("x1", older(again, "juliet@capulet.lit", "x2", 50).endId());
    }

    /** Pages of 50 older messages, oldest first, as scrolling back into the archive stores them. */
    private static void scrollBack(AccountCache cache, int from, int pages) {
        for (int p = 0; p < pages; p++) {
            int top = from - 50 * p; // the page before message top
            List<ChatMessage> page = new ArrayList<>();
            for (int i = top - 50; i < top; i++) {
                page.add(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, false, 1000L * i)
                        .withLinks("a" + i, i == 0 ? ChatMessage.FIRST : "n" + (i - 1)));
            }
            cache.putOlder(page);
        }
    }

    @Test
    void aWarmStartAfterScrollingBackShowsTheNewestMessages() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 900; i < 1000; i++) { // live
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, false, 1000L * i));
        }
        scrollBack(cache, 900, 18); // back to n0, read from the archive after the live ones
        AccountCache again = open("romeo@montague.lit", "device", null);
        List<ChatMessage> shown = recent(again, "juliet@capulet.lit", 50);
        assertEquals("n950", shown.get(0).id());
        assertEquals("n999", shown.get(49).id());
        // Key order is time order: the conversation read whole comes back oldest first, each message once.
        List<ChatMessage> all = recent(again, "juliet@capulet.lit", 2000);
        assertEquals(1000, all.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals("n" + i, all.get(i).id());
        }
        // And what comes after a reload still goes after the newest.
        again.putMessage(new ChatMessage("n1000", "juliet@capulet.lit", "line 1000", false, 1_000_000));
        assertEquals("n1000", recent(open("romeo@montague.lit", "device", null), "juliet@capulet.lit", 1).get(0).id());
    }

    @Test
    void aPageReadBackWithinTheSameSecondGoesBeforeTheCachedOnes() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 10; i < 20; i++) { // live, a few ms apart
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, false, 50_000L + i));
        }
        List<ChatMessage> page = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // the archive stamps to the second: the same second as the oldest cached
            page.add(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, false, 50_000L));
        }
        cache.putOlder(page);
        cache.putMessage(new ChatMessage("n20", "juliet@capulet.lit", "line 20", false, 50_900)); // live again
        AccountCache again = open("romeo@montague.lit", "device", null);
        List<ChatMessage> all = recent(again, "juliet@capulet.lit", 100);
        assertEquals(21, all.size());
        for (int i = 0; i <= 20; i++) {
            assertEquals("n" + i, all.get(i).id());
        }
        assertEquals("n16", recent(again, "juliet@capulet.lit", 5).get(0).id());
    }

    @Test
    void aFullQuotaEvictsTheTrulyOldestMessagesAfterScrollingBack() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 1000; i < 1100; i++) {
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "message number " + i, false, 1000L * i));
        }
        scrollBack(cache, 1000, 6);
        backend.setQuota(backend.used() + 50); // full at the next write
        cache.putMessage(new ChatMessage("n1100", "juliet@capulet.lit", "message number 1100", false, 1_100_000));
        assertTrue(notices.contains("quota"));
        List<ChatMessage> left = recent(open("romeo@montague.lit", "device", null), "juliet@capulet.lit", 1000);
        assertEquals("n1100", left.get(left.size() - 1).id(), "the newest is kept");
        assertTrue(left.size() < 401, "some were evicted");
        int firstLeft = Integer.parseInt(left.get(0).id().substring(1));
        assertTrue(firstLeft > 700, "the oldest went first");
        for (int i = 0; i < left.size(); i++) { // the evicted ones are the oldest, and no more than those
            assertEquals("n" + (firstLeft + i), left.get(i).id());
        }
        // Scrolling back again puts the archive's older ones before what is left, in order.
        backend.setQuota(Long.MAX_VALUE);
        AccountCache again = open("romeo@montague.lit", "device", null);
        scrollBack(again, firstLeft, 1);
        List<ChatMessage> after = recent(open("romeo@montague.lit", "device", null), "juliet@capulet.lit", 1000);
        assertEquals(left.size() + 50, after.size());
        for (int i = 0; i < after.size(); i++) {
            assertEquals("n" + (firstLeft - 50 + i), after.get(i).id());
        }
    }

    @Test
    void aMessageDeliveredAgainAfterAReloadIsNotCachedTwice() {
        AccountCache cache = open("romeo@montague.lit", "device", null);
        for (int i = 0; i < 200; i++) {
            cache.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, true, 1000L * i)
                    .withState("delivered"));
        }
        AccountCache again = open("romeo@montague.lit", "device", null); // nothing of it in memory
        for (int i = 190; i < 205; i++) { // the catch-up starts a little before the last cached message
            again.putMessage(new ChatMessage("n" + i, "juliet@capulet.lit", "line " + i, true, 1000L * i)
                    .withLinks("a" + i, "n" + (i - 1)));
        }
        List<ChatMessage> all = recent(open("romeo@montague.lit", "device", null), "juliet@capulet.lit", 1000);
        assertEquals(205, all.size());
        assertEquals("delivered", all.get(195).state(), "the cached copy keeps its state");
        assertEquals("a195", all.get(195).archiveId(), "and gains what the archive adds");
    }
}
