package im.parley.bosh;

import im.parley.stream.Ns;
import im.parley.stream.Transport;
import im.parley.stream.Urls;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * XEP-0206 as a {@link Transport}. The session's {@code <open/>} frame becomes the session creation request (the
 * first time) or a restart request (after SASL), {@code <close/>} the terminate request, and every other frame a child
 * of the next {@code <body/>}. Responses are handled in request order; each one's stream features and stanzas are
 * handed up as frames, after a synthesized {@code <open/>} for a new or restarted stream. One request is always kept
 * waiting at the server (long polling), never more than the server allows.
 */
public final class BoshTransport implements Transport {
    public static final String NS = "http://jabber.org/protocol/httpbind";
    public static final String XBOSH = "urn:xmpp:xbosh";
    /** A body holds many stanzas: the parser's limits, with room for one more level and a larger total. */
    static final XmlLimits LIMITS = XmlLimits.DEFAULT.withMaxStanzaChars(8_000_000)
            .withMaxDepth(XmlLimits.DEFAULT.maxDepth() + 1);
    /** Seconds the server may hold a request open. */
    static final int WAIT = 60;

    /** One HTTP POST; the answer is delivered on the client's event thread. */
    public interface Http {
        /**
         * Calls back with the HTTP status and body, or with status 0 and the error. {@code options}: whether the
         * request carries the endpoint's cookies, and headers to add.
         */
        void post(String url, String body, ConnectionOptions options, Answer answer);

        interface Answer {
            void done(int status, String text);
        }
    }

    private final Http http;
    private final LongSupplier random;
    private ConnectionOptions options = ConnectionOptions.NONE;
    private String url;
    private Listener listener;
    private String domain;
    private String sid;
    private long rid;
    private int maxRequests = 1;
    private int inFlight;
    /** Responses that came before an earlier request's: held until it is their turn (XEP-0124 9.1). */
    private final TreeMap<Long, String[]> early = new TreeMap<>();
    private long nextToHandle;
    private final List<String> queue = new ArrayList<>();
    private boolean restartPending;
    private boolean creating;
    private boolean ended;

    private final im.parley.stream.Scheduler scheduler;
    private final LongSupplier clock;
    /** How long the server keeps a session without requests (its 'inactivity', XEP-0124 7), in ms. */
    private long inactivityMs = 60_000;

    /**
     * Without timers: a request the network loses is sent again at once, {@link #RETRIES} times.
     *
     * @param random a source of random numbers for the first request id
     */
    public BoshTransport(Http http, LongSupplier random) {
        this(http, random, null, null);
    }

