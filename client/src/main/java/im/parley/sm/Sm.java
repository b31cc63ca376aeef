package im.parley.sm;

import im.parley.xml.XmlElement;

/** The elements of XEP-0198 Stream Management ({@code urn:xmpp:sm:3}): builders and readers. */
public final class Sm {
    public static final String NS = "urn:xmpp:sm:3";

    private Sm() {
    }

    public static XmlElement enable() {
        return XmlElement.builder("enable", NS).attr("resume", "true").build();
    }

    public static XmlElement resume(String previd, long h) {
        return XmlElement.builder("resume", NS).attr("previd", previd).attr("h", Long.toString(h)).build();
    }

    public static XmlElement request() {
        return XmlElement.builder("r", NS).build();
    }

    public static XmlElement answer(long h) {
        return XmlElement.builder("a", NS).attr("h", Long.toString(h)).build();
    }

    /** Reads the 'h' attribute (an unsigned 32-bit counter); -1 when absent or invalid. */
    public static long h(XmlElement e) {
        String v = e.attr("h");
        if (v == null || v.isEmpty() || v.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > 0xFFFFFFFFL ? -1 : n;
    }

    /** Whether the 'resume' attribute of {@code <enabled/>} is true. */
    public static boolean resumable(XmlElement enabled) {
        String r = enabled.attr("resume");
        return "true".equals(r) || "1".equals(r);
    }
}
