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
        return query(queryId, start, after, null, max);
    }

    /**
     * A query of the own archive from {@code start} (XEP-0082), one page of {@code max}: the oldest after the archive
     * id {@code after}, or, with {@code before} not null, the newest before the archive id {@code before} ("": the
     * newest of all, XEP-0059 2.5).
     */
    public static XmlElement.Builder query(String queryId, String start, String after, String before, int max) {
        XmlElement.Builder form = XmlElement.builder("x", DATA).attr("type", "submit")
                .child(XmlElement.builder("field", DATA).attr("var", "FORM_TYPE").attr("type", "hidden")
                        .child(XmlElement.builder("value", DATA).text(NS)));
        if (start != null) { // null: from the archive id 'after' on
            form.child(XmlElement.builder("field", DATA).attr("var", "start")
                    .child(XmlElement.builder("value", DATA).text(start)));
        }
        XmlElement.Builder set = XmlElement.builder("set", RSM).textChild("max", Integer.toString(max));
        if (after != null) {
            set.child(XmlElement.builder("after", RSM).text(after));
        }
        if (before != null) {
            set.child(XmlElement.builder("before", RSM).text(before));
        }
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set")
                .child(XmlElement.builder("query", NS).attr("queryid", queryId).child(form).child(set));
    }

    /**
     * A query of the own archive for the conversation with {@code with}: the page of {@code max} messages before the
     * archive id {@code before} (RSM, XEP-0059 2.5), or with {@code before} null the latest page up to {@code end}
     * (XEP-0082; null: up to now).
     */
    public static XmlElement.Builder history(String queryId, String with, String end, String before, int max) {
        XmlElement.Builder form = XmlElement.builder("x", DATA).attr("type", "submit")
                .child(XmlElement.builder("field", DATA).attr("var", "FORM_TYPE").attr("type", "hidden")
                        .child(XmlElement.builder("value", DATA).text(NS)))
                .child(XmlElement.builder("field", DATA).attr("var", "with")
                        .child(XmlElement.builder("value", DATA).text(with)));
        if (end != null) {
            form.child(XmlElement.builder("field", DATA).attr("var", "end")
                    .child(XmlElement.builder("value", DATA).text(end)));
        }
        XmlElement.Builder set = XmlElement.builder("set", RSM).textChild("max", Integer.toString(max))
                .child(XmlElement.builder("before", RSM).text(before == null ? "" : before));
        return XmlElement.builder("iq", Ns.CLIENT).attr("type", "set")
                .child(XmlElement.builder("query", NS).attr("queryid", queryId).child(form).child(set));
    }

    /** The archived message inside a result, or null. */
    public static XmlElement forwardedMessage(XmlElement result) {
        XmlElement fwd = result.child("forwarded", FORWARD);
        return fwd == null ? null : fwd.child("message", Ns.CLIENT);
    }
}
