package im.parley.stream;

import im.parley.crypto.Crypto;
import im.parley.sasl.Credentials;
import im.parley.sasl.Mechanisms;
import im.parley.sasl.SaslException;
import im.parley.sasl.SaslMechanism;
import im.parley.sasl2.Sasl2;
import im.parley.bind2.Bind2;
import im.parley.sm.Sm;
import im.parley.sm.StreamManagement;
import im.parley.util.Base64;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One XMPP session over WebSocket framing (RFC 7395): open, SASL, stream restart, resource binding, then stanza
 * dispatch. Single-threaded: every method and callback runs on the client's event thread.
 */
public final class XmppConnection {
    private enum Phase { IDLE, OPENING, AUTHENTICATING, RESTARTING, RESUMING, BINDING, BOUND, CLOSING, CLOSED }

    /** Silence after which the connection is probed, and how long the probe (or any ack request) may take. */
    public static final long KEEPALIVE_MS = 30_000;
    public static final long PROBE_TIMEOUT_MS = 15_000;
    /** An ack is requested this long after a stanza is sent (so a burst gets one request), or at once past 20. */
    static final long ACK_DELAY_MS = 200;
    static final int ACK_BATCH = 20;
    /** A login (open, SASL, resume or bind) that takes longer than this is abandoned as a dead connection. */
    static final long HANDSHAKE_TIMEOUT_MS = 20_000;

    private final java.util.function.Supplier<Transport> transports;
    private Transport transport;
    private final Crypto crypto;
    private final ConnectionListener listener;
    private final List<StanzaHandler> handlers = new ArrayList<>();
    private final Map<String, PendingIq> pendingIqs = new HashMap<>();
    private final XmlTreeBuilder reader;
    private final StreamManagement sm;
    private final Scheduler scheduler;
    private Scheduler.Task ackTask;
    private Scheduler.Task keepaliveTask;
    private Scheduler.Task probeTimeout;
    private long keepaliveMs = KEEPALIVE_MS;
    private long probeTimeoutMs = PROBE_TIMEOUT_MS;
    private Scheduler.Task handshakeTimeout;
    /**
     * Resumptions in a row that the server never answered before the connection ended (Prosody 0.12's mod_smacks
     * crashes resuming a BOSH session): after {@link #RESUME_TRIES} of them a new session is started instead of
     * trying forever.
     */
    private int unansweredResumes;
    static final int RESUME_TRIES = 2;
    /**
     * The last resumption made no progress: the server answered with the same {@code h} as the one before although
     * everything it had not acknowledged was sent again then. Prosody 0.12.3 does this for good once a connection
     * of the session was cut in the middle of a frame from the client: after a resumption it keeps feeding what
     * arrives to the frame buffer and XML parser of the connection that opened the session (mod_c2s's
     * {@code session.data} closure), where the partial frame left by the cut misaligns every later frame, which it
     * then drops as garbage (its log: "Websocket received frame: opcode=c"); no resumption of that session can work
     * again. A new session is started instead, and what was never acknowledged goes through the new-session path
     * (reconciled against the archive).
     */
    private boolean resumeHopeless;
    /** The session id and {@code h} of the last {@code <resumed/>}, and whether stanzas were sent again after it. */
    private String lastResumedId;
    private long lastResumedH = -1;
    private boolean resentAfterLastResume;
    /** How long a resumption may go unanswered before the connection counts as dead. */
    static final long RESUME_TIMEOUT_MS = 10_000;
    private boolean smOffered;
    private boolean csiOffered;
    /** XEP-0352: whether the user is looking at the client (sent to servers that offer CSI). */
    private boolean active = true;

    private Phase phase = Phase.IDLE;
    private String url;
    private Jid jid;
    private Credentials credentials;
    private SaslMechanism mechanism;
    private Jid boundJid;
    private Jid previousJid;
    private int idCounter;
    private boolean finished;
    private boolean loggedOut;
    /** Why this client is closing the stream (a refused login, bad XML), until the transport reports it closed. */
    private ConnectionError closingWith;
    /** XEP-0388: this attempt authenticates with SASL2 (no stream restart; the resource may be bound inline). */
    private boolean sasl2;
    /** Whether SASL2 is used where the server offers it (else always RFC 6120 SASL); the client sets it. */
    private boolean preferSasl2 = true;
    /**
     * The user agent id given to SASL2: a UUID made for each attempt. Bind 2 derives the resource from it, and a
     * new session must not take the resource of one the client lost: Prosody would replace the hibernating session
     * and re-route its unacknowledged stanzas late into the new one (out of order with the archive catch-up; seen
     * in SessionRecoveryTest and RecoveryInBrowserTest). A stable id is for FAST (XEP-0484), which Parley does not
     * use yet.
     */
    private String userAgentId;
    /** The full JID bound inline by Bind 2 in a SASL2 success, until the stream features that follow are read. */
    private Jid inlineBound;
    /** The Bind 2 {@code <bound/>} answer of this session (what was enabled inline), or null. */
    private XmlElement boundInline;
    /** Inline enable requests features asked for (XEP-0386), sent with the bind when the server offers them. */
    private final List<XmlElement> inlineRequests = new ArrayList<>();
    /** How the current session logged in, e.g. "SASL2 SCRAM-SHA-256, Bind 2". */
    private String loginMethod;

