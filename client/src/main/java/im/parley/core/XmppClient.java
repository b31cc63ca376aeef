package im.parley.core;

import im.parley.chat.ChatManager;
import im.parley.chat.ChatMessage;
import im.parley.crypto.Crypto;
import im.parley.presence.PresenceManager;
import im.parley.roster.RosterManager;
import im.parley.stream.ConnectionError;
import im.parley.stream.ConnectionListener;
import im.parley.stream.Transport;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import java.util.function.LongSupplier;

/**
 * The client core: one account's session with its features composed around an {@link XmppConnection}. Plain
 * Java; the platform gives it a transport, crypto and a clock. One instance per login.
 */
public final class XmppClient implements ConnectionListener {
    private final Transport transport;
    private final Crypto crypto;
    private final LongSupplier clock;
    private final ClientListener listener;

    private XmppConnection connection;
    private RosterManager roster;
    private PresenceManager presence;
    private ChatManager chat;
    private String state = "offline";

    public XmppClient(Transport transport, Crypto crypto, LongSupplier clock, ClientListener listener) {
        this.transport = transport;
        this.crypto = crypto;
        this.clock = clock;
        this.listener = listener;
    }

    public String state() {
        return state;
    }

    /**
     * Logs in. The password goes to SASL and is not kept here.
     *
     * @param allowNonRosterMessaging whether messages from JIDs outside the roster open chats
     */
    public void login(String websocketUrl, Jid jid, String password, boolean allowNonRosterMessaging) {
        if (connection != null) {
            throw new IllegalStateException("already logged in");
        }
        connection = new XmppConnection(transport, crypto, this);
        roster = new RosterManager(connection, listener::onRoster);
        presence = new PresenceManager(connection, listener::onPresence);
        chat = new ChatManager(connection, listener::onMessage,
                from -> allowNonRosterMessaging || roster.contains(from), clock);
        connection.connect(websocketUrl, jid, password);
    }

    @Override
    public void onProgress(String phase) {
        setState(phase, null);
    }

    @Override
    public void onConnected(Jid boundJid) {
        listener.onSelf(boundJid.toString());
        roster.fetch(() -> {
            presence.sendAvailable();
            setState("online", null);
        });
    }

    @Override
    public void onDisconnected(ConnectionError error) {
        setState("offline", error);
    }

    private void setState(String s, ConnectionError error) {
        state = s;
        listener.onState(s, error);
    }

    /** Sends a chat message; returns it as shown in the conversation. */
    public ChatMessage send(Jid to, String body) {
        if (connection == null || !connection.isBound()) {
            throw new IllegalStateException("not connected");
        }
        return chat.send(to, body);
    }

    /** Closes the session cleanly. */
    public void logout() {
        if (connection != null) {
            connection.disconnect();
        }
    }
}
