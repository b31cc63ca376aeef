package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.core.XmppClient;
import im.parley.testkit.FaultProxy;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SASL2 (XEP-0388) with Bind 2 (XEP-0386), switched on for these tests (it is off by default), against Prosody with Debian's mod_sasl2 and mod_sasl2_bind2 (on the
 * main test host): one exchange from the password to a bound session with carbons on, wrong passwords refused,
 * and a lost connection resumed (XEP-0198) after a SASL2 login without a bind. The other hosts have no SASL2: there
 * the client logs in the RFC 6120 way.
 */
@ExtendWith(TestServers.class)
class Sasl2AgainstProsodyTest {
    @Test
    void logsInWithSasl2AndBindsInlineWithCarbonsOn() throws Exception {
        try (JvmSession alice = new JvmSession();
                SmackPeer phone = new SmackPeer(TestServers.prosody(), "alice", "alice-secret-pw", "sasl2-phone");
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw", "sasl2")) {
            alice.run(() -> alice.client.useSasl2(true));
            alice.login("alice", "alice-secret-pw", false);
            String method = alice.call(alice.client::loginMethod);
            assertTrue(method.matches("SASL2 SCRAM-SHA-(1|256), Bind 2"), method);
            // Bind 2 makes the resource from the client's tag and its user agent id.
            assertTrue(alice.self.startsWith("alice@localhost/Parley~"), alice.self);

            // Carbons were enabled inline: a copy of what the phone sends arrives without any further request.
            phone.send("bob@localhost", "sasl2: from the phone");
            ChatMessage copy = message(alice, "sasl2: from the phone");
            assertTrue(copy.outgoing());

            bob.send("alice@localhost", "sasl2: hello");
            assertTrue(!message(alice, "sasl2: hello").outgoing());
            alice.run(() -> alice.client.send(Jid.parse("bob@localhost"), "sasl2: hello back"));
            Message got = bob.next(10, TimeUnit.SECONDS);
            while (got != null && !"sasl2: hello back".equals(got.getBody())) {
                got = bob.next(10, TimeUnit.SECONDS);
            }
            assertTrue(got != null, "bob never got the answer");
        }
    }

    @Test
    void aWrongPasswordIsRefusedOverSasl2() throws Exception {
        try (JvmSession alice = new JvmSession()) {
            alice.run(() -> alice.client.useSasl2(true));
            alice.run(() -> alice.client.login(TestServers.prosody().websocketUrl(), Jid.parse("alice@localhost"),
                    "not-the-password", false));
            String error = alice.events.await(String.class, "error ");
            assertTrue(error.startsWith("error wrong-password"), error);
            assertEquals("offline", alice.events.await(String.class, "offline"));
        }
    }

    @Test
    void aLostConnectionIsResumedAfterASasl2Login() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        RecordingListener listener = new RecordingListener("s2-");
        try (FaultProxy proxy = new FaultProxy(TestServers.prosody().httpPort());
                SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw", "sasl2-resume")) {
            String url = "ws://127.0.0.1:" + proxy.port() + "/xmpp-websocket";
            XmppClient client = new XmppClient(() -> new JdkWebSocketTransport(loop), new JvmCrypto(),
                    new JvmScheduler(loop), System::currentTimeMillis, listener);
            client.useSasl2(true);
            loop.submit(() -> client.login(url, Jid.parse("alice@localhost"), "alice-secret-pw", false, true)).get();
            awaitState(listener.states, "online", 1);
            String first = loop.submit(client::loginMethod).get();
            assertTrue(first.endsWith(", Bind 2"), first);

            proxy.cutAll();
            bob.send("alice@localhost", "s2-while-cut");
            awaitState(listener.states, "online", 2);
            String again = loop.submit(client::loginMethod).get();
            assertTrue(again.startsWith("SASL2 SCRAM-SHA-") && again.endsWith(", resumed"), again);
            long end = System.currentTimeMillis() + 10_000;
            while (listener.received.isEmpty() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertEquals(List.of("s2-while-cut"), listener.received);
        } finally {
            loop.shutdown();
        }
    }

    @Test
    void aHostWithoutSasl2GetsRfc6120Sasl() throws Exception {
        try (JvmSession pat = new JvmSession()) {
            pat.run(() -> pat.client.useSasl2(true));
            pat.loginJid(Prosody.PEP_ONLY_USER + "@" + Prosody.PEP_ONLY_DOMAIN, Prosody.PEP_ONLY_PASSWORD);
            String method = pat.call(pat.client::loginMethod);
            assertTrue(method.matches("SASL SCRAM-SHA-(1|256)"), method);
            assertTrue(pat.self.startsWith(Prosody.PEP_ONLY_USER + "@" + Prosody.PEP_ONLY_DOMAIN + "/parley-"), pat.self);
        }
    }

    @Test
    void overBoshTheClientKeepsToRfc6120Sasl() throws Exception {
        // Debian's mod_sasl2 fails on BOSH sessions (no answer at all), so the client does not offer it there.
        try (JvmSession alice = new JvmSession(true)) {
            alice.run(() -> alice.client.useSasl2(true));
            alice.loginAt(TestServers.prosody().boshUrl(), "alice", "alice-secret-pw", false);
            String method = alice.call(alice.client::loginMethod);
            assertTrue(method.matches("SASL SCRAM-SHA-(1|256)"), method);
        }
    }

    /** The next message the session delivers with this body (others are skipped), within 15 s. */
    private static ChatMessage message(JvmSession session, String body) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Object e = session.events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ChatMessage && ((ChatMessage) e).body().equals(body)) {
                return (ChatMessage) e;
            }
        }
        throw new AssertionError("no message '" + body + "'");
    }

    /** Waits until the state list has {@code count} "online" entries. */
    private static void awaitState(List<String> states, String state, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (states) {
                if (states.stream().filter(state::equals).count() >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        synchronized (states) {
            throw new AssertionError("not " + count + " times '" + state + "': " + states);
        }
    }
}
