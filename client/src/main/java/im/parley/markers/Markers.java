package im.parley.markers;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/** XEP-0333 elements: {@code <markable/>} on a message, and {@code <received|displayed|acknowledged id='...'/>}. */
public final class Markers {
    public static final String NS = "urn:xmpp:chat-markers:0";
    static final String[] TYPES = {"received", "displayed", "acknowledged"};

    private Markers() {
    }

    public static XmlElement.Builder markable() {
        return XmlElement.builder("markable", NS);
    }

    public static boolean isMarkable(XmlElement message) {
        return message.child("markable", NS) != null;
    }

    /** The marker a message carries, as {type, id}, or null. */
    public static String[] marker(XmlElement message) {
        for (String type : TYPES) {
            XmlElement m = message.child(type, NS);
            if (m != null && m.attr("id") != null && !m.attr("id").isEmpty()) {
                return new String[] {type, m.attr("id")};
            }
        }
        return null;
    }

    /** A displayed marker for message {@code id}, with a store hint so that the archive keeps it (XEP-0333 4.4). */
    public static XmlElement displayedMessage(String to, String id) {
        return XmlElement.builder("message", Ns.CLIENT).attr("to", to).attr("type", "chat")
                .child(XmlElement.builder("displayed", NS).attr("id", id))
                .child(XmlElement.builder("store", "urn:xmpp:hints")).build();
    }
}
