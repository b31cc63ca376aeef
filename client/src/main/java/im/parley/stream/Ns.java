package im.parley.stream;

/** Namespace URIs of the core protocol (RFC 6120/6121/7395). */
public final class Ns {
    public static final String CLIENT = "jabber:client";
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private Ns() {
    }
}
