package im.parley.core;

import im.parley.chat.ChatMessage;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import java.util.List;

/** Everything the client reports, in the order it happens, on the client's event thread. */
public interface ClientListener {
    /** connecting, authenticating, binding, online or offline; {@code error} only with offline. */
    void onState(String state, ConnectionError error);

    void onSelf(String fullJid);

    void onRoster(List<RosterItem> items);

    void onPresence(String bareJid, String show, String status);

    void onMessage(ChatMessage message);
}
