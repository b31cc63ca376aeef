package im.parley.chat;

/** A one-to-one chat message, incoming or outgoing. {@code peer} is the other side's bare JID. */
public final class ChatMessage {
    private final String id;
    private final String peer;
    private final String body;
    private final boolean outgoing;
    private final long timestamp;

    public ChatMessage(String id, String peer, String body, boolean outgoing, long timestamp) {
        this.id = id;
        this.peer = peer;
        this.body = body;
        this.outgoing = outgoing;
        this.timestamp = timestamp;
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
