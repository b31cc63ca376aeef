package im.parley.chatstates;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/** The elements of XEP-0085 Chat State Notifications. */
public final class ChatStates {
    public static final String NS = "http://jabber.org/protocol/chatstates";
    private static final String[] STATES = {"active", "composing", "paused", "inactive", "gone"};

    private ChatStates() {
    }

    /** The chat state a message carries, or null. */
    public static String of(XmlElement message) {
        for (String s : STATES) {
            if (message.child(s, NS) != null) {
                return s;
            }
        }
        return null;
    }

    public static boolean isState(String s) {
        for (String x : STATES) {
            if (x.equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** A standalone notification (no body), marked not to be stored by the server (XEP-0334). */
    public static XmlElement notification(String to, String state) {
        return XmlElement.builder("message", Ns.CLIENT).attr("type", "chat").attr("to", to)
                .child(XmlElement.builder(state, NS))
                .child(XmlElement.builder("no-store", "urn:xmpp:hints")).build();
    }
}
