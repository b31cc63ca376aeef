package im.parley.stream;

import im.parley.util.Jid;

/** What the connection tells the client about its life cycle. */
public interface ConnectionListener {
    /** A human-readable phase: "connecting", "authenticating", "resuming", "binding". */
    void onProgress(String phase);

    /** A new session is bound and stanzas may flow. */
    void onConnected(Jid boundJid);

    /** The previous session was resumed (XEP-0198): nothing was lost, nothing needs to be fetched again. */
    default void onResumed(Jid boundJid) {
    }

    /**
     * The previous session could not be resumed; {@code unacked} are the stanzas the server may never have
     * received. A new session is being bound ({@link #onConnected} follows).
     */
    default void onResumeFailed(java.util.List<im.parley.xml.XmlElement> unacked) {
    }

    /**
     * Stanzas may have been lost on the way in on the bound session (see {@link Transport.Listener#onMaybeLost}):
     * what came since {@code sinceMillis} (0: unknown, recently) should be read again from the archive.
     */
    default void onMaybeLost(long sinceMillis) {
    }

    /** Something worth a line in the client's log (why a session could not be resumed, for one). */
    default void onLog(String line) {
    }

    /**
     * The connection ended. {@code error} is null after a clean logout; otherwise it is one of the
     * {@link ConnectionError} codes with a detail for people.
     */
    void onDisconnected(ConnectionError error);
}
