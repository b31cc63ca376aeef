package im.parley.idle;

import im.parley.util.Timestamps;
import im.parley.xml.XmlElement;

/**
 * The {@code <idle since='...'/>} element of XEP-0319: when the user last interacted with the client. It goes in
 * available presence; a contact's is read from theirs.
 */
public final class Idle {
    public static final String NS = "urn:xmpp:idle:1";
    /** A contact's clock may run ahead of ours by this much; a "since" further in the future is not believed. */
    static final long FUTURE_SLACK_MS = 5 * 60_000;

    private Idle() {
    }

    /** The element for presence, idle since {@code sinceMillis} (epoch ms). */
    public static XmlElement.Builder element(long sinceMillis) {
        return XmlElement.builder("idle", NS).attr("since", Timestamps.format(sinceMillis));
    }

    /**
     * Since when the sender of this presence has been idle (epoch ms), or 0 if it carries no valid idle element.
     * A time in the future (beyond a little clock skew) is no information and gives 0; one slightly ahead is
     * taken as "now".
     */
    public static long since(XmlElement presence, long now) {
        XmlElement idle = presence.child("idle", NS);
        if (idle == null) {
            return 0;
        }
        long since = Timestamps.parse(idle.attr("since"), Long.MIN_VALUE);
        if (since == Long.MIN_VALUE || since <= 0 || since > now + FUTURE_SLACK_MS) {
            return 0;
        }
        return Math.min(since, now);
    }
}
