package im.parley.bridge;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.crypto.Crypto;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import im.parley.stream.Scheduler;
import im.parley.stream.Transport;
import im.parley.util.Jid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The worker's side of the bridge, in plain Java: decodes commands from the frame, drives the client core and
 * encodes its events. Secrets enter here (the login command) and never leave: no event carries a password.
 */
public final class WorkerController implements ClientListener {
    private final Supplier<Transport> transports;
    private final Crypto crypto;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Consumer<String> post;
    private XmppClient client;

    public WorkerController(Supplier<Transport> transports, Crypto crypto, Scheduler scheduler, LongSupplier clock,
            Consumer<String> post) {
        this.transports = transports;
        this.crypto = crypto;
        this.scheduler = scheduler;
        this.clock = clock;
        this.post = post;
    }

    /** Tells the frame the worker is up, and which build it runs. */
    public void ready(String build) {
        post.accept(Wire.encode(Wire.READY, "build", build));
    }

    /** Handles one command from the frame. Malformed or invalid commands are answered with an error event. */
    public void onCommand(String json) {
        Wire.Msg msg;
        try {
            msg = Wire.decode(json);
        } catch (IllegalArgumentException e) {
            error("rejected command: " + e.getMessage());
            return;
        }
        try {
            switch (msg.type()) {
                case Wire.LOGIN: login(msg); break;
                case Wire.SEND: send(msg); break;
                case Wire.LOGOUT: logout(); break;
                case Wire.VISIBILITY:
                    if (client != null) {
                        client.setActive(msg.bool("visible"));
                    }
                    break;
                case Wire.CHAT_STATE_CMD:
                    if (client != null) {
                        client.setChatState(Jid.parse(msg.str("to")), msg.str("state"));
                    }
                    break;
                default: error("not a command: " + msg.type());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(e.getMessage());
        }
    }

    private void login(Wire.Msg msg) {
        if (client != null && !"offline".equals(client.state())) {
            throw new IllegalStateException("already logged in");
        }
        String url = msg.str("websocket_url");
        if (!(url.startsWith("ws://") || url.startsWith("wss://"))) {
            throw new IllegalArgumentException("websocket_url must start with ws:// or wss://");
        }
        Jid jid = Jid.parse(msg.str("jid").trim());
        if (jid.local() == null || !jid.isBare()) {
            throw new IllegalArgumentException("jid must look like user@domain");
        }
        client = new XmppClient(transports, crypto, scheduler, clock, this);
        client.login(url, jid, msg.str("password"), msg.bool("allow_non_roster_messaging"),
                msg.bool("auto_reconnect"));
    }

    private void send(Wire.Msg msg) {
        if (client == null) {
            throw new IllegalStateException("not connected");
        }
        Jid to = Jid.parse(msg.str("to"));
        onMessage(client.send(to, msg.str("body")));
    }

    /** The browser's network came back: reconnect now rather than at the end of the backoff. */
    public void networkOnline() {
        if (client != null) {
            client.networkOnline();
        }
    }

    public void networkOffline() {
        if (client != null) {
            client.networkOffline();
        }
    }

    private void logout() {
        if (client != null) {
            client.logout();
        }
    }

    private void error(String text) {
        post.accept(Wire.encode(Wire.ERROR, "text", text));
    }

    @Override
    public void onState(String state, ConnectionError error) {
        post.accept(Wire.encode(Wire.STATE, "state", state, "error", error == null ? null : error.code(),
                "detail", error == null ? null : error.detail()));
    }

    @Override
    public void onSelf(String fullJid) {
        post.accept(Wire.encode(Wire.SELF, "jid", fullJid));
    }

    @Override
    public void onRoster(List<RosterItem> items) {
        List<Object> list = new ArrayList<>();
        for (RosterItem item : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jid", item.jid());
            m.put("name", item.name());
            m.put("subscription", item.subscription());
            m.put("groups", new ArrayList<Object>(item.groups()));
            list.add(m);
        }
        post.accept(Wire.encode(Wire.ROSTER, "items", list));
    }

    @Override
    public void onPresence(String bareJid, String show, String status) {
        post.accept(Wire.encode(Wire.PRESENCE, "jid", bareJid, "show", show, "status", status));
    }

    @Override
    public void onMessage(ChatMessage m) {
        post.accept(Wire.encode(Wire.MESSAGE, "id", m.id(), "peer", m.peer(), "body", m.body(), "outgoing",
                m.outgoing(), "ts", (double) m.timestamp(), "state", m.state()));
    }

    @Override
    public void onChatState(String bareJid, String state) {
        post.accept(Wire.encode(Wire.CHAT_STATE, "jid", bareJid, "state", state));
    }

    @Override
    public void onMessageState(String id, String peer, String state) {
        post.accept(Wire.encode(Wire.MESSAGE_STATE, "id", id, "peer", peer, "state", state));
    }
}
