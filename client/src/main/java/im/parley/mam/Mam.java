package im.parley.mam;

import im.parley.stream.Ns;
import im.parley.xml.XmlElement;

/** The elements of XEP-0313 Message Archive Management (urn:xmpp:mam:2) with RSM paging (XEP-0059). */
public final class Mam {
    public static final String NS = "urn:xmpp:mam:2";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String RSM = "http://jabber.org/protocol/rsm";
    public static final String DATA = "jabber:x:data";

    private Mam() {
    }

    /** A query of the own archive from {@code start} (XEP-0082), one page of {@code max} after {@code after}. */
    public static XmlElement.Builder query(String queryId, String start, String after, int max) {
        XmlElement.Builder form = XmlElement.builder("x", DATA).attr("type", "submit")
                .child(XmlElement.builder("field", DATA).attr("var", "FORM_TYPE").attr("type", "hidden")
                        .child(XmlElement.builder("value", DATA).text(NS)))
                .child(XmlElement.builder("field", DATA).attr("var", "start")
                        .child(XmlElement.builder("value", DATA).text(start)));
        XmlElement.Builder set = XmlElement.builder("set", RSM).textChild("max", Integer.toString(max));
        if (after != null) {
            set.child(XmlElement.builder("after", RSM).text(after));
        }
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set")
                .child(XmlElement.builder("query", NS).attr("queryid", queryId).child(form).child(set));
    }

    /** The archived message inside a result, or null. */
    public static XmlElement forwardedMessage(XmlElement result) {
        XmlElement fwd = result.child("forwarded", FORWARD);
        return fwd == null ? null : fwd.child("message", Ns.CLIENT);
    }
}
