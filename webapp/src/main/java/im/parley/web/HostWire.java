package im.parley.web;

/**
 * The messages between the host page's facade and the Parley frame, over the MessageChannel opened by the
 * handshake. Host -> frame: {@code init} (the settings, once), {@code open} (open a chat) and {@code viewport} (its size, overlayed). Frame -> host:
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
    /**
     * Frame -> host (overlayed): the boxes along the bottom of the page, {@code boxes: [[width, height], ...]} right
     * to left, {@code gap} apart; the host sizes the iframe to them and clips it to their outline, so that the page
     * between and above the boxes still takes clicks.
     */
    public static final String LAYOUT = "layout";
    /** Host -> frame: the size of the host page's viewport ({@code width}, {@code height}), for the boxes to fit. */
    public static final String VIEWPORT = "viewport";
    /** Public events a host may listen to. */
    public static final String EV_STATE = "state";
    public static final String EV_UNREAD = "unread";

    private HostWire() {
    }
}
