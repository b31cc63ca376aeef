package im.parley.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.crypto.SoftCrypto;
import im.parley.util.Base64;
import im.parley.util.Jid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream state machine against a scripted server (the real-server tests live in tests/). */
class XmppConnectionTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' id='s' version='1.0'/>";
    private static final String SASL_FEATURES = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    private static final String BIND_FEATURES = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";

    static final class FakeTransport implements Transport {
        final List<String> sent = new ArrayList<>();
        Listener listener;
        boolean closed;

        @Override
        public void open(String url, Listener l) {
            listener = l;
        }

        @Override
        public void send(String frame) {
            sent.add(frame);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isSecure(String url) {
            return true;
        }
    }

    static final class Events implements ConnectionListener {
        final List<String> log = new ArrayList<>();
        ConnectionError error;

        @Override
        public void onProgress(String phase) {
            log.add(phase);
        }

        @Override
        public void onConnected(Jid boundJid) {
            log.add("connected " + boundJid);
        }

        @Override
        public void onDisconnected(ConnectionError e) {
            error = e;
            log.add("disconnected " + (e == null ? "clean" : e.code()));
        }
    }

    private final FakeTransport transport = new FakeTransport();
    private final Events events = new Events();
    private final XmppConnection connection = new XmppConnection(transport, new SoftCrypto(n -> new byte[n]), events);

    private void loginWithPlain() {
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        transport.listener.onOpen();
        assertTrue(transport.sent.get(0).startsWith("<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\""), transport.sent.get(0));
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL_FEATURES);
        String auth = transport.sent.get(1);
        assertTrue(auth.contains("mechanism=\"PLAIN\""), auth);
        assertTrue(auth.contains(Base64.encode("\0alice\0pw".getBytes(StandardCharsets.UTF_8))), auth);
        transport.listener.onFrame("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(BIND_FEATURES);
        String bind = transport.sent.get(transport.sent.size() - 1);
        assertTrue(bind.contains("urn:ietf:params:xml:ns:xmpp-bind"), bind);
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@localhost/parley-1</jid></bind></iq>");
    }

    @Test
    void logsInAndBinds() {
        loginWithPlain();
        assertEquals(List.of("connecting", "authenticating", "binding", "connected alice@localhost/parley-1"), events.log);
        assertTrue(connection.isBound());
    }

    @Test
    void notAuthorizedIsAWrongPassword() {
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL_FEATURES);
        transport.listener.onFrame("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
        assertEquals(ConnectionError.WRONG_PASSWORD, events.error.code());
        assertTrue(transport.closed);
    }

    @Test
    void malformedXmlGetsAStreamErrorAndClose() {
        loginWithPlain();
        transport.sent.clear();
        transport.listener.onFrame("<message xmlns='jabber:client'><body>unclosed</message>");
        assertEquals(ConnectionError.BAD_XML, events.error.code());
        assertEquals("<error xmlns=\"http://etherx.jabber.org/streams\"><not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></error>",
                transport.sent.get(0));
        assertEquals("<close xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\"/>", transport.sent.get(1));
        assertTrue(transport.closed);
    }

    @Test
    void entitiesAreRestrictedXml() {
        loginWithPlain();
        transport.sent.clear();
        transport.listener.onFrame("<!DOCTYPE x [<!ENTITY a 'b'>]><message xmlns='jabber:client'>&a;</message>");
        assertTrue(transport.sent.get(0).contains("<restricted-xml "), transport.sent.get(0));
    }

    @Test
    void streamErrorsFromTheServerAreReported() {
        loginWithPlain();
        transport.listener.onFrame("<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error>");
        assertEquals(ConnectionError.STREAM_ERROR, events.error.code());
        assertTrue(events.error.detail().contains("conflict"), events.error.detail());
        assertTrue(events.error.detail().contains("Replaced by new connection"), events.error.detail());
    }

    @Test
    void iqResponsesFromTheWrongSenderAreIgnored() {
        loginWithPlain();
        List<String> results = new ArrayList<>();
        connection.sendIq(im.parley.xml.XmlElement.builder("iq", Ns.CLIENT).attr("type", "get"), "bob@localhost",
                r -> results.add(r.attr("from")));
        String sent = transport.sent.get(transport.sent.size() - 1);
        String id = sent.replaceAll(".*id=\"([^\"]+)\".*", "$1");
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' id='" + id + "' from='mallory@localhost'/>");
        assertEquals(List.of(), results);
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' id='" + id + "' from='bob@localhost'/>");
        assertEquals(List.of("bob@localhost"), results);
    }

    @Test
    void cleanCloseWaitsForTheServer() {
        loginWithPlain();
        connection.disconnect();
        assertEquals("<close xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\"/>", transport.sent.get(transport.sent.size() - 1));
        assertNull(events.error);
        transport.listener.onFrame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertTrue(transport.closed);
        assertEquals("disconnected clean", events.log.get(events.log.size() - 1));
    }

    /** Timers run by hand. */
    static final class ManualScheduler implements Scheduler {
        final List<Runnable> due = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();

        @Override
        public Task schedule(long delayMillis, Runnable task) {
            Runnable[] slot = {task};
            due.add(() -> {
                if (slot[0] != null) {
                    slot[0].run();
                }
            });
            delays.add(delayMillis);
            return () -> slot[0] = null;
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void aServerThatNeverAnswersTheLoginIsGivenUpOn() {
        ManualScheduler timers = new ManualScheduler();
        XmppConnection c = new XmppConnection(() -> transport, new SoftCrypto(n -> new byte[n]), events,
                im.parley.xml.XmlLimits.DEFAULT, new im.parley.sm.StreamManagement(x -> { }), timers);
        c.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        timers.runAll();
        assertEquals(ConnectionError.CONNECTION_LOST, events.error.code());
        assertTrue(events.error.detail().contains("did not finish the login"), events.error.detail());
        assertTrue(transport.closed);
        assertTrue(events.error.retryable());
    }

    /** A connection with timers, logged in with PLAIN and bound as alice@localhost/parley-1. */
    private XmppConnection boundWithTimers(ManualScheduler timers) {
        return bound(new XmppConnection(() -> transport, new SoftCrypto(n -> new byte[n]), events,
                im.parley.xml.XmlLimits.DEFAULT, null, timers), BIND_FEATURES);
    }

    /** Logs {@code c} in with PLAIN and binds alice@localhost/parley-1, the server offering {@code features}. */
    private XmppConnection bound(XmppConnection c, String features) {
        c.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL_FEATURES);
        transport.listener.onFrame("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(features);
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@localhost/parley-1</jid></bind></iq>");
        return c;
    }

    @Test
    void aSilentConnectionIsProbedAndDroppedWhenTheProbeGoesUnanswered() {
        ManualScheduler timers = new ManualScheduler();
        XmppConnection c = boundWithTimers(timers);
        timers.runAll(); // keepalive: a ping goes out
        assertTrue(transport.sent.get(transport.sent.size() - 1).contains("urn:xmpp:ping"), transport.sent.toString());
        assertNull(events.error);
        timers.runAll(); // no answer: the connection is declared dead
        assertEquals(ConnectionError.CONNECTION_LOST, events.error.code());
        assertTrue(events.error.detail().contains("stopped answering"), events.error.detail());
    }

    @Test
    void anUnansweredIqFailsAsATimeoutAndALateAnswerIsIgnored() {
        ManualScheduler timers = new ManualScheduler();
        XmppConnection c = boundWithTimers(timers);
        timers.due.clear(); // the handshake's and keepalive's timers
        timers.delays.clear();
        List<im.parley.xml.XmlElement> answers = new ArrayList<>();
        c.sendIq(im.parley.xml.XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(im.parley.xml.XmlElement.builder("time", "urn:xmpp:time")), "localhost", answers::add);
        String id = transport.sent.get(transport.sent.size() - 1).replaceAll("(?s).* id=\"([^\"]+)\".*", "$1");
        assertEquals(List.of(XmppConnection.IQ_TIMEOUT_MS), timers.delays);
        timers.runAll();
        assertEquals(1, answers.size());
        assertEquals("error", answers.get(0).attr("type"));
        assertTrue(answers.get(0).child("error", Ns.CLIENT).child("remote-server-timeout", Ns.STANZA_ERRORS) != null);
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' from='localhost' id='" + id + "'/>");
        assertEquals(1, answers.size(), "the late answer is not delivered a second time");
        assertNull(events.error);
    }

    @Test
    void aServerThatDropsScramOnReconnectIsRefusedAsADowngrade() {
        String scram = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>"
                + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
        im.parley.sasl.Credentials creds = new im.parley.sasl.Credentials("alice", "pw");
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), creds, null);
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(scram);
        assertTrue(transport.sent.get(transport.sent.size() - 1).contains("SCRAM-SHA-1"));
        transport.listener.onClosed("cut");
        assertEquals(ConnectionError.CONNECTION_LOST, events.error.code());
        connection.reconnect();
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL_FEATURES); // PLAIN only now
        assertEquals(ConnectionError.DOWNGRADE, events.error.code());
        assertTrue(events.error.detail().contains("SCRAM-SHA-1"), events.error.detail());
        assertTrue(!events.error.retryable());
        assertTrue(transport.sent.stream().noneMatch(f -> f.contains("mechanism=\"PLAIN\"")), "nothing sent with PLAIN");
    }

    private static final String SASL2_FEATURES = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
            + "<authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism><inline>"
            + "<bind xmlns='urn:xmpp:bind:0'><inline><feature var='urn:xmpp:carbons:2'/></inline></bind>"
            + "</inline></authentication></stream:features>";

    private String sasl2Authenticate() {
        connection.setPreferSasl2(true);
        connection.requestInline(im.parley.xml.XmlElement.builder("enable", "urn:xmpp:carbons:2").build());
        connection.requestInline(im.parley.xml.XmlElement.builder("enable", "urn:example:not-offered").build());
        connection.connect("ws://127.0.0.1/x", Jid.parse("alice@localhost"), "pw");
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL2_FEATURES);
        return transport.sent.get(transport.sent.size() - 1);
    }

    private static final String SM_FEATURES = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>";

    /** A connection with stream management, bound as alice@localhost/parley-1, resumable as session "r1". */
    private XmppConnection boundWithSm(List<List<im.parley.xml.XmlElement>> unackedOnNewSession) {
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void onProgress(String phase) {
                events.onProgress(phase);
            }

            @Override
            public void onConnected(Jid boundJid) {
                events.onConnected(boundJid);
            }

            @Override
            public void onResumed(Jid boundJid) {
                events.log.add("resumed");
            }

            @Override
            public void onResumeFailed(List<im.parley.xml.XmlElement> unacked) {
                unackedOnNewSession.add(unacked);
            }

            @Override
            public void onDisconnected(ConnectionError e) {
                events.onDisconnected(e);
            }
        };
        XmppConnection c = bound(new XmppConnection(() -> transport, new SoftCrypto(n -> new byte[n]), listener,
                im.parley.xml.XmlLimits.DEFAULT, new im.parley.sm.StreamManagement(x -> { }), new ManualScheduler()),
                SM_FEATURES);
        assertTrue(transport.sent.get(transport.sent.size() - 1).contains("<enable"), transport.sent.toString());
        transport.listener.onFrame("<enabled xmlns='urn:xmpp:sm:3' id='r1' resume='true'/>");
        return c;
    }

    /** Cuts the connection, reconnects and logs in again; returns what the client sent after the stream features. */
    private String cutAndLogInAgain(XmppConnection c) {
        transport.listener.onClosed("cut");
        c.reconnect();
        transport.listener.onOpen();
        transport.listener.onFrame(OPEN);
        transport.listener.onFrame(SASL_FEATURES);
        transport.listener.onFrame("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        transport.listener.onFrame(OPEN);
        int before = transport.sent.size();
        transport.listener.onFrame(SM_FEATURES);
        return String.join("", transport.sent.subList(before, transport.sent.size()));
    }

    private static long count(List<String> frames, String needle) {
        return frames.stream().filter(f -> f.contains(needle)).count();
    }

    @Test
    void resumptionsThatNeverCountWhatWasSentAgainEndInANewSession() {
        List<List<im.parley.xml.XmlElement>> unackedOnNewSession = new ArrayList<>();
        XmppConnection c = boundWithSm(unackedOnNewSession);
        c.send(im.parley.xml.XmlElement.builder("message", Ns.CLIENT).attr("to", "bob@localhost").attr("id", "m1")
                .child(im.parley.xml.XmlElement.builder("body", Ns.CLIENT).text("hello")).build());
        assertTrue(cutAndLogInAgain(c).contains("previd=\"r1\""));
        int resumedAt = transport.sent.size();
        transport.listener.onFrame("<resumed xmlns='urn:xmpp:sm:3' previd='r1' h='0'/>");
        assertEquals(1, count(transport.sent.subList(resumedAt, transport.sent.size()), "id=\"m1\""),
                "the unacknowledged message is sent again");
        // The server resumes again at the same h: what was sent again never arrived.
        assertTrue(cutAndLogInAgain(c).contains("previd=\"r1\""));
        int before = transport.sent.size();
        transport.listener.onFrame("<resumed xmlns='urn:xmpp:sm:3' previd='r1' h='0'/>");
        assertEquals(0, count(transport.sent.subList(before, transport.sent.size()), "id=\"m1\""),
                "not sent a third time into the same hole");
        assertEquals(ConnectionError.CONNECTION_LOST, events.error.code());
        assertTrue(events.error.detail().contains("stopped receiving"), events.error.detail());
        assertTrue(unackedOnNewSession.isEmpty());
        // The next connection starts a new session, and the message goes to the new-session path.
        String next = cutAndLogInAgain(c);
        assertTrue(!next.contains("<resume") && next.contains("urn:ietf:params:xml:ns:xmpp-bind"), next);
        assertEquals(1, unackedOnNewSession.size());
        assertEquals("m1", unackedOnNewSession.get(0).get(0).attr("id"));
        assertEquals(List.of("resumed"), events.log.stream().filter("resumed"::equals).toList());
    }

    /** Going inactive (XEP-0352) asks for an ack, whose answer Prosody's CSI counts as important and flushes. */
    @Test
    void goingInactiveAsksForAnAckSoThatNothingStaysInTheServersBuffer() {
        XmppConnection c = bound(new XmppConnection(() -> transport, new SoftCrypto(n -> new byte[n]), events,
                im.parley.xml.XmlLimits.DEFAULT, new im.parley.sm.StreamManagement(x -> { }), new ManualScheduler()),
                "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                + "<sm xmlns='urn:xmpp:sm:3'/><csi xmlns='urn:xmpp:csi:0'/></stream:features>");
        transport.listener.onFrame("<enabled xmlns='urn:xmpp:sm:3' id='r1' resume='true'/>");
        int before = transport.sent.size();
        c.setActive(false);
        List<String> after = transport.sent.subList(before, transport.sent.size());
        assertEquals(2, after.size(), after.toString());
        assertTrue(after.get(0).startsWith("<inactive") && after.get(0).contains("urn:xmpp:csi:0"), after.get(0));
        assertTrue(after.get(1).startsWith("<r ") && after.get(1).contains("urn:xmpp:sm:3"), after.get(1));
        before = transport.sent.size();
        c.setActive(true);
        assertEquals(1, transport.sent.size() - before, "becoming active needs no ack");
    }

    @Test
    void resumptionsThatMakeProgressGoOnResuming() {
        List<List<im.parley.xml.XmlElement>> unackedOnNewSession = new ArrayList<>();
        XmppConnection c = boundWithSm(unackedOnNewSession);
        for (int i = 1; i <= 3; i++) {
            c.send(im.parley.xml.XmlElement.builder("message", Ns.CLIENT).attr("to", "bob@localhost").attr("id", "m" + i)
                    .child(im.parley.xml.XmlElement.builder("body", Ns.CLIENT).text("hello " + i)).build());
        }
        for (int h = 0; h < 3; h++) {
            assertTrue(cutAndLogInAgain(c).contains("previd=\"r1\""), "resumption " + (h + 1));
            transport.listener.onFrame("<resumed xmlns='urn:xmpp:sm:3' previd='r1' h='" + h + "'/>");
            assertTrue(c.isBound());
        }
        assertTrue(unackedOnNewSession.isEmpty());
        // All acknowledged: nothing was sent again, so an unchanged h is no sign of trouble.
        transport.listener.onFrame("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        for (int i = 0; i < 2; i++) {
            assertTrue(cutAndLogInAgain(c).contains("previd=\"r1\""));
            transport.listener.onFrame("<resumed xmlns='urn:xmpp:sm:3' previd='r1' h='3'/>");
            assertTrue(c.isBound());
        }
        assertTrue(unackedOnNewSession.isEmpty());
    }

    @Test
    void sasl2BindsInlineWithoutARestart() throws Exception {
        String auth = sasl2Authenticate();
        im.parley.xml.XmlElement a = im.parley.xml.XmlTreeBuilder.parse(auth);
        assertEquals("authenticate", a.name());
        assertEquals("urn:xmpp:sasl:2", a.namespace());
        assertEquals("PLAIN", a.attr("mechanism"));
        assertEquals(Base64.encode("\0alice\0pw".getBytes(StandardCharsets.UTF_8)),
                a.childText("initial-response", "urn:xmpp:sasl:2"));
        String ua = a.child("user-agent", "urn:xmpp:sasl:2").attr("id");
        assertTrue(ua.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), ua);
        im.parley.xml.XmlElement bind = a.child("bind", "urn:xmpp:bind:0");
        assertEquals("Parley", bind.childText("tag", "urn:xmpp:bind:0"));
        assertTrue(bind.child("enable", "urn:xmpp:carbons:2") != null, auth);
        assertTrue(bind.child("enable", "urn:example:not-offered") == null, "only what the server offers inline");
        int sentBefore = transport.sent.size();
        transport.listener.onFrame("<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>alice@localhost/Parley~x1"
                + "</authorization-identifier><bound xmlns='urn:xmpp:bind:0'><enabled xmlns='urn:xmpp:carbons:2'/>"
                + "</bound></success>");
        assertEquals(sentBefore, transport.sent.size(), "no stream restart after a SASL2 success");
        transport.listener.onFrame(BIND_FEATURES);
        assertEquals(sentBefore, transport.sent.size(), "no bind request: the resource is bound");
        assertEquals(List.of("connecting", "authenticating", "connected alice@localhost/Parley~x1"), events.log);
        assertTrue(connection.enabledInline("urn:xmpp:carbons:2"));
        assertEquals("SASL2 PLAIN, Bind 2", connection.loginMethod());
    }

    @Test
    void sasl2WithoutAnInlineBindBindsTheUsualWay() {
        sasl2Authenticate();
        transport.listener.onFrame("<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>alice@localhost"
                + "</authorization-identifier><failed xmlns='urn:xmpp:bind:0'/></success>");
        transport.listener.onFrame(BIND_FEATURES);
        String bind = transport.sent.get(transport.sent.size() - 1);
        assertTrue(bind.contains("urn:ietf:params:xml:ns:xmpp-bind"), bind);
        transport.listener.onFrame("<iq xmlns='jabber:client' type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@localhost/parley-1</jid></bind></iq>");
        assertTrue(connection.isBound());
        assertTrue(!connection.enabledInline("urn:xmpp:carbons:2"));
    }

    @Test
    void sasl2FailureIsAWrongPasswordAndTasksAreRefused() {
        sasl2Authenticate();
        transport.listener.onFrame("<failure xmlns='urn:xmpp:sasl:2'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
                + "<text>nope</text></failure>");
        assertEquals(ConnectionError.WRONG_PASSWORD, events.error.code());
        assertTrue(events.error.detail().contains("nope"), events.error.detail());
    }

    @Test
    void sasl2TasksAreRefusedWithAnAbort() {
        sasl2Authenticate();
        transport.listener.onFrame("<continue xmlns='urn:xmpp:sasl:2'><tasks><task>HT-SHA-256-NONE</task></tasks></continue>");
        assertEquals(ConnectionError.AUTH_FAILED, events.error.code());
        assertTrue(transport.sent.stream().anyMatch(f -> f.contains("<abort") && f.contains("urn:xmpp:sasl:2")));
    }

    @Test
    void aBindFromSomeoneElseInSasl2IsRefused() {
        sasl2Authenticate();
        transport.listener.onFrame("<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>mallory@localhost/x"
                + "</authorization-identifier><bound xmlns='urn:xmpp:bind:0'/></success>");
        transport.listener.onFrame(BIND_FEATURES);
        assertEquals(ConnectionError.PROTOCOL, events.error.code());
        assertTrue(!connection.isBound());
    }

    @Test
    void unknownIqRequestsGetServiceUnavailable() {
        loginWithPlain();
        transport.listener.onFrame("<iq xmlns='jabber:client' type='get' id='q1' from='localhost'><query xmlns='urn:x'/></iq>");
        String reply = transport.sent.get(transport.sent.size() - 1);
        assertTrue(reply.contains("type=\"error\"") && reply.contains("service-unavailable") && reply.contains("id=\"q1\""), reply);
    }
}
