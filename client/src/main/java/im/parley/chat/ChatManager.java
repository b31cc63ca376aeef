package im.parley.chat;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One-to-one messages of type "chat" (RFC 6121 section 5). Messages from JIDs outside the roster are delivered
 * only when {@code allowNonRoster} says so (Converse's {@code allow_non_roster_messaging}).
 */
public final class ChatManager implements StanzaHandler {
    /** Largest body accepted from the network or the UI, in UTF-16 units. */
    public static final int MAX_BODY = 100_000;

    public interface Listener {
        void onMessage(ChatMessage message);
    }

    private final XmppConnection connection;
    private final Listener listener;
    private final Predicate<Jid> accept;
    private final LongSupplier clock;

    /**
     * @param accept decides whether a message from this bare JID opens/extends a chat (roster check)
     */
    public ChatManager(XmppConnection connection, Listener listener, Predicate<Jid> accept, LongSupplier clock) {
        this.connection = connection;
        this.listener = listener;
        this.accept = accept;
        this.clock = clock;
        connection.addHandler(this);
    }

    /** Sends a chat message and returns it as it will appear in the conversation. */
    public ChatMessage send(Jid to, String body) {
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("empty message");
        }
        if (body.length() > MAX_BODY) {
            throw new IllegalArgumentException("message longer than " + MAX_BODY + " characters");
        }
        String id = connection.nextId();
        connection.send(XmlElement.builder("message", Ns.CLIENT).attr("type", "chat").attr("to", to.toString())
                .attr("id", id).textChild("body", body).build());
        return new ChatMessage(id, to.bare().toString(), body, true, clock.getAsLong());
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name())) {
            return false;
        }
        String type = stanza.attr("type");
        if (!"chat".equals(type) && !(type == null || "normal".equals(type))) {
            return false;
        }
        String body = stanza.childText("body", Ns.CLIENT);
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (body == null || from == null) {
            return false;
        }
        if (body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY);
        }
        Jid bare = from.bare();
        if (bare.equals(connection.boundJid().bare()) || !accept.test(bare)) {
            return true;
        }
        String id = stanza.attr("id");
        listener.onMessage(new ChatMessage(id == null ? connection.nextId() : id, bare.toString(), body, false,
                clock.getAsLong()));
        return true;
    }
}
