package im.parley.sasl2;

import im.parley.util.Base64;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** The elements of XEP-0388 SASL2 ({@code urn:xmpp:sasl:2}): reading the offer and the outcome, building requests. */
public final class Sasl2 {
    public static final String NS = "urn:xmpp:sasl:2";

    private Sasl2() {
    }

    /** The {@code <authentication/>} offer in stream features, or null when the server has no SASL2. */
    public static XmlElement offer(XmlElement features) {
        return features.child("authentication", NS);
    }

    /** The mechanism names a SASL2 offer lists. */
    public static List<String> mechanisms(XmlElement offer) {
        List<String> names = new ArrayList<>();
        for (XmlElement m : offer.children("mechanism", NS)) {
            String name = m.text().trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** What the server can do inline with the authentication (XEP-0388 {@code <inline/>}), or null. */
    public static XmlElement inline(XmlElement offer) {
        return offer.child("inline", NS);
    }

    /**
     * {@code <authenticate/>} with the mechanism, its initial response (null: none; empty: "="), the client's
     * user agent (a UUID the server may use to recognise this client, and the software's name), and inline
     * requests (Bind 2) that take effect once authenticated.
     */
    public static XmlElement authenticate(String mechanism, byte[] initial, String userAgentId, String software,
            List<XmlElement> inline) {
        XmlElement.Builder a = XmlElement.builder("authenticate", NS).attr("mechanism", mechanism);
        if (initial != null) {
            a.textChild("initial-response", initial.length == 0 ? "=" : Base64.encode(initial));
        }
        a.child(XmlElement.builder("user-agent", NS).attr("id", userAgentId).textChild("software", software));
        for (XmlElement e : inline) {
            a.child(e);
        }
        return a.build();
    }

    public static XmlElement response(byte[] data) {
        return XmlElement.builder("response", NS).text(data.length == 0 ? null : Base64.encode(data)).build();
    }

    public static XmlElement abort() {
        return XmlElement.builder("abort", NS).build();
    }

    /** The base64 payload of a {@code <challenge/>}, or of a {@code <success/>}'s {@code <additional-data/>}. */
    public static String data(XmlElement e) {
        if ("success".equals(e.name())) {
            String d = e.childText("additional-data", NS);
            return d == null ? null : d.trim();
        }
        return e.text().trim();
    }

    /** The JID the server says the client is now (bare, or full if a resource was bound inline), or null. */
    public static Jid authorizationIdentifier(XmlElement success) {
        String id = success.childText("authorization-identifier", NS);
        return id == null ? null : Jid.parseOrNull(id.trim());
    }

    /** A {@code <failure/>}'s condition (an RFC 6120 SASL condition name), "undefined" if none is given. */
    public static String condition(XmlElement failure) {
        for (XmlElement c : failure.children()) {
            if (!"text".equals(c.name())) {
                return c.name();
            }
        }
        return "undefined";
    }

    /** A {@code <failure/>}'s human-readable text, or null. */
    public static String text(XmlElement failure) {
        return failure.childText("text", NS);
    }
}
