package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import im.parley.testkit.Prosody;
import im.parley.testkit.EventQueue;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plain-Java core, on the JVM, against the real Prosody, with Smack as the peer: the same session suite over
 * WebSocket (RFC 7395) and over BOSH (XEP-0206).
 */
@ExtendWith(TestServers.class)
class CoreAgainstProsodyTest {
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final EventQueue events = new EventQueue();

    private final ClientListener listener = new ClientListener() {
        @Override
        public void onState(String state, ConnectionError error) {
            events.add(error == null ? state : state + ":" + error.code() + ":" + error.detail());
        }

        @Override
        public void onSelf(String fullJid) {
            events.add("self:" + fullJid);
        }

        @Override
        public void onRoster(List<RosterItem> items) {
            events.add(items);
        }

        @Override
        public void onPresence(String bareJid, String show, String status, long idleSince) {
            events.add("presence:" + bareJid + ":" + show);
        }

        @Override
        public void onMessage(ChatMessage message) {
            events.add(message);
        }
    };

    private XmppClient client;
    private String transport;

    /** A client over {@code transport}: "websocket" or "bosh". */
    private void use(String transport) {
        this.transport = transport;
        client = new XmppClient("bosh".equals(transport)
                ? new im.parley.bosh.BoshTransport(new JdkHttp(loop), System::nanoTime)
                : new JdkWebSocketTransport(loop), new JvmCrypto(), System::currentTimeMillis, listener);
    }

    private String url() {
        return "bosh".equals(transport) ? TestServers.prosody().boshUrl() : TestServers.prosody().websocketUrl();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.submit(client::logout).get();
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void login(String jid, String password) throws Exception {
        String url = url();
        loop.submit(() -> client.login(url, Jid.parse(jid), password, false)).get();
    }

    private <T> T await(Class<T> type, String prefix) throws InterruptedException {
        return events.await(type, prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "bosh"})
    void logsInAndExchangesMessagesWithSmack(String over) throws Exception {
        use(over);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            login("alice@localhost", "alice-secret-pw");
            String self = await(String.class, "self:");
            // Over WebSocket, SASL2's Bind 2 makes the resource from the client's tag; BOSH binds the RFC 6120 way.
            assertTrue(self.startsWith("websocket".equals(over) ? "self:alice@localhost/Parley~"
                    : "self:alice@localhost/parley-"), self);
            @SuppressWarnings("unchecked")
            List<RosterItem> roster = await(List.class, null);
            assertEquals(1, roster.size());
            assertEquals("bob@localhost", roster.get(0).jid());
            assertEquals("Bob", roster.get(0).name());
            assertEquals("both", roster.get(0).subscription());
            await(String.class, "online");
            await(String.class, "presence:bob@localhost:");

            bob.send("alice@localhost", "Hi Alice, from Smack <b>&amp;</b> 🦊");
            ChatMessage in = await(ChatMessage.class, null);
            assertEquals("bob@localhost", in.peer());
            assertEquals("Hi Alice, from Smack <b>&amp;</b> 🦊", in.body());

            loop.submit(() -> client.send(Jid.parse("bob@localhost"), "Hello Bob — مرحبا 𝄞")).get();
            Message reply = bob.next(10, TimeUnit.SECONDS);
            assertNotNull(reply, "Smack received nothing");
            assertEquals("Hello Bob — مرحبا 𝄞", reply.getBody());
            assertEquals("alice@localhost", reply.getFrom().asBareJid().toString());
        }
    }

