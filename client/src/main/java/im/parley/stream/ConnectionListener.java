package im.parley.stream;

import im.parley.util.Jid;

/** What the connection tells the client about its life cycle. */
public interface ConnectionListener {
    /** A human-readable phase: "connecting", "authenticating", "binding". */
    void onProgress(String phase);

    /** The session is bound and stanzas may flow. */
    void onConnected(Jid boundJid);

    /**
     * The connection ended. {@code error} is null after a clean logout; otherwise it is one of the
     * {@link ConnectionError} codes with a detail for people.
     */
    void onDisconnected(ConnectionError error);
}
