package im.parley.core;

import im.parley.chat.ChatMessage;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import java.util.List;

/** Everything the client reports, in the order it happens, on the client's event thread. */
public interface ClientListener {
    /**
     * connecting, authenticating, resuming, binding, online, reconnecting (waiting to retry; {@code error} says
     * why) or offline ({@code error} set unless the user logged out).
     */
    void onState(String state, ConnectionError error);

    /** The full JID of a new session. */
    default void onSelf(String fullJid) {
    }

    /** The whole roster, after each change. */
    default void onRoster(List<RosterItem> items) {
    }

    /** The roster's version (RFC 6121 2.6) after the change just reported, or null if the server has none. */
    default void onRosterVersion(String version) {
    }

    /**
     * Requests to see the user's presence that wait for an answer, after each change: bare JID -> the nickname
     * they sent, or null.
     */
    default void onContactRequests(java.util.Map<String, String> pending) {
    }

    /**
     * A contact's availability: {@code show} null when offline, "" when plainly available; {@code idleSince} when
     * they were last active (XEP-0319, epoch ms), 0 when not idle.
     */
    default void onPresence(String bareJid, String show, String status, long idleSince) {
    }

    void onMessage(ChatMessage message);

    /** A contact's chat state (XEP-0085): composing, paused, active, inactive or gone. */
    default void onChatState(String bareJid, String state) {
    }

    /**
     * An outgoing message changed delivery state: "sent" (on the wire), "acked" (the server has it) or
     * "delivered" (the peer's client confirmed it, XEP-0184).
     */
    default void onMessageState(String id, String peer, String state) {
    }

    /** A line for the log (dropped input, a plugin's failure): diagnostics, never shown as a message. */
    default void onLog(String line) {
    }

    /**
     * The author of message {@code id} with {@code peer} corrected it ({@code body} is the new text) or retracted it
     * ({@code body} null); {@code outgoing}: the author is this account. Only edits by the message's author arrive here.
     */
    default void onEdit(String peer, String id, String body, boolean outgoing) {
    }

    /** Reactions (XEP-0444) to message {@code id} with {@code peer}: the user's ({@code mine}) or the peer's whole set. */
    default void onReactions(String peer, String id, boolean mine, List<String> reactions) {
    }

    /** A contact's avatar (XEP-0153), or the user's own after publishing it; null: none any more. */
    default void onAvatar(String jid, im.parley.vcard.Avatar avatar) {
    }

    /** The JIDs this account blocks (XEP-0191), sorted; sent at login and whenever the list changes. */
    default void onBlocklist(List<String> blocked) {
    }

    /**
     * A message already shown (and perhaps cached) turned out to come right after the message {@code prev} in its
     * conversation ({@link ChatMessage#prev()}).
     */
    default void onLink(String peer, String id, String prev) {
    }
}