    /**
     * "Stay logged in": the SCRAM keys a login leaves (never the password) log in again on their own, in a new
     * client as after a page load; keys that no longer match are a wrong password; and the mechanisms the server
     * offered when they were made are still remembered, so an offer without one of them is refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "bosh"})
    void savedScramKeysLogInWithoutThePassword(String over) throws Exception {
        use(over);
        login("alice@localhost", "alice-secret-pw");
        await(String.class, "online");
        im.parley.sasl.Credentials keys = loop.submit(() -> client.scramKeys()).get();
        assertNotNull(keys, "a SCRAM login keeps its keys");
        assertEquals(null, keys.password(), "and not the password");
        String mechanism = keys.scramMechanism();
        assertTrue(mechanism.startsWith("SCRAM-SHA-"), mechanism);
        byte[] salted = keys.saltedPassword();
        String salt = keys.scramSalt();
        int iterations = keys.scramIterations();
        List<String> offer = keys.firstOffer();
        assertTrue(offer.contains(mechanism), String.valueOf(offer));
        loop.submit(client::logout).get();
        await(String.class, "offline");
        assertEquals(null, keys.saltedPassword(), "logging out forgets the keys in memory");

        // A new client (a new page), with only the kept keys.
        use(over);
        XmppClient restored = client;
        String url = url();
        loop.submit(() -> restored.loginWithKeys(url, Jid.parse("alice@localhost"), im.parley.sasl.Credentials.saved(
                "alice", mechanism, salt, iterations, salted, offer), false, false)).get();
        await(String.class, "online");
        loop.submit(restored::logout).get();
        await(String.class, "offline");

        // Keys that do not match the account (its password was changed): a wrong password, no retry.
        use(over);
        XmppClient stale = client;
        byte[] wrong = salted.clone();
        wrong[0] ^= 1;
        loop.submit(() -> stale.loginWithKeys(url, Jid.parse("alice@localhost"), im.parley.sasl.Credentials.saved(
                "alice", mechanism, salt, iterations, wrong, offer), false, false)).get();
        String refused = await(String.class, "offline");
        assertTrue(refused.startsWith("offline:wrong-password:"), refused);

        // Keys saved when the server offered a mechanism it no longer offers: refused as a downgrade.
        use(over);
        XmppClient downgraded = client;
        List<String> richer = new java.util.ArrayList<>(offer);
        richer.add("SCRAM-SHA-512");
        loop.submit(() -> downgraded.loginWithKeys(url, Jid.parse("alice@localhost"), im.parley.sasl.Credentials
                .saved("alice", mechanism, salt, iterations, salted, richer), false, false))
                .get();
        String downgrade = await(String.class, "offline");
        assertTrue(downgrade.startsWith("offline:downgrade:") && downgrade.contains("SCRAM-SHA-512"), downgrade);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "bosh"})
    void wrongPasswordIsReportedOnce(String over) throws Exception {
        use(over);
        login("alice@localhost", "not-the-password");
        String offline = await(String.class, "offline");
        assertTrue(offline.startsWith("offline:wrong-password:"), offline);
        Thread.sleep(500);
        assertTrue(events.stream().noneMatch(e -> e.toString().startsWith("connecting")),
                "no retry after a wrong password: " + events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "bosh"})
    void unreachableServerIsReported(String over) throws Exception {
        use(over);
        int closed = Prosody.freePort();
        String url = "bosh".equals(over) ? "http://127.0.0.1:" + closed + "/http-bind"
                : "ws://127.0.0.1:" + closed + "/xmpp-websocket";
        loop.submit(() -> client.login(url, Jid.parse("alice@localhost"), "x", false)).get();
        String offline = await(String.class, "offline");
        assertTrue(offline.startsWith("offline:unreachable:"), offline);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "bosh"})
    void messagesFromStrangersAreDroppedUnlessAllowed(String over) throws Exception {
        use(over);
        try (SmackPeer carol = new SmackPeer(TestServers.prosody(), "carol", "carol-secret-pw")) {
            login("alice@localhost", "alice-secret-pw");
            await(String.class, "online");
            carol.send("alice@localhost", "spam from a stranger");
            carol.send("alice@localhost", "second");
            Thread.sleep(1000);
            assertTrue(events.stream().noneMatch(e -> e instanceof ChatMessage), "stranger's message shown: " + events);
        }
    }
}
