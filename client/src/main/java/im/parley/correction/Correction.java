package im.parley.correction;

import im.parley.xml.XmlElement;

/**
 * XEP-0308: {@code <replace id='original id' xmlns='urn:xmpp:message-correct:0'/>} in a message whose body replaces
 * the original's. Only the original's author may correct it; the client checks that before applying one.
 */
public final class Correction {
    public static final String NS = "urn:xmpp:message-correct:0";

    private Correction() {
    }

    /** The id of the message this one corrects, or null if it is not a correction. */
    public static String target(XmlElement message) {
        XmlElement replace = message.child("replace", NS);
        String id = replace == null ? null : replace.attr("id");
        return id == null || id.isEmpty() ? null : id;
    }

    public static XmlElement.Builder element(String originalId) {
        return XmlElement.builder("replace", NS).attr("id", originalId);
    }
}
