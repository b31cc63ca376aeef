package im.parley.chat;

/** A one-to-one chat message, incoming or outgoing. {@code peer} is the other side's bare JID. */
public final class ChatMessage {
    private final String id;
    private final String peer;
    private final String body;
    private final boolean outgoing;
    private final long timestamp;
    private final String state;

    public ChatMessage(String id, String peer, String body, boolean outgoing, long timestamp) {
        this(id, peer, body, outgoing, timestamp, null);
    }

    private ChatMessage(String id, String peer, String body, boolean outgoing, long timestamp, String state) {
        this.id = id;
        this.peer = peer;
        this.body = body;
        this.outgoing = outgoing;
        this.timestamp = timestamp;
        this.state = state;
    }

    /** Delivery state of an outgoing message: pending (in the outbox), sent, acked (the server has it). */
    public String state() {
        return state;
    }

    public ChatMessage withState(String s) {
        return new ChatMessage(id, peer, body, outgoing, timestamp, s);
    }

    public String id() {
        return id;
    }

    public String peer() {
        return peer;
    }

    public String body() {
        return body;
    }

    public boolean outgoing() {
        return outgoing;
    }

    /** Milliseconds since the epoch, by the local clock. */
    public long timestamp() {
        return timestamp;
    }
}
