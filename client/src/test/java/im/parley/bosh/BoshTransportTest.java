package im.parley.bosh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.stream.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BOSH transport's answers to a network that loses requests (XEP-0124 14.3), with a scripted HTTP. */
class BoshTransportTest {
    /**
     * Answers each POST with the next scripted [status, body], later (as a network does: {@link #run} delivers the
     * answers one by one, until the script is used up), recording what was sent.
     */
    static final class ScriptedHttp implements BoshTransport.Http {
        final List<String> sent = new ArrayList<>();
        ConnectionOptions used;
        final List<Object[]> answers = new ArrayList<>();
        private final List<Runnable> pending = new ArrayList<>();

        @Override
        public void post(String url, String body, ConnectionOptions options, Answer answer) {
            sent.add(body);
            used = options;
            pending.add(() -> {
                Object[] a = answers.remove(0);
                answer.done((Integer) a[0], (String) a[1]);
            });
        }

        void run() {
            while (!pending.isEmpty() && !answers.isEmpty()) {
                pending.remove(0).run();
            }
        }
    }

    static final class Events implements Transport.Listener {
        final List<String> frames = new ArrayList<>();
        String closed;
        boolean isClosed;

        @Override
        public void onOpen() {
        }

        @Override
        public void onFrame(String frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(String error) {
            isClosed = true;
            closed = error;
        }
    }

    private static final String CREATED = "<body xmlns='http://jabber.org/protocol/httpbind' sid='s1' requests='1'"
            + " xmlns:stream='http://etherx.jabber.org/streams'><stream:features/></body>";

    @Test
    void aLostRequestIsSentAgainWithTheSameRid() {
        ScriptedHttp http = new ScriptedHttp();
        http.answers.add(new Object[] {0, "connection reset"});
        http.answers.add(new Object[] {0, "connection reset"});
        http.answers.add(new Object[] {200, CREATED});
        Events events = new Events();
        BoshTransport t = new BoshTransport(http, () -> 42);
        t.open("http://127.0.0.1/http-bind", events);
        http.answers.add(new Object[] {200, "<body xmlns='http://jabber.org/protocol/httpbind'/>"});
        t.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        http.run();
        assertEquals(3 + 2, http.sent.size(), "two retries, then polls once the session was created");
        assertEquals(http.sent.get(0), http.sent.get(1));
        assertEquals(http.sent.get(0), http.sent.get(2));
        assertTrue(http.sent.get(3).contains("rid='" + (rid(http.sent.get(0)) + 1) + "'"), http.sent.get(3));
        assertTrue(!events.isClosed, "the session survived the lost requests");
        assertTrue(events.frames.get(0).startsWith("<open"), events.frames.toString());
    }

    @Test
    void everyRequestCarriesTheConnectionOptions() {
        ScriptedHttp http = new ScriptedHttp();
        http.answers.add(new Object[] {200, CREATED});
        BoshTransport t = new BoshTransport(http, () -> 42);
        ConnectionOptions options = ConnectionOptions.parse(java.util.Map.of("withCredentials", true,
                "customHeaders", java.util.Map.of("X-Tenant", "acme")));
        t.configure(options);
        t.open("http://127.0.0.1/http-bind", new Events());
        t.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        assertTrue(http.used == options, "the request was made with the options given");
        BoshTransport plain = new BoshTransport(http, () -> 42);
        plain.open("http://127.0.0.1/http-bind", new Events());
        plain.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        assertTrue(http.used == ConnectionOptions.NONE, "none by default");
    }

    @Test
    void aRequestLostEveryTimeEndsTheConnectionWithTheReason() {
        ScriptedHttp http = new ScriptedHttp();
        for (int i = 0; i <= BoshTransport.RETRIES; i++) {
            http.answers.add(new Object[] {0, "connection refused"});
        }
        Events events = new Events();
        BoshTransport t = new BoshTransport(http, () -> 42);
        t.open("http://127.0.0.1/http-bind", events);
        t.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        http.run();
        assertEquals(BoshTransport.RETRIES + 1, http.sent.size());
        assertTrue(events.isClosed);
        assertEquals("the BOSH service could not be reached: connection refused", events.closed);
    }

