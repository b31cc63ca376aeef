package im.parley.stream;

import im.parley.xml.XmlElement;

/** The error of an IQ result (RFC 6120 8.3), in words for the user. */
public final class StanzaErrors {
    private StanzaErrors() {
    }

    /** Null for a result; else "the server refused: CONDITION" (the defined condition, or "no reason given"). */
    public static String refusal(XmlElement iqResult) {
        if ("result".equals(iqResult.attr("type"))) {
            return null;
        }
        XmlElement error = iqResult.child("error", Ns.CLIENT);
        String condition = null;
        if (error != null) {
            for (XmlElement c : error.children()) {
                if (Ns.STANZA_ERRORS.equals(c.namespace()) && !"text".equals(c.name())) {
                    condition = c.name();
                }
            }
        }
        return "the server refused: " + (condition == null ? "no reason given" : condition);
    }
}
