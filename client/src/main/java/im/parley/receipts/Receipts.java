package im.parley.receipts;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/** The elements of XEP-0184 Message Delivery Receipts (urn:xmpp:receipts). */
public final class Receipts {
    public static final String NS = "urn:xmpp:receipts";

    private Receipts() {
    }

    public static XmlElement request() {
        return XmlElement.builder("request", NS).build();
    }

    /** The receipt for message {@code id}, to be sent to {@code to}. */
    public static XmlElement received(String to, String id) {
        return XmlElement.builder("message", Ns.CLIENT).attr("to", to).attr("id", "r-" + id)
                .child(XmlElement.builder("received", NS).attr("id", id))
                .child(XmlElement.builder("store", "urn:xmpp:hints")).build();
    }
}