    private static final class PendingIq {
        final String to;
        final Consumer<XmlElement> callback;

        PendingIq(String to, Consumer<XmlElement> callback) {
            this.to = to;
            this.callback = callback;
        }
    }

    public XmppConnection(Transport transport, Crypto crypto, ConnectionListener listener) {
        this(() -> transport, crypto, listener, XmlLimits.DEFAULT, null, null);
    }

    /**
     * @param sm        the account's stream management state, kept across connections (null: no XEP-0198)
     * @param scheduler timers for ack requests and keepalive probes (null: neither)
     */
    public XmppConnection(java.util.function.Supplier<Transport> transports, Crypto crypto, ConnectionListener listener,
            XmlLimits limits, StreamManagement sm, Scheduler scheduler) {
        this.transports = transports;
        this.crypto = crypto;
        this.listener = listener;
        this.sm = sm;
        this.scheduler = scheduler;
        this.reader = XmlTreeBuilder.forFrames(limits, new XmlTreeBuilder.Handler() {
            @Override
            public void onStreamOpen(XmlElement header) {
            }

            @Override
            public void onElement(XmlElement element) {
                XmppConnection.this.onElement(element);
            }

            @Override
            public void onStreamClose() {
            }
        });
    }

    /**
     * How long a silent connection waits before it is probed (0: never probed while silent), and how long a probe or
     * an ack request may stay unanswered before the connection counts as dead (a stalled network, a hung server).
     */
    public void setKeepalive(long intervalMs, long timeoutMs) {
        keepaliveMs = intervalMs;
        probeTimeoutMs = timeoutMs;
    }

    /** Whether SASL2 (XEP-0388) is used where offered (the default). */
    public void setPreferSasl2(boolean prefer) {
        preferSasl2 = prefer;
    }

    /**
     * A feature asks to be enabled inline with a Bind 2 bind (e.g. carbons' {@code <enable/>}); whether it was is
     * told by {@link #enabledInline}. Where the server has no Bind 2, the feature enables itself the usual way.
     */
    public void requestInline(XmlElement enable) {
        inlineRequests.add(enable);
    }

    /** Whether the current session's Bind 2 answer says the feature of namespace {@code ns} was enabled inline. */
    public boolean enabledInline(String ns) {
        return Bind2.enabled(boundInline, ns);
    }

    /** How the current session logged in: the SASL profile and mechanism, and whether it was bound inline or resumed. */
    public String loginMethod() {
        return loginMethod;
    }

    /** Registers a feature's handler; handlers are asked in registration order. */
    public void addHandler(StanzaHandler handler) {
        handlers.add(handler);
    }

    public Jid boundJid() {
        return boundJid;
    }

    /** RFC 6121 2.6: the server advertised roster versioning in the last stream's features. */
    public boolean offersRosterVersioning() {
        return rosterVersioning;
    }

    private boolean rosterVersioning;
    private static final String ROSTERVER_NS = "urn:xmpp:features:rosterver";

    public boolean isBound() {
        return phase == Phase.BOUND;
    }

    /** Starts connecting with a password (dropped as soon as SASL has used it). */
    public void connect(String websocketUrl, Jid account, String accountPassword) {
        connect(websocketUrl, account, new Credentials(account.local(), accountPassword), null);
    }

