package im.parley.retraction;

import im.parley.xml.XmlElement;

/**
 * XEP-0424 (version 1): {@code <retract id='original id' xmlns='urn:xmpp:message-retract:1'/>}, with a fallback body
 * for clients that do not know it (XEP-0428) and a store hint (XEP-0334) so that archives keep it. Only the
 * original's author may retract it; the client checks that before applying one.
 */
public final class Retraction {
    public static final String NS = "urn:xmpp:message-retract:1";
    public static final String FALLBACK_NS = "urn:xmpp:fallback:0";
    public static final String HINTS_NS = "urn:xmpp:hints";
    public static final String FALLBACK_BODY = "This person attempted to retract a previous message, but it's "
            + "unsupported by your client.";

    private Retraction() {
    }

    /** The id of the message this one retracts, or null if it is not a retraction. */
    public static String target(XmlElement message) {
        XmlElement retract = message.child("retract", NS);
        String id = retract == null ? null : retract.attr("id");
        return id == null || id.isEmpty() ? null : id;
    }

    /** The payload of a retraction message: the retract element, the fallback marker and the store hint. */
    public static XmlElement.Builder[] elements(String originalId) {
        return new XmlElement.Builder[] {
            XmlElement.builder("retract", NS).attr("id", originalId),
            XmlElement.builder("fallback", FALLBACK_NS).attr("for", NS),
            XmlElement.builder("store", HINTS_NS),
        };
    }
}
