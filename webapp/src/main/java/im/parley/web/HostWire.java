package im.parley.web;

/**
 * The messages between the host page's facade and the Parley frame, over the MessageChannel opened by the
 * handshake. Host -> frame: {@code init} (the settings, once) and {@code open} (open a chat). Frame -> host:
 * {@code event} (public events only: connection state, unread count), {@code layout} (minimised or not) and
 * {@code error}. JSON strings with
 * {@code "v"} = {@link #VERSION}.
 */
public final class HostWire {
    public static final int VERSION = 1;
    /** The handshake message the facade posts to the frame window, with the channel's port attached. */
    public static final String HANDSHAKE = "parley-connect";
    public static final String INIT = "init";
    public static final String OPEN = "open";
    public static final String EVENT = "event";
    public static final String ERROR = "error";
    /** Frame -> host: the overlayed box was minimised ({@code collapsed: true}) or opened; the host resizes the iframe. */
    public static final String LAYOUT = "layout";
    /** Public events a host may listen to. */
    public static final String EV_STATE = "state";
    public static final String EV_UNREAD = "unread";

    private HostWire() {
    }
}
