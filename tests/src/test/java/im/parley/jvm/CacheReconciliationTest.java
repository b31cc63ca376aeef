package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import im.parley.testkit.EventQueue;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the core reconciles a warm start with the real Prosody: roster versioning (RFC 6121 2.6) and catching up
 * from the own archive (XEP-0313) with what arrived while this client was away.
 */
@ExtendWith(TestServers.class)
class CacheReconciliationTest {
    private static final String DORA = "dora@localhost";
    private static final String DORA_PASSWORD = "dora-Zq7-pass";
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final EventQueue events = new EventQueue();
    private final List<XmppClient> clients = new ArrayList<>();

    private final ClientListener listener = new ClientListener() {
        @Override
        public void onState(String state, ConnectionError error) {
            events.add(error == null ? state : state + ":" + error.code());
        }

        @Override
        public void onRoster(List<RosterItem> items) {
            events.add(new ArrayList<>(items));
        }

        @Override
        public void onRosterVersion(String version) {
            events.add("version:" + version);
        }

        @Override
        public void onMessage(ChatMessage message) {
            events.add(message);
        }
    };

    @AfterEach
    void tearDown() throws Exception {
        for (XmppClient c : clients) {
            loop.submit(c::logout).get();
        }
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    private XmppClient login(List<RosterItem> cachedRoster, String version, long lastActivity) throws Exception {
        return login(cachedRoster, version, lastActivity, 0);
    }

    private XmppClient login(List<RosterItem> cachedRoster, String version, long lastActivity, int catchUpLimit)
            throws Exception {
        return login(cachedRoster, version, lastActivity, catchUpLimit, null, 0);
    }

    private XmppClient login(List<RosterItem> cachedRoster, String version, long lastActivity, int catchUpLimit,
            String lastArchiveId, long lastArchiveTime) throws Exception {
        XmppClient client = new XmppClient(() -> new JdkWebSocketTransport(loop), new JvmCrypto(), null,
                System::currentTimeMillis, listener);
        clients.add(client);
        loop.submit(() -> {
            if (catchUpLimit > 0) {
                client.catchUpLimit(catchUpLimit);
            }
            client.useCache(cachedRoster, version, lastActivity, lastArchiveId, lastArchiveTime);
            client.login(TestServers.prosody().websocketUrl(), Jid.parse(DORA), DORA_PASSWORD, false);
        }).get();
        return client;
    }

    private void logout(XmppClient client) throws Exception {
        loop.submit(client::logout).get();
        await(String.class, "offline");
    }

    private <T> T await(Class<T> type, String prefix) throws InterruptedException {
        return events.await(type, prefix);
    }

    private static List<String> jids(List<RosterItem> items) {
        List<String> out = new ArrayList<>();
        for (RosterItem i : items) {
            out.add(i.jid());
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnchangedRosterIsNotSentAgainAndAStaleVersionGetsTheWholeRoster() throws Exception {
        XmppClient first = login(null, null, 0);
        assertEquals(List.of("erin@localhost"), jids(await(List.class, null)));
        String version = await(String.class, "version:").substring("version:".length());
        assertFalse(version.isEmpty() || version.equals("null"), "Prosody versions the roster");
        await(String.class, "online");
        logout(first);

        // The cache holds a contact the server does not have. With the current version the server answers
        // "unchanged", so the cached roster (with that contact) is what the client uses: proof that it was not
        // sent again.
        List<RosterItem> cached = List.of(new RosterItem("erin@localhost", "Erin Quillfeather", "both", false, List.of()),
                new RosterItem("ghost@localhost", "Only In The Cache", "both", false, List.of()));
        XmppClient second = login(cached, version, 0);
        assertEquals(List.of("erin@localhost", "ghost@localhost"), jids(await(List.class, null)));
        assertEquals("version:" + version, await(String.class, "version:"));
        await(String.class, "online");
        logout(second);

        // A version the server does not know: it sends the whole roster, and the cached contact is gone.
        login(cached, "stale-version-42", 0);
        assertEquals(List.of("erin@localhost"), jids(await(List.class, null)));
        await(String.class, "online");
    }

    @Test
    void theArchiveFillsInWhatOtherDevicesSentAndReceivedMeanwhile() throws Exception {
        String tag = "catchup" + System.nanoTime();
        long before = System.currentTimeMillis();
        try (SmackPeer phone = new SmackPeer(TestServers.prosody(), "dora", DORA_PASSWORD, "phone");
                SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            phone.send("erin@localhost", "sent from the phone " + tag);
            erin.send(DORA, "received by the phone " + tag);
            Thread.sleep(500); // archived
        }
        login(null, null, before);
        await(String.class, "online");
        List<ChatMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (got.size() < 2 && System.nanoTime() < deadline) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ChatMessage m && m.body().endsWith(tag)) {
                got.add(m);
            }
        }
        assertEquals(2, got.size(), "from the archive: " + got);
        // Two connections sent them; the archive's order between them is the server's.
        ChatMessage sent = got.get(0).outgoing() ? got.get(0) : got.get(1);
        ChatMessage received = got.get(0).outgoing() ? got.get(1) : got.get(0);
        assertEquals("sent from the phone " + tag, sent.body());
        assertTrue(sent.outgoing());
        assertEquals("erin@localhost", sent.peer());
        assertEquals("received by the phone " + tag, received.body());
        assertFalse(received.outgoing());
        assertEquals("erin@localhost", received.peer());
        assertTrue(sent.timestamp() >= before - 2000 && sent.timestamp() <= System.currentTimeMillis() + 2000,
                "the archive's timestamp: " + sent.timestamp());
        assertNotNull(sent.id());
        Thread.sleep(1000);
        assertTrue(events.stream().noneMatch(e -> e instanceof ChatMessage m && m.body().endsWith(tag)),
                "delivered twice: " + events);
    }

    @Test
    void aLongAbsenceCatchesUpTheNewestMessagesInOrderWithNoHoleBeforeTheLiveOnes() throws Exception {
        String tag = " away" + System.nanoTime();
        int sent = 700;
        int limit = 300; // fewer than were sent: the catch-up must keep the newest, not the oldest
        long before = System.currentTimeMillis();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            for (int i = 0; i < sent; i++) {
                erin.sendToBareJid(DORA, i + tag);
            }
            Thread.sleep(1000); // archived
            login(null, null, before, limit);
            await(String.class, "online");
            erin.sendToBareJid(DORA, "live" + tag);
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!got.contains("live" + tag) && System.nanoTime() < deadline) {
                Object e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e instanceof ChatMessage m && m.body().endsWith(tag)) {
                    got.add(m.body());
                }
            }
            assertEquals("live" + tag, got.get(got.size() - 1), "the live message comes last: " + got);
            List<String> archived = got.subList(0, got.size() - 1);
            // (the live message may be among the archive's newest, when it is archived before the catch-up reads)
            assertTrue(got.size() >= limit && archived.size() < sent,
                    "the catch-up read " + archived.size() + " of " + sent + " (limit " + limit + ")");
            int first = sent - archived.size();
            for (int i = 0; i < archived.size(); i++) {
                assertEquals((first + i) + tag, archived.get(i), "the newest " + archived.size() + ", in order");
            }
        }
    }

    /** The messages with {@code tag} that arrive until {@code last} does (or 15 s pass), then for one second more. */
    private List<ChatMessage> messagesUntil(String tag, String last) throws InterruptedException {
        List<ChatMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long settle = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settle)) {
            Object e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ChatMessage m && m.body().endsWith(tag)) {
                got.add(m);
                if (m.body().equals(last) && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            }
        }
        return got;
    }

    @Test
    void aReloadCatchesUpExactlyAfterTheNewestCachedMessage() throws Exception {
        String tag = " exact" + System.nanoTime();
        try (SmackPeer erin = new SmackPeer(TestServers.prosody(), "erin", "erin-Kx2-pass")) {
            XmppClient first = login(null, null, 0);
            await(String.class, "online");
            for (int i = 1; i <= 3; i++) {
                erin.sendToBareJid(DORA, "old " + i + tag);
            }
            List<ChatMessage> cached = messagesUntil(tag, "old 3" + tag);
            assertEquals(3, cached.size(), cached.toString());
            ChatMessage newest = cached.get(2);
            assertNotNull(newest.archiveId(), "a live message carries the archive's id (XEP-0359)");
            logout(first);
            for (int i = 1; i <= 2; i++) {
                erin.sendToBareJid(DORA, "new " + i + tag);
            }
            Thread.sleep(500); // archived
            // A reload: the cache's newest message is "old 3". Its archive id makes the catch-up exact: what came
            // after it, and nothing of what is cached (a catch-up by time would read all three again: its slack
            // is minutes when the server's clock is not known yet).
            login(null, null, newest.timestamp(), 0, newest.archiveId(), newest.timestamp());
            await(String.class, "online");
            List<String> bodies = new ArrayList<>();
            for (ChatMessage m : messagesUntil(tag, "new 2" + tag)) {
                bodies.add(m.body());
            }
            assertEquals(List.of("new 1" + tag, "new 2" + tag), bodies);
        }
    }
}
