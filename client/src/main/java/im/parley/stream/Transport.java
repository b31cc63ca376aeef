package im.parley.stream;

/**
 * A connection that carries complete XML frames (RFC 7395 over WebSocket). Implemented once for the browser
 * (a JSO binding) and once for the JVM (java.net.http). Every callback is delivered on the client's single
 * event thread, never concurrently.
 */
public interface Transport {
    interface Listener {
        void onOpen();

        void onFrame(String frame);

        /** The connection ended; {@code error} is null for a clean close. */
        void onClosed(String error);

        /**
         * The server could not be reached at all, after {@link #onOpen} was already reported (BOSH reports the open
         * at once and learns with its first request whether the service answers).
         */
        default void onFailedToConnect(String error) {
            onClosed(error);
        }

        /**
         * Frames may have been lost on the way in although the connection lives on (BOSH: a request was lost and sent
         * again, and the server may have answered it on the dead connection without keeping the answer, as Prosody
         * 0.12 can). Reported before any frame that came after the loss. {@code sinceMillis}: when the loss was
         * first noticed, on the clock the transport was given (0 if it has none).
         */
        default void onMaybeLost(long sinceMillis) {
        }
    }

    void open(String url, Listener listener);

    /** Converse's connection_options, for the connections this transport opens (BOSH uses them; WebSocket cannot). */
    default void configure(im.parley.bosh.ConnectionOptions options) {
    }

    void send(String frame);

    void close();

    /** Whether credentials sent in the clear over this transport are acceptable (TLS, or loopback). */
    boolean isSecure(String url);

    /**
     * Whether SASL2 (XEP-0388) may be used over this transport where the server offers it. Every transport but
     * BOSH: Prosody's mod_sasl2 as Debian ships it (prosody-modules of 2023-02) fails on BOSH sessions and never
     * answers, so over BOSH the client logs in the RFC 6120 way, which every server has.
     */
    default boolean allowsSasl2(String url) {
        return true;
    }
}
