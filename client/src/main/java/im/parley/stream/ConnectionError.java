package im.parley.stream;

/** Why a connection ended, as a stable code (for the UI and tests) plus a detail for people. */
public final class ConnectionError {
    /** The server rejected the credentials (SASL not-authorized). */
    public static final String WRONG_PASSWORD = "wrong-password";
    /** SASL failed for another reason, or no acceptable mechanism was offered. */
    public static final String AUTH_FAILED = "auth-failed";
    /** The server stopped offering a mechanism it offered before: refused as a possible downgrade attack. */
    public static final String DOWNGRADE = "downgrade";
    /** The transport could not be opened. */
    public static final String UNREACHABLE = "unreachable";
    /** The server sent XML we refuse; we closed the stream with the matching stream error. */
    public static final String BAD_XML = "bad-xml";
    /** The server closed the stream with a stream error. */
    public static final String STREAM_ERROR = "stream-error";
    /** The server broke the protocol in another way. */
    public static final String PROTOCOL = "protocol";
    /** The connection dropped after it was up. */
    public static final String CONNECTION_LOST = "connection-lost";

    private final String code;
    private final String detail;
    private final String condition;

    public ConnectionError(String code, String detail) {
        this(code, detail, null);
    }

    /** @param condition the stream error condition (RFC 6120 4.9.3) for {@link #STREAM_ERROR}, else null */
    public ConnectionError(String code, String detail, String condition) {
        this.code = code;
        this.detail = detail;
        this.condition = condition;
    }

    public String condition() {
        return condition;
    }

    /**
     * Whether connecting again can help: not after refused credentials, and not after the server replaced or
     * refused the session (reconnecting would only fight the other session). A policy violation is retried, with
     * the growing backoff: Prosody also reports a stanza it could not parse whole after a cut connection that way
     * (seen in SessionRecoveryTest), and Parley's own stanzas are bounded.
     */
    public boolean retryable() {
        if (WRONG_PASSWORD.equals(code) || AUTH_FAILED.equals(code) || DOWNGRADE.equals(code)) {
            return false;
        }
        if (STREAM_ERROR.equals(code)) {
            return !("conflict".equals(condition) || "not-authorized".equals(condition)
                    || "host-unknown".equals(condition));
        }
        return true;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return code + ": " + detail;
    }
}