    /**
     * A request the network loses is sent again, with growing pauses, for as long as the server keeps the session
     * without requests (its 'inactivity', less a margin): a network that keeps dropping connections costs the
     * session nothing, since the server answers a repeated rid from its window.
     *
     * @param random a source of random numbers for the first request id
     */
    public BoshTransport(Http http, LongSupplier random, im.parley.stream.Scheduler scheduler, LongSupplier clock) {
        this.http = http;
        this.random = random;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Converse's connection_options: cookies and headers for every request of this transport. */
    @Override
    public void configure(ConnectionOptions options) {
        this.options = options == null ? ConnectionOptions.NONE : options;
    }

    @Override
    public void open(String serviceUrl, Listener l) {
        this.url = serviceUrl;
        this.listener = l;
        // XEP-0124 14.1: a random first rid, well below 2^53 so that it never overflows on the way.
        this.rid = (random.getAsLong() & 0xFFFFFFFL) + 1_000_000L;
        this.nextToHandle = rid;
        l.onOpen(); // nothing to connect: the first request goes out with the stream's <open/>
    }

    @Override
    public void send(String frame) {
        if (ended) {
            return;
        }
        XmlElement e;
        try {
            e = XmlTreeBuilder.parse(frame, LIMITS);
        } catch (XmlException ex) {
            throw new IllegalArgumentException("not a frame: " + ex.getMessage());
        }
        if (Ns.FRAMING.equals(e.namespace()) && "open".equals(e.name())) {
            domain = e.attr("to");
            if (sid == null) {
                creating = true;
                post("<body xmlns='" + NS + "' content='text/xml; charset=utf-8' hold='1' rid='" + rid + "' to='"
                        + escape(domain) + "' ver='1.6' wait='" + WAIT + "' xml:lang='en' xmpp:version='1.0' xmlns:xmpp='"
                        + XBOSH + "'/>");
            } else {
                restartPending = true;
                pump();
            }
            return;
        }
        if (Ns.FRAMING.equals(e.namespace()) && "close".equals(e.name())) {
            terminate();
            return;
        }
        queue.add(frame);
        pump();
    }

    /** Sends what is queued (or an empty poll, so that the server can answer), within the server's limit. */
    private void pump() {
        if (ended || sid == null || creating) {
            return;
        }
        // Never more than 'requests' rids unhandled: an earlier one still being sent again (lost on the way) must
        // stay within the answers the server keeps to send again (Prosody keeps 'hold' + 1), or it ends the session.
        while (!ended && inFlight < maxRequests && rid - nextToHandle < maxRequests
                && (restartPending || !queue.isEmpty() || inFlight == 0)) {
            StringBuilder body = new StringBuilder("<body xmlns='" + NS + "' rid='" + rid + "' sid='" + escape(sid) + "'");
            if (restartPending) {
                restartPending = false;
                body.append(" to='").append(escape(domain)).append("' xml:lang='en' xmpp:restart='true' xmlns:xmpp='")
                        .append(XBOSH).append("'/>");
            } else if (queue.isEmpty()) {
                body.append("/>");
            } else {
                body.append('>');
                for (String f : queue) {
                    body.append(f);
                }
                queue.clear();
                body.append("</body>");
            }
            post(body.toString());
        }
    }

    /** How often a request the network lost is sent again (same rid) before the connection counts as lost. */
    static final int RETRIES = 3;

    private void post(String body) {
        long mine = rid++;
        inFlight++;
        attempt(mine, body, 0, 0);
    }

    /** The longest pause between two sendings of a lost request. */
    static final long RETRY_PAUSE_MAX_MS = 2_000;

    /** Whether a request first lost at {@code lostAt} (clock ms) and sent {@code retries} times is sent again. */
    private boolean retry(int retries, long lostAt) {
        if (ended) {
            return false;
        }
        if (scheduler == null || sid == null) { // no session yet: an unreachable service is said so soon
            return retries < RETRIES;
        }
        // The server keeps the session 'inactivity' seconds without requests; stop well before that.
        return clock.getAsLong() - lostAt < Math.max(5_000, inactivityMs - 10_000);
    }

    /**
     * Sends a request; if the network loses it (no HTTP answer at all), sends it again with the same rid, as XEP-0124
     * 14.3 asks: the server ignores the stanzas of a request it has already taken and answers a repeated one from its
     * window, so a cut costs the session nothing.
     */
    private void attempt(long mine, String body, int retries, long lostAt) {
        http.post(url, body, options, (status, text) -> {
            if (status == 0) {
                long first = retries == 0 && clock != null ? clock.getAsLong() : lostAt;
                if (retry(retries, first)) {
                    if (scheduler == null || retries == 0) {
                        attempt(mine, body, retries + 1, first);
                    } else {
                        long pause = Math.min(RETRY_PAUSE_MAX_MS, 100L << Math.min(retries, 5));
                        scheduler.schedule(pause, () -> {
                            if (!ended) {
                                attempt(mine, body, retries + 1, first);
                            }
                        });
                    }
                    return;
                }
            }
            if (status == 200 && retries > 0 && sid != null && !creating && !ended) {
                listener.onMaybeLost(lostAt); // before this answer's frames and any later one's
            }
            inFlight--;
            early.put(mine, new String[] {Integer.toString(status), text});
            while (!early.isEmpty() && early.firstKey() == nextToHandle) {
                String[] r = early.remove(nextToHandle);
                nextToHandle++;
                handle(Integer.parseInt(r[0]), r[1]);
                if (ended) {
                    return;
                }
            }
            pump();
        });
    }

    private void handle(int status, String text) {
        if (ended) {
            return;
        }
        if (status != 200) {
            String why = status == 0 ? "the BOSH service could not be reached: " + text
                    : "the BOSH service answered HTTP " + status;
            if (creating) { // the very first request: there never was a session
                ended = true;
                listener.onFailedToConnect(why);
                return;
            }
            end(why);
            return;
        }
        XmlElement body;
        try {
            body = XmlTreeBuilder.parse(text, LIMITS);
        } catch (XmlException e) {
            end("the BOSH service sent malformed XML: " + e.getMessage());
            return;
        }
        if (body == null || !NS.equals(body.namespace()) || !"body".equals(body.name())) {
            end("the BOSH service sent something other than a <body/>");
            return;
        }
        if ("terminate".equals(body.attr("type"))) {
            String condition = body.attr("condition");
            end(condition == null ? "the BOSH service ended the session" : "the BOSH session ended: " + condition);
            return;
        }
        boolean newStream = false;
        if (creating) {
            creating = false;
            sid = body.attr("sid");
            if (sid == null || sid.isEmpty()) {
                end("the BOSH service did not start a session");
                return;
            }
            try {
                maxRequests = Math.max(1, Math.min(2, Integer.parseInt(body.attr("requests") == null ? "2"
                        : body.attr("requests"))));
            } catch (NumberFormatException e) {
                maxRequests = 1;
            }
            try {
                if (body.attr("inactivity") != null) { // seconds; a hostile value is kept within reason
                    inactivityMs = Math.max(10, Math.min(600, Integer.parseInt(body.attr("inactivity")))) * 1000L;
                }
            } catch (NumberFormatException e) {
                // keep the default
            }
            newStream = true;
        }
        List<XmlElement> children = body.children();
        if (!newStream && !children.isEmpty() && Ns.STREAMS.equals(children.get(0).namespace())
                && "features".equals(children.get(0).name())) {
            newStream = true; // the answer to a restart: the new stream's features
        }
        if (newStream) {
            listener.onFrame(XmlElement.builder("open", Ns.FRAMING).attr("from", body.attr("from") == null ? domain
                    : body.attr("from")).attr("id", sid).attr("version", "1.0").build().toXml());
        }
        for (XmlElement child : children) {
            listener.onFrame(child.toXml());
        }
    }

    private void terminate() {
        if (sid == null || ended) {
            end(null);
            return;
        }
        StringBuilder body = new StringBuilder("<body xmlns='" + NS + "' rid='" + rid + "' sid='" + escape(sid)
                + "' type='terminate'>");
        for (String f : queue) {
            body.append(f);
        }
        queue.clear();
        body.append("</body>");
        rid++;
        http.post(url, body.toString(), options, (status, text) -> { });
        end(null);
    }

    private void end(String error) {
        if (ended) {
            return;
        }
        ended = true;
        listener.onClosed(error);
    }

    @Override
    public void close() {
        terminate();
    }

    /** See {@link Transport#allowsSasl2}: not over BOSH. */
    @Override
    public boolean allowsSasl2(String url) {
        return false;
    }

    @Override
    public boolean isSecure(String serviceUrl) {
        return Urls.isSecure(serviceUrl);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }
}
