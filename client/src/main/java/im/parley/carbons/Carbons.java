package im.parley.carbons;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/** The elements of XEP-0280 Message Carbons (urn:xmpp:carbons:2). */
public final class Carbons {
    public static final String NS = "urn:xmpp:carbons:2";
    public static final String FORWARD = "urn:xmpp:forward:0";

    private Carbons() {
    }

    public static XmlElement.Builder enable() {
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").child(XmlElement.builder("enable", NS));
    }

    /** The carbon wrapper of a message ({@code <sent/>} or {@code <received/>}), or null. */
    public static XmlElement wrapper(XmlElement message) {
        XmlElement sent = message.child("sent", NS);
        return sent != null ? sent : message.child("received", NS);
    }

    /** The copied message inside a wrapper, or null. */
    public static XmlElement copied(XmlElement wrapper) {
        XmlElement fwd = wrapper.child("forwarded", FORWARD);
        return fwd == null ? null : fwd.child("message", Ns.CLIENT);
    }
}