    /**
     * Starts connecting with stored credentials. When {@code previous} (the full JID of the last session) is
     * given and the stream management state allows it, the session is resumed instead of bound anew.
     */
    public void connect(String websocketUrl, Jid account, Credentials creds, Jid previous) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("connect() called twice");
        }
        this.url = websocketUrl;
        this.jid = account;
        this.credentials = creds;
        this.previousJid = previous;
        startAttempt();
    }

    /**
     * After the connection was lost: connects again with the stored credentials, resuming the session where the
     * stream management state allows, else binding a new one.
     */
    public void reconnect() {
        if (!finished || loggedOut) {
            throw new IllegalStateException("reconnect() only after the connection was lost");
        }
        if (boundJid != null) {
            previousJid = boundJid;
        }
        startAttempt();
    }

    public boolean isLoggedOut() {
        return loggedOut;
    }

    private void startAttempt() {
        final Transport t = transports.get();
        transport = t;
        finished = false;
        mechanism = null;
        sasl2 = false;
        closingWith = null;
        inlineBound = null;
        boundInline = null;
        userAgentId = null;
        reader.reset();
        phase = Phase.OPENING;
        listener.onProgress("connecting");
        if (scheduler != null) {
            handshakeTimeout = scheduler.schedule(HANDSHAKE_TIMEOUT_MS, () -> {
                handshakeTimeout = null;
                if (!finished && t == transport && phase != Phase.BOUND && phase != Phase.CLOSING) {
                    closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST,
                            "the server did not finish the login in " + HANDSHAKE_TIMEOUT_MS / 1000 + " s"));
                }
            });
        }
        t.open(url, new Transport.Listener() {
            private boolean opened;

            @Override
            public void onOpen() {
                if (t != transport) {
                    return;
                }
                opened = true;
                sendOpen();
            }

            @Override
            public void onMaybeLost(long sinceMillis) {
                if (!finished && t == transport && phase == Phase.BOUND) {
                    listener.onMaybeLost(sinceMillis);
                }
            }

            @Override
            public void onFrame(String frame) {
                if (finished || t != transport) {
                    return;
                }
                activity();
                try {
                    reader.feed(frame);
                } catch (XmlException e) {
                    streamErrorAndClose(e.kind().condition(), new ConnectionError(ConnectionError.BAD_XML,
                            "the server sent XML that Parley refuses (" + e.getMessage() + ")"));
                }
            }

            @Override
            public void onFailedToConnect(String error) {
                if (t != transport) {
                    return;
                }
                finish(new ConnectionError(ConnectionError.UNREACHABLE, "cannot connect to " + url
                        + (error == null ? "" : " (" + error + ")")));
            }

            @Override
            public void onClosed(String error) {
                if (t != transport) {
                    return;
                }
                if (closingWith != null) {
                    finish(closingWith); // we are closing the stream because of this
                } else if (!opened) {
                    finish(new ConnectionError(ConnectionError.UNREACHABLE, "cannot connect to " + url
                            + (error == null ? "" : " (" + error + ")")));
                } else if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
                    finish(null);
                } else {
                    finish(new ConnectionError(ConnectionError.CONNECTION_LOST, "the connection to " + url
                            + " was lost" + (error == null ? "" : " (" + error + ")")));
                }
            }
        });
    }

    private void sendOpen() {
        transport.send(XmlElement.builder("open", Ns.FRAMING).attr("to", jid.domain()).attr("version", "1.0")
                .build().toXml());
    }

    private void onElement(XmlElement e) {
        if (finished) {
            return;
        }
        String ns = e.namespace();
        String name = e.name();
        if (Ns.FRAMING.equals(ns)) {
            if ("close".equals(name)) {
                onServerClose(e);
            } else if ("open".equals(name)) {
                if (!"1.0".equals(e.attr("version"))) {
                    streamErrorAndClose("unsupported-version", new ConnectionError(ConnectionError.PROTOCOL,
                            "the server does not speak XMPP 1.0"));
                }
            }
            return;
        }
        if (Ns.STREAMS.equals(ns)) {
            if ("features".equals(name)) {
                onFeatures(e);
            } else if ("error".equals(name)) {
                onStreamError(e);
            }
            return;
        }
        if (Ns.SASL.equals(ns)) {
            onSasl(e);
            return;
        }
        if (Sasl2.NS.equals(ns)) {
            onSasl2(e);
            return;
        }
        if (Sm.NS.equals(ns) && sm != null) {
            onSm(e);
            return;
        }
        if (phase == Phase.BINDING && "iq".equals(name)) {
            onBindResult(e);
            return;
        }
        if (phase != Phase.BOUND) {
            streamErrorAndClose("not-authorized", new ConnectionError(ConnectionError.PROTOCOL,
                    "the server sent <" + name + "/> before the session was bound"));
            return;
        }
        if (!Ns.CLIENT.equals(ns)) {
            return;
        }
        dispatch(e);
        if (sm != null && ("message".equals(name) || "presence".equals(name) || "iq".equals(name))) {
            sm.received();
        }
    }

    private void onSm(XmlElement e) {
        switch (e.name()) {
            case "enabled":
                sm.enabled(e.attr("id"), Sm.resumable(e));
                return;
            case "r":
                if (sm.isCounting()) {
                    transport.send(Sm.answer(sm.inbound()).toXml());
                }
                return;
            case "a": {
                long h = Sm.h(e);
                if (h < 0 || !sm.acked(h)) {
                    streamErrorAndClose("undefined-condition", new ConnectionError(ConnectionError.PROTOCOL,
                            "the server acknowledged stanzas it was never sent"));
                    return;
                }
                answered();
                return;
            }
            case "resumed": {
                if (phase != Phase.RESUMING) {
                    return;
                }
                long h = Sm.h(e);
                if (h < 0) {
                    streamErrorAndClose("undefined-condition", new ConnectionError(ConnectionError.PROTOCOL,
                            "invalid <resumed/>"));
                    return;
                }
                resumeHopeless = resentAfterLastResume && h == lastResumedH && sm.resumeId().equals(lastResumedId);
                if (resumeHopeless) {
                    listener.onLog("the server resumed the session at h=" + h + " again, without counting what was sent"
                            + " again after the last resumption; a new session is started");
                    phase = Phase.BOUND; // not an unanswered resumption
                    closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST,
                            "the resumed session stopped receiving what was sent"));
                    return;
                }
                boundJid = previousJid;
                unansweredResumes = 0;
                loginMethod += ", resumed";
                phase = Phase.BOUND;
                handshakeDone();
                List<XmlElement> resend = sm.resumed(h);
                lastResumedId = sm.resumeId();
                lastResumedH = h;
                resentAfterLastResume = !resend.isEmpty();
                for (XmlElement again : resend) {
                    transport.send(again.toXml());
                }
                requestAckSoon();
                scheduleKeepalive();
                listener.onResumed(boundJid);
                return;
            }
            case "failed":
                if (phase == Phase.RESUMING) {
                    unansweredResumes = 0;
                    resumeHopeless = false;
                    listener.onLog("the server refused to resume the session: " + describeFailure(e));
                    List<XmlElement> lost = sm.reset();
                    listener.onResumeFailed(lost);
                    bind();
                } else {
                    sm.enableFailed();
                }
                return;
            default:
                return;
        }
    }

    private void dispatch(XmlElement stanza) {
        String type = stanza.attr("type");
        if ("iq".equals(stanza.name()) && ("result".equals(type) || "error".equals(type))) {
            String id = stanza.attr("id");
            PendingIq pending = id == null ? null : pendingIqs.get(id);
            if (pending != null && fromMatches(stanza.attr("from"), pending.to)) {
                pendingIqs.remove(id);
                pending.callback.accept(stanza);
            }
            return;
        }
        for (StanzaHandler h : handlers) {
            if (h.handle(stanza)) {
                return;
            }
        }
        if ("iq".equals(stanza.name()) && ("get".equals(type) || "set".equals(type))) {
            sendIqError(stanza, "cancel", "service-unavailable");
        }
    }

    /** RFC 6120 8.1.2.1: a response to an IQ sent without 'to' may come from nothing, our bare or full JID. */
    private boolean fromMatches(String from, String to) {
        if (to == null) {
            if (from == null) {
                return true;
            }
            Jid f = Jid.parseOrNull(from);
            return f != null && (f.equals(boundJid) || f.equals(boundJid.bare()) || f.equals(Jid.parseOrNull(boundJid.domain())));
        }
        if (from == null) {
            return false;
        }
        Jid f = Jid.parseOrNull(from);
        Jid t = Jid.parseOrNull(to);
        return f != null && f.equals(t);
    }

    private void onFeatures(XmlElement features) {
        if (phase == Phase.OPENING) {
            XmlElement offer2 = preferSasl2 && transport.allowsSasl2(url) ? Sasl2.offer(features) : null;
            XmlElement mechs = features.child("mechanisms", Ns.SASL);
            List<String> offered = new ArrayList<>();
            if (offer2 != null) {
                offered = Sasl2.mechanisms(offer2);
            } else if (mechs != null) {
                for (XmlElement m : mechs.children("mechanism", Ns.SASL)) {
                    offered.add(m.text().trim());
                }
            }
            String downgrade = credentials.checkDowngrade(offered);
            if (downgrade != null) {
                fail(new ConnectionError(ConnectionError.DOWNGRADE, downgrade));
                return;
            }
            mechanism = Mechanisms.choose(offered, transport.isSecure(url), crypto, credentials);
            if (mechanism == null) {
                fail(new ConnectionError(ConnectionError.AUTH_FAILED,
                        "the server offers no login method Parley accepts (offered: " + offered + ")"));
                return;
            }
            phase = Phase.AUTHENTICATING;
            listener.onProgress("authenticating");
            byte[] initial;
            try {
                initial = mechanism.initialResponse();
            } catch (SaslException ex) {
                fail(new ConnectionError(ConnectionError.AUTH_FAILED, ex.getMessage()));
                return;
            }
            if (offer2 != null) {
                sasl2 = true;
                loginMethod = "SASL2 " + mechanism.name();
                transport.send(Sasl2.authenticate(mechanism.name(), initial, userAgentId(), "Parley",
                        inlineBind(offer2)).toXml());
                return;
            }
            loginMethod = "SASL " + mechanism.name();
            transport.send(XmlElement.builder("auth", Ns.SASL).attr("mechanism", mechanism.name())
                    .text(initial == null ? null : (initial.length == 0 ? "=" : Base64.encode(initial))).build()
                    .toXml());
        } else if (phase == Phase.RESTARTING) {
            smOffered = sm != null && features.child("sm", Sm.NS) != null;
            csiOffered = features.child("csi", CSI_NS) != null;
            rosterVersioning = features.child("ver", ROSTERVER_NS) != null;
            if (inlineBound != null) { // SASL2 bound the resource already (Bind 2)
                Jid b = inlineBound;
                inlineBound = null;
                unansweredResumes = 0;
                resumeHopeless = false;
                if (sm != null && sm.canResume()) {
                    listener.onLog("a new session was bound inline; the previous one is not resumed");
                    listener.onResumeFailed(sm.reset());
                }
                bound(b);
                return;
            }
            if (smOffered && sm.canResume() && previousJid != null && !worthResuming()) {
                if (unansweredResumes >= RESUME_TRIES) {
                    listener.onLog("the server did not answer " + unansweredResumes + " resumptions in a row; a new"
                            + " session is started");
                }
                unansweredResumes = 0;
                resumeHopeless = false;
                listener.onResumeFailed(sm.reset());
            }
            if (smOffered && sm.canResume() && previousJid != null) {
                phase = Phase.RESUMING;
                listener.onProgress("resuming");
                transport.send(Sm.resume(sm.resumeId(), sm.inbound()).toXml());
                if (scheduler != null) {
                    // A server answers a resumption at once or never (Prosody 0.12 over BOSH): not the login's 20 s.
                    Transport resuming = transport;
                    scheduler.schedule(RESUME_TIMEOUT_MS, () -> {
                        if (!finished && transport == resuming && phase == Phase.RESUMING) {
                            closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST,
                                    "the server did not answer the resumption in " + RESUME_TIMEOUT_MS / 1000 + " s"));
                        }
                    });
                }
                return;
            }
            if (sm != null && sm.canResume()) {
                listener.onLog("the server no longer offers stream management; the session is not resumed");
                listener.onResumeFailed(sm.reset());
            }
            if (features.child("bind", Ns.BIND) == null) {
                fail(new ConnectionError(ConnectionError.PROTOCOL, "the server offers no resource binding"));
                return;
            }
            bind();
        }
    }

    /** Whether the previous session is still worth resuming (not given up on as unanswered or hopeless). */
    private boolean worthResuming() {
        return unansweredResumes < RESUME_TRIES && !resumeHopeless;
    }

    /**
     * The Bind 2 request to send inline with a SASL2 authentication: none when the session is to be resumed (the
     * server then sends the stream features, and {@code <resume/>} follows as after a restart) or when the server
     * has no Bind 2.
     */
    private List<XmlElement> inlineBind(XmlElement offer2) {
        List<XmlElement> inline = new ArrayList<>();
        XmlElement bindOffer = Bind2.offer(Sasl2.inline(offer2));
        boolean willResume = sm != null && sm.canResume() && previousJid != null && worthResuming();
        if (bindOffer != null && !willResume) {
            java.util.Set<String> offered = Bind2.inlineFeatures(bindOffer);
            List<XmlElement> enable = new ArrayList<>();
            for (XmlElement r : inlineRequests) {
                if (offered.contains(r.namespace())) {
                    enable.add(r);
                }
            }
            inline.add(Bind2.request("Parley", enable));
        }
        return inline;
    }

    private String userAgentId() {
        if (userAgentId == null) {
            byte[] r = crypto.randomBytes(16);
            r[6] = (byte) ((r[6] & 0x0f) | 0x40); // RFC 9562 version 4
            r[8] = (byte) ((r[8] & 0x3f) | 0x80);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) {
                    sb.append('-');
                }
                sb.append(Character.forDigit((r[i] >> 4) & 0xf, 16)).append(Character.forDigit(r[i] & 0xf, 16));
            }
            userAgentId = sb.toString();
        }
        return userAgentId;
    }

    /** XEP-0388: the SASL2 exchange, like RFC 6120's but with no stream restart, and the bind in its success. */
    private void onSasl2(XmlElement e) {
        if (phase != Phase.AUTHENTICATING || !sasl2) {
            streamErrorAndClose("policy-violation", new ConnectionError(ConnectionError.PROTOCOL,
                    "unexpected SASL2 element <" + e.name() + "/>"));
            return;
        }
        try {
            switch (e.name()) {
                case "challenge":
                    transport.send(Sasl2.response(mechanism.evaluateChallenge(decode(Sasl2.data(e)))).toXml());
                    break;
                case "success": {
                    String data = Sasl2.data(e);
                    mechanism.verifySuccess(data == null || data.isEmpty() ? null : decode(data));
                    mechanism = null;
                    Jid id = Sasl2.authorizationIdentifier(e);
                    boundInline = Bind2.bound(e);
                    if (boundInline != null) {
                        if (id == null || id.isBare()) {
                            fail(new ConnectionError(ConnectionError.PROTOCOL,
                                    "the server bound a resource but did not say which"));
                            return;
                        }
                        inlineBound = id;
                        loginMethod += ", Bind 2";
                    }
                    // No restart: the server goes on with the stream features of the authenticated stream.
                    phase = Phase.RESTARTING;
                    break;
                }
                case "failure":
                    saslFailed(Sasl2.condition(e), Sasl2.text(e));
                    break;
                case "continue":
                    transport.send(Sasl2.abort().toXml());
                    fail(new ConnectionError(ConnectionError.AUTH_FAILED,
                            "the server asks for further login steps (SASL2 tasks), which Parley does not support"));
                    break;
                default:
                    break;
            }
        } catch (SaslException ex) {
            transport.send(Sasl2.abort().toXml());
            fail(new ConnectionError(ConnectionError.AUTH_FAILED, ex.getMessage()));
        }
    }

    private void bind() {
        phase = Phase.BINDING;
        listener.onProgress("binding");
        XmlElement bind = XmlElement.builder("bind", Ns.BIND).textChild("resource", "parley-" + randomId())
                .build();
        transport.send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").attr("id", "bind-1")
                .child(bind).build().toXml());
    }

    private void onSasl(XmlElement e) {
        if (phase != Phase.AUTHENTICATING) {
            streamErrorAndClose("policy-violation", new ConnectionError(ConnectionError.PROTOCOL,
                    "unexpected SASL element <" + e.name() + "/>"));
            return;
        }
        try {
            switch (e.name()) {
                case "challenge": {
                    byte[] response = mechanism.evaluateChallenge(decode(e.text()));
                    transport.send(XmlElement.builder("response", Ns.SASL)
                            .text(response.length == 0 ? null : Base64.encode(response)).build().toXml());
                    break;
                }
                case "success": {
                    String data = e.text().trim();
                    mechanism.verifySuccess(data.isEmpty() ? null : decode(data));
                    mechanism = null;
                    phase = Phase.RESTARTING;
                    reader.reset();
                    sendOpen();
                    break;
                }
                case "failure":
                    saslFailed(e.children().isEmpty() ? "undefined" : e.children().get(0).name(),
                            e.childText("text", Ns.SASL));
                    break;
                default:
                    break;
            }
        } catch (SaslException ex) {
            transport.send(XmlElement.builder("abort", Ns.SASL).build().toXml());
            fail(new ConnectionError(ConnectionError.AUTH_FAILED, ex.getMessage()));
        }
    }

    private void saslFailed(String condition, String text) {
        String used = mechanism == null ? "" : mechanism.name();
        // EXTERNAL fails for a missing, untrusted or someone else's certificate (mod_auth_ccert says account-disabled
        // or not-authorized): either way the credential was refused, and trying again will not help.
        boolean refused = "not-authorized".equals(condition) || used.equals("EXTERNAL");
        String code = refused ? ConnectionError.WRONG_PASSWORD : ConnectionError.AUTH_FAILED;
        String detail = used.equals("EXTERNAL")
                ? "the server did not accept this browser's client certificate for the account (" + condition + ")"
                : !refused ? "login refused: " + condition
                : used.equals("OAUTHBEARER")
                        ? "the server refused the identity provider's token (expired or revoked): log in with the provider again"
                : "wrong password (or unknown account)";
        if (text != null && !text.isEmpty()) {
            detail += " — the server says: " + text;
        }
        fail(new ConnectionError(code, detail));
    }

    private static byte[] decode(String b64) throws SaslException {
        String t = b64.trim();
        if (t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.decode(t);
        } catch (IllegalArgumentException ex) {
            throw new SaslException("the server sent invalid base64");
        }
    }

    private void onBindResult(XmlElement iq) {
        if (!"bind-1".equals(iq.attr("id"))) {
            return;
        }
        if (!"result".equals(iq.attr("type"))) {
            fail(new ConnectionError(ConnectionError.PROTOCOL, "resource binding failed"));
            return;
        }
        XmlElement bind = iq.child("bind", Ns.BIND);
        bound(bind == null ? null : Jid.parseOrNull(bind.childText("jid", Ns.BIND)));
    }

    /** A resource is bound (by a bind request, or inline by Bind 2): the session starts. */
    private void bound(Jid bound) {
        boolean anonymous = credentials != null && credentials.isAnonymous();
        // An anonymous account is made up by the server: any local part on the domain asked for (and kept from then).
        if (anonymous && bound != null && !bound.isBare() && bound.local() != null
                && bound.domain().equals(jid.domain())) {
            jid = bound.bare();
        }
        if (bound == null || bound.isBare() || !bound.bare().equals(jid.bare())) {
            fail(new ConnectionError(ConnectionError.PROTOCOL, "the server bound an invalid JID"));
            return;
        }
        boundJid = bound;
        phase = Phase.BOUND;
        handshakeDone();
        pendingIqs.clear();
        if (smOffered) {
            transport.send(Sm.enable().toXml());
            sm.enableSent();
        }
        scheduleKeepalive();
        listener.onConnected(bound);
    }

    private void onStreamError(XmlElement e) {
        String condition = "undefined-condition";
        String text = null;
        for (XmlElement c : e.children()) {
            if (Ns.STREAM_ERRORS.equals(c.namespace())) {
                if ("text".equals(c.name())) {
                    text = c.text();
                } else {
                    condition = c.name();
                }
            }
        }
        closeWith(new ConnectionError(ConnectionError.STREAM_ERROR,
                "the server closed the stream: " + condition + (text == null ? "" : " (" + text + ")"), condition));
    }

    private void onServerClose(XmlElement close) {
        if (phase != Phase.CLOSING) {
            String seeOther = close.attr("see-other-uri");
            closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST, "the server closed the session"
                    + (seeOther == null ? "" : " and points to " + seeOther + ", which Parley does not follow yet")),
                    XmlElement.builder("close", Ns.FRAMING).build());
        } else {
            transport.close();
            finish(null);
        }
    }

    private void streamErrorAndClose(String condition, ConnectionError error) {
        if (finished) {
            return;
        }
        closeWith(error, XmlElement.builder("error", Ns.STREAMS)
                .child(XmlElement.builder(condition, Ns.STREAM_ERRORS)).build(),
                XmlElement.builder("close", Ns.FRAMING).build());
    }

    /**
     * Ends the connection because of {@code why}, after sending {@code goodbye} (a stream error, a close). The reason
     * is recorded first: a transport that reports its close at once (BOSH, even on sending {@code <close/>}) must not
     * turn it into "lost".
     */
    private void closeWith(ConnectionError why, XmlElement... goodbye) {
        closingWith = why;
        for (XmlElement frame : goodbye) {
            transport.send(frame.toXml());
        }
        transport.close();
        finish(why);
    }

    private void fail(ConnectionError error) {
        if (finished) {
            return;
        }
        closeWith(error, XmlElement.builder("close", Ns.FRAMING).build());
    }

    private void finish(ConnectionError error) {
        if (finished) {
            return;
        }
        finished = true;
        if (phase == Phase.RESUMING) {
            unansweredResumes++; // the connection ended before the server answered the resumption
        }
        phase = Phase.CLOSED;
        mechanism = null;
        if (error == null || loggedOut || sm == null || !sm.canResume()) {
            pendingIqs.clear(); // no session to resume: their answers will never come
        }
        cancelTimers();
        if (sm != null) {
            sm.connectionLost();
        }
        listener.onDisconnected(error);
    }

    static final String CSI_NS = "urn:xmpp:csi:0";

    /**
     * Client State Indication (XEP-0352): while inactive (the page hidden), the server may hold back what is not
     * urgent (presence updates), which saves battery and bandwidth. Remembered across reconnects.
     */
    public void setActive(boolean isActive) {
        boolean changed = active != isActive;
        active = isActive;
        if (changed && phase == Phase.BOUND && csiOffered && !finished) {
            transport.send(XmlElement.builder(isActive ? "active" : "inactive", CSI_NS).build().toXml());
            if (!isActive) {
                pushPastCsi();
            }
        }
    }

    /**
     * Prosody's mod_csi_simple pauses the connection's writes on {@code <inactive/>}; a stanza it sent just before
     * but that still sat in its write buffer then stays there until something "important" goes out (a message that
     * arrived as the tab was hidden was not shown, nor notified). An ack request makes the server answer with an
     * {@code <a/>}, which mod_csi_simple counts as important and flushes, with whatever waited before it.
     */
    private void pushPastCsi() {
        if (sm != null && sm.isEnabled()) {
            requestAck();
        }
    }

    private void handshakeDone() {
        if (!active && csiOffered) {
            transport.send(XmlElement.builder("inactive", CSI_NS).build().toXml());
        }
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel();
            handshakeTimeout = null;
        }
    }

    private void cancelTimers() {
        for (Scheduler.Task t : new Scheduler.Task[] {ackTask, keepaliveTask, probeTimeout, handshakeTimeout}) {
            if (t != null) {
                t.cancel();
            }
        }
        ackTask = null;
        keepaliveTask = null;
        probeTimeout = null;
        handshakeTimeout = null;
    }

    /** Traffic arrived: the connection is alive; the next probe waits another keepalive interval. */
    private void activity() {
        if (keepaliveTask != null) {
            scheduleKeepalive();
        }
    }

    private void scheduleKeepalive() {
        if (scheduler == null) {
            return;
        }
        if (keepaliveTask != null) {
            keepaliveTask.cancel();
        }
        if (keepaliveMs > 0) {
            keepaliveTask = scheduler.schedule(keepaliveMs, this::probe);
        }
    }

    /**
     * Silence for a keepalive interval: ask for an ack (SM) or ping the server (XEP-0199); no answer in time means
     * the connection is dead even if the socket does not know it yet.
     */
    private void probe() {
        keepaliveTask = null;
        if (phase != Phase.BOUND || finished) {
            return;
        }
        if (sm != null && sm.isEnabled()) {
            transport.send(Sm.request().toXml());
        } else {
            String id = nextId();
            pendingIqs.put(id, new PendingIq(null, result -> answered()));
            transport.send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get").attr("id", id)
                    .child(XmlElement.builder("ping", "urn:xmpp:ping")).build().toXml());
        }
        awaitAnswer();
        scheduleKeepalive();
    }

    /**
     * Something was sent that the server answers (a probe, an ack request): without an answer in time the connection
     * is dead even if the socket does not know it yet (a stalled network), and it is closed so that the session can
     * be resumed on a new one.
     */
    private void awaitAnswer() {
        if (probeTimeout == null && scheduler != null && probeTimeoutMs > 0) {
            probeTimeout = scheduler.schedule(probeTimeoutMs, () -> {
                probeTimeout = null;
                if (phase != Phase.BOUND || finished) {
                    return;
                }
                closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST,
                        "the server stopped answering (no reply in " + probeTimeoutMs / 1000 + " s)"));
            });
        }
    }

    /** The server answered a probe or an ack request: the connection is alive. */
    private void answered() {
        if (probeTimeout != null) {
            probeTimeout.cancel();
            probeTimeout = null;
        }
    }

    /** Asks the server for an ack (XEP-0198), which must come in time or the connection counts as dead. */
    private void requestAck() {
        transport.send(Sm.request().toXml());
        awaitAnswer();
    }

    private void requestAckSoon() {
        if (sm == null || !sm.isEnabled() || sm.unackedCount() == 0) {
            return;
        }
        if (sm.unackedCount() >= ACK_BATCH && sm.unackedCount() % ACK_BATCH == 0) {
            requestAck();
            return;
        }
        if (ackTask == null && scheduler != null) {
            ackTask = scheduler.schedule(ACK_DELAY_MS, () -> {
                ackTask = null;
                if (phase == Phase.BOUND && !finished && sm.isEnabled() && sm.unackedCount() > 0) {
                    requestAck();
                }
            });
        }
    }

    /** Ends the session cleanly: {@code <close/>}, then waits for the server's {@code <close/>}. */
    public void disconnect() {
        loggedOut = true;
        if (sm != null) {
            sm.reset();
        }
        if (finished) {
            return;
        }
        if (phase == Phase.IDLE) {
            finish(null);
            return;
        }
        phase = Phase.CLOSING;
        cancelTimers();
        transport.send(XmlElement.builder("close", Ns.FRAMING).build().toXml());
    }

    /** Drops the connection without a goodbye (the network went away); the SM state stays resumable. */
    public void abort(String why) {
        if (finished) {
            return;
        }
        closeWith(new ConnectionError(ConnectionError.CONNECTION_LOST, why));
    }

    /** Sends a stanza on the bound session. */
    public void send(XmlElement stanza) {
        if (phase != Phase.BOUND) {
            throw new IllegalStateException("not connected");
        }
        transport.send(stanza.toXml());
        if (sm != null && sm.isEnabled()) {
            sm.sent(stanza);
            requestAckSoon();
        }
    }

    /** Sends an IQ get/set (its id is set here) and calls back with the result or error IQ. */
    public void sendIq(XmlElement.Builder iq, String to, Consumer<XmlElement> callback) {
        String id = nextId();
        iq.attr("id", id).attr("to", to);
        PendingIq pending = new PendingIq(to, callback);
        pendingIqs.put(id, pending);
        if (scheduler != null) {
            timeIqOut(id, pending);
        }
        send(iq.build());
    }

    /**
     * A server that never answers must not leave a feature waiting for ever (a start-up, a catch-up that holds live
     * messages back): after a while the request fails as a timeout (RFC 6120 8.3.3.16). Only while the session is
     * bound: during a reconnect the answer may still come with the resumed session, and the callback must not run
     * against a connection that is down.
     */
    private void timeIqOut(String id, PendingIq pending) {
        scheduler.schedule(IQ_TIMEOUT_MS, () -> {
            if (pendingIqs.get(id) != pending) {
                return;
            }
            if (phase != Phase.BOUND) {
                timeIqOut(id, pending);
                return;
            }
            pendingIqs.remove(id);
            pending.callback.accept(XmlElement.builder("iq", Ns.CLIENT).attr("type", "error").attr("id", id)
                    .attr("from", pending.to).child(XmlElement.builder("error", Ns.CLIENT).attr("type", "wait")
                            .child(XmlElement.builder("remote-server-timeout", Ns.STANZA_ERRORS))).build());
        });
    }

    /** How long an IQ request may wait for its answer before it fails as remote-server-timeout. */
    public static final long IQ_TIMEOUT_MS = 60_000;


    /** Answers an IQ request with an error (RFC 6120 8.3). */
    public void sendIqError(XmlElement request, String errorType, String condition) {
        send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "error").attr("id", request.attr("id"))
                .attr("to", request.attr("from"))
                .child(XmlElement.builder("error", Ns.CLIENT).attr("type", errorType)
                        .child(XmlElement.builder(condition, Ns.STANZA_ERRORS)))
                .build());
    }

    /** A fresh stanza id: unpredictable, so that ids cannot be guessed by other entities. */
    public String nextId() {
        return "p" + (++idCounter) + "-" + randomId();
    }

    private String randomId() {
        byte[] b = crypto.randomBytes(6);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }

    /** A stream management {@code <failed/>}: its condition and text, for the log. */
    private static String describeFailure(XmlElement failed) {
        StringBuilder why = new StringBuilder();
        for (XmlElement c : failed.children()) {
            if (why.length() > 0) {
                why.append(' ');
            }
            why.append("text".equals(c.name()) ? "\"" + c.text() + "\"" : c.name());
        }
        return why.length() == 0 ? "no reason given" : why.toString();
    }

}