    @Test
    void anHttpErrorIsNotRetried() {
        ScriptedHttp http = new ScriptedHttp();
        http.answers.add(new Object[] {404, ""});
        Events events = new Events();
        BoshTransport t = new BoshTransport(http, () -> 42);
        t.open("http://127.0.0.1/http-bind", events);
        t.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        http.run();
        assertEquals(1, http.sent.size());
        assertEquals("the BOSH service answered HTTP 404", events.closed);
    }

    /** Timers on a clock of its own: {@link #next} runs the earliest task and moves the clock to its time. */
    static final class ManualScheduler implements im.parley.stream.Scheduler {
        long now;
        private final java.util.TreeMap<Long, List<Runnable>> tasks = new java.util.TreeMap<>();

        @Override
        public Task schedule(long delayMillis, Runnable task) {
            tasks.computeIfAbsent(now + delayMillis, k -> new ArrayList<>()).add(task);
            return () -> { };
        }

        boolean next() {
            if (tasks.isEmpty()) {
                return false;
            }
            java.util.Map.Entry<Long, List<Runnable>> first = tasks.pollFirstEntry();
            now = first.getKey();
            first.getValue().forEach(Runnable::run);
            return true;
        }
    }

    private static final String CREATED_30 = "<body xmlns='http://jabber.org/protocol/httpbind' sid='s1' requests='1'"
            + " inactivity='30' xmlns:stream='http://etherx.jabber.org/streams'><stream:features/></body>";

    /** Runs the network and the timers until neither has anything to do. */
    private static void settle(ScriptedHttp http, ManualScheduler timers) {
        do {
            http.run();
        } while (timers.next());
    }

    @Test
    void withTimersALostRequestIsSentAgainForAsLongAsTheServerKeepsTheSession() {
        ScriptedHttp http = new ScriptedHttp();
        ManualScheduler timers = new ManualScheduler();
        http.answers.add(new Object[] {200, CREATED_30});
        Events events = new Events();
        BoshTransport t = new BoshTransport(http, () -> 42, timers, () -> timers.now);
        t.open("http://127.0.0.1/http-bind", events);
        t.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.org' version='1.0'/>");
        // The poll after the session's creation is lost ten times (well past the three immediate retries), then
        // answered: the session lives on.
        for (int i = 0; i < 10; i++) {
            http.answers.add(new Object[] {0, "connection reset"});
        }
        http.answers.add(new Object[] {200, "<body xmlns='http://jabber.org/protocol/httpbind'><message"
                + " xmlns='jabber:client' from='a@example.org'><body>hi</body></message></body>"});
        settle(http, timers);
        assertTrue(!events.isClosed, "the session survived: " + events.closed);
        assertTrue(events.frames.stream().anyMatch(f -> f.contains("hi")), events.frames.toString());
        long poll = rid(http.sent.get(1));
        for (int i = 1; i <= 11; i++) {
            assertEquals(poll, rid(http.sent.get(i)), "the same rid each time");
        }
        assertTrue(timers.now > 5_000 && timers.now < 20_000, "paused between sendings: " + timers.now);

        // Lost for longer than the server keeps the session (30 s, less a margin): the connection ends.
        long lostFrom = timers.now;
        for (int i = 0; i < 100; i++) {
            http.answers.add(new Object[] {0, "connection refused"});
        }
        settle(http, timers);
        assertTrue(events.isClosed, "gave up");
        assertEquals("the BOSH service could not be reached: connection refused", events.closed);
        assertTrue(timers.now - lostFrom >= 20_000 && timers.now - lostFrom < 25_000,
                "gave up after " + (timers.now - lostFrom) + " ms");
    }

    private static long rid(String body) {
        int at = body.indexOf("rid='") + 5;
        return Long.parseLong(body.substring(at, body.indexOf('\'', at)));
    }
}
