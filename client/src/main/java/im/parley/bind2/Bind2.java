package im.parley.bind2;

import im.parley.xml.XmlElement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The elements of XEP-0386 Bind 2 ({@code urn:xmpp:bind:0}), carried inline in SASL2. */
public final class Bind2 {
    public static final String NS = "urn:xmpp:bind:0";

    private Bind2() {
    }

    /** The server's Bind 2 offer inside a SASL2 {@code <inline/>}, or null. */
    public static XmlElement offer(XmlElement sasl2Inline) {
        return sasl2Inline == null ? null : sasl2Inline.child("bind", NS);
    }

    /** The feature namespaces the server can enable inline with the bind ({@code <feature var/>}). */
    public static Set<String> inlineFeatures(XmlElement bindOffer) {
        Set<String> vars = new HashSet<>();
        XmlElement inline = bindOffer.child("inline", NS);
        if (inline != null) {
            for (XmlElement f : inline.children("feature", NS)) {
                if (f.attr("var") != null) {
                    vars.add(f.attr("var"));
                }
            }
        }
        return vars;
    }

    /**
     * A bind request: the client's tag (the server makes the resource from it and the user agent's id), and the
     * inline enable requests (e.g. carbons' {@code <enable/>}).
     */
    public static XmlElement request(String tag, List<XmlElement> enable) {
        XmlElement.Builder b = XmlElement.builder("bind", NS).textChild("tag", tag);
        for (XmlElement e : enable) {
            b.child(e);
        }
        return b.build();
    }

    /** The outcome in a SASL2 {@code <success/>}: {@code <bound/>}, or null when the bind failed or was not asked. */
    public static XmlElement bound(XmlElement success) {
        return success.child("bound", NS);
    }

    /** Whether the server reported the bind as failed (the client then binds the usual way). */
    public static boolean failed(XmlElement success) {
        return success.child("failed", NS) != null;
    }

    /** Whether the {@code <bound/>} answer says a feature of namespace {@code ns} was enabled. */
    public static boolean enabled(XmlElement bound, String ns) {
        if (bound == null) {
            return false;
        }
        for (XmlElement c : bound.children()) {
            if (ns.equals(c.namespace()) && "enabled".equals(c.name())) {
                return true;
            }
        }
        return false;
    }
}
