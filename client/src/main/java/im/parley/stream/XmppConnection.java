package im.parley.stream;

import im.parley.crypto.Crypto;
import im.parley.sasl.Mechanisms;
import im.parley.sasl.SaslException;
import im.parley.sasl.SaslMechanism;
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
    private enum Phase { IDLE, OPENING, AUTHENTICATING, RESTARTING, BINDING, BOUND, CLOSING, CLOSED }

    private final Transport transport;
    private final Crypto crypto;
    private final ConnectionListener listener;
    private final List<StanzaHandler> handlers = new ArrayList<>();
    private final Map<String, PendingIq> pendingIqs = new HashMap<>();
    private final XmlTreeBuilder reader;

    private Phase phase = Phase.IDLE;
    private String url;
    private Jid jid;
    private String password;
    private SaslMechanism mechanism;
    private Jid boundJid;
    private int idCounter;
    private boolean finished;

    private static final class PendingIq {
        final String to;
        final Consumer<XmlElement> callback;

        PendingIq(String to, Consumer<XmlElement> callback) {
            this.to = to;
            this.callback = callback;
        }
    }

    public XmppConnection(Transport transport, Crypto crypto, ConnectionListener listener) {
        this(transport, crypto, listener, XmlLimits.DEFAULT);
    }

    public XmppConnection(Transport transport, Crypto crypto, ConnectionListener listener, XmlLimits limits) {
        this.transport = transport;
        this.crypto = crypto;
        this.listener = listener;
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

    /** Registers a feature's handler; handlers are asked in registration order. */
    public void addHandler(StanzaHandler handler) {
        handlers.add(handler);
    }

    public Jid boundJid() {
        return boundJid;
    }

    public boolean isBound() {
        return phase == Phase.BOUND;
    }

    /** Starts connecting. The password is dropped as soon as SASL has used it. */
    public void connect(String websocketUrl, Jid account, String accountPassword) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("connect() called twice");
        }
        this.url = websocketUrl;
        this.jid = account;
        this.password = accountPassword;
        phase = Phase.OPENING;
        listener.onProgress("connecting");
        transport.open(websocketUrl, new Transport.Listener() {
            private boolean opened;

            @Override
            public void onOpen() {
                opened = true;
                sendOpen();
            }

            @Override
            public void onFrame(String frame) {
                if (finished) {
                    return;
                }
                try {
                    reader.feed(frame);
                } catch (XmlException e) {
                    streamErrorAndClose(e.kind().condition(), new ConnectionError(ConnectionError.BAD_XML,
                            "the server sent XML that Parley refuses (" + e.getMessage() + ")"));
                }
            }

            @Override
            public void onClosed(String error) {
                if (!opened) {
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
            XmlElement mechs = features.child("mechanisms", Ns.SASL);
            List<String> offered = new ArrayList<>();
            if (mechs != null) {
                for (XmlElement m : mechs.children("mechanism", Ns.SASL)) {
                    offered.add(m.text().trim());
                }
            }
            mechanism = Mechanisms.choose(offered, transport.isSecure(url), crypto, jid.local(), password);
            password = null;
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
            transport.send(XmlElement.builder("auth", Ns.SASL).attr("mechanism", mechanism.name())
                    .text(initial == null ? null : (initial.length == 0 ? "=" : Base64.encode(initial))).build()
                    .toXml());
        } else if (phase == Phase.RESTARTING) {
            if (features.child("bind", Ns.BIND) == null) {
                fail(new ConnectionError(ConnectionError.PROTOCOL, "the server offers no resource binding"));
                return;
            }
            phase = Phase.BINDING;
            listener.onProgress("binding");
            XmlElement bind = XmlElement.builder("bind", Ns.BIND).textChild("resource", "parley-" + randomId())
                    .build();
            transport.send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").attr("id", "bind-1")
                    .child(bind).build().toXml());
        }
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
                case "failure": {
                    String condition = e.children().isEmpty() ? "undefined" : e.children().get(0).name();
                    String text = e.childText("text", Ns.SASL);
                    String code = "not-authorized".equals(condition) ? ConnectionError.WRONG_PASSWORD
                            : ConnectionError.AUTH_FAILED;
                    String detail = "not-authorized".equals(condition) ? "wrong password (or unknown account)"
                            : "login refused: " + condition;
                    if (text != null && !text.isEmpty()) {
                        detail += " — the server says: " + text;
                    }
                    fail(new ConnectionError(code, detail));
                    break;
                }
                default:
                    break;
            }
        } catch (SaslException ex) {
            transport.send(XmlElement.builder("abort", Ns.SASL).build().toXml());
            fail(new ConnectionError(ConnectionError.AUTH_FAILED, ex.getMessage()));
        }
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
        Jid bound = bind == null ? null : Jid.parseOrNull(bind.childText("jid", Ns.BIND));
        if (bound == null || bound.isBare() || !bound.bare().equals(jid.bare())) {
            fail(new ConnectionError(ConnectionError.PROTOCOL, "the server bound an invalid JID"));
            return;
        }
        boundJid = bound;
        phase = Phase.BOUND;
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
        finished = true;
        phase = Phase.CLOSED;
        transport.close();
        listener.onDisconnected(new ConnectionError(ConnectionError.STREAM_ERROR,
                "the server closed the stream: " + condition + (text == null ? "" : " (" + text + ")")));
    }

    private void onServerClose(XmlElement close) {
        if (phase != Phase.CLOSING) {
            transport.send(XmlElement.builder("close", Ns.FRAMING).build().toXml());
            transport.close();
            String seeOther = close.attr("see-other-uri");
            finish(new ConnectionError(ConnectionError.CONNECTION_LOST, "the server closed the session"
                    + (seeOther == null ? "" : " and points to " + seeOther + ", which Parley does not follow yet")));
        } else {
            transport.close();
            finish(null);
        }
    }

    private void streamErrorAndClose(String condition, ConnectionError error) {
        if (finished) {
            return;
        }
        transport.send(XmlElement.builder("error", Ns.STREAMS)
                .child(XmlElement.builder(condition, Ns.STREAM_ERRORS)).build().toXml());
        transport.send(XmlElement.builder("close", Ns.FRAMING).build().toXml());
        transport.close();
        finish(error);
    }

    private void fail(ConnectionError error) {
        if (finished) {
            return;
        }
        transport.send(XmlElement.builder("close", Ns.FRAMING).build().toXml());
        transport.close();
        finish(error);
    }

    private void finish(ConnectionError error) {
        if (finished) {
            return;
        }
        finished = true;
        phase = Phase.CLOSED;
        password = null;
        mechanism = null;
        pendingIqs.clear();
        listener.onDisconnected(error);
    }

    /** Ends the session cleanly: {@code <close/>}, then waits for the server's {@code <close/>}. */
    public void disconnect() {
        if (finished) {
            return;
        }
        if (phase == Phase.IDLE) {
            finish(null);
            return;
        }
        phase = Phase.CLOSING;
        transport.send(XmlElement.builder("close", Ns.FRAMING).build().toXml());
    }

    /** Sends a stanza on the bound session. */
    public void send(XmlElement stanza) {
        if (phase != Phase.BOUND) {
            throw new IllegalStateException("not connected");
        }
        transport.send(stanza.toXml());
    }

    /** Sends an IQ get/set (its id is set here) and calls back with the result or error IQ. */
    public void sendIq(XmlElement.Builder iq, String to, Consumer<XmlElement> callback) {
        String id = nextId();
        iq.attr("id", id).attr("to", to);
        pendingIqs.put(id, new PendingIq(to, callback));
        send(iq.build());
    }

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
}
