package im.parley.chat;

/** A one-to-one chat message, incoming or outgoing. {@code peer} is the other side's bare JID. */
public final class ChatMessage {
    private final String id;
    private final String peer;
    private final String body;
    private final boolean outgoing;
    private final long timestamp;
    private final String state;
    /** Corrected by its author (XEP-0308), or retracted (XEP-0424: the body is gone). */
    private final boolean edited;
    private final boolean retracted;
    /** XEP-0382: the body is a spoiler; this is its hint ("" for none); null: not a spoiler. */
    private String spoiler;
    /** XEP-0066: a URL the message points to (http or https only), or null. */
    private String oob;
    /** XEP-0444: the user's reactions to this message, and the contact's (null: none). */
    private java.util.List<String> myReactions;
    private java.util.List<String> theirReactions;
    /** The own archive's id of this message (XEP-0359 stanza-id), or null if it is not known. */
    private String archiveId;
    /**
     * The id of the message right before this one in the conversation's archive, {@link #FIRST} if there is none,
     * or null if it is not known. Only set where it is certain that no message lies between the two (see
     * {@link ContinuityTracker}): it lets scrolling back follow the cache instead of asking the archive.
     */
    private String prev;

    /** {@link #prev()} of the oldest message of a conversation: nothing comes before it. */
    public static final String FIRST = "^";
    /** {@link #prev()} of a message whose link was found wrong: not known, and not to be taken from an older copy. */
    public static final String UNLINKED = "";

    public ChatMessage(String id, String peer, String body, boolean outgoing, long timestamp) {
        this(id, peer, body, outgoing, timestamp, null, false, false);
    }

    private ChatMessage(String id, String peer, String body, boolean outgoing, long timestamp, String state,
            boolean edited, boolean retracted) {
        this.id = id;
        this.peer = peer;
        this.body = body;
        this.outgoing = outgoing;
        this.timestamp = timestamp;
        this.state = state;
        this.edited = edited;
        this.retracted = retracted;
    }

    private ChatMessage copyExtras(ChatMessage from) {
        this.spoiler = from.spoiler;
        this.oob = from.oob;
        this.myReactions = from.myReactions;
        this.theirReactions = from.theirReactions;
        this.archiveId = from.archiveId;
        this.prev = from.prev;
        return this;
    }

    /** The message with one side's whole set of reactions (XEP-0444; empty: none). */
    public ChatMessage withReactions(boolean mine, java.util.List<String> reactions) {
        ChatMessage m = new ChatMessage(id, peer, body, outgoing, timestamp, state, edited, retracted).copyExtras(this);
        java.util.List<String> set = reactions == null || reactions.isEmpty() ? null
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reactions));
        if (mine) {
            m.myReactions = set;
        } else {
            m.theirReactions = set;
        }
        return m;
    }

    /** The user's reactions, or the contact's (empty: none). */
    public java.util.List<String> reactions(boolean mine) {
        java.util.List<String> set = mine ? myReactions : theirReactions;
        return set == null ? java.util.Collections.emptyList() : set;
    }

    /** The message with its spoiler hint (null: not a spoiler) and out-of-band URL (null: none). */
    public ChatMessage withExtras(String spoilerHint, String oobUrl) {
        ChatMessage m = new ChatMessage(id, peer, body, outgoing, timestamp, state, edited, retracted).copyExtras(this);
        m.spoiler = spoilerHint;
        m.oob = oobUrl;
        return m;
    }

    /**
     * The message with its archive id and the id of the message before it; a null argument keeps what the message
     * had.
     */
    public ChatMessage withLinks(String ownArchiveId, String previous) {
        ChatMessage m = new ChatMessage(id, peer, body, outgoing, timestamp, state, edited, retracted).copyExtras(this);
        if (ownArchiveId != null) {
            m.archiveId = ownArchiveId;
        }
        if (previous != null) {
            m.prev = previous;
        }
        return m;
    }

    /** The message with {@link #prev()} set to {@code previous} (null: not known). */
    public ChatMessage withPrev(String previous) {
        ChatMessage m = new ChatMessage(id, peer, body, outgoing, timestamp, state, edited, retracted).copyExtras(this);
        m.prev = previous;
        return m;
    }

    /** The own archive's id of this message (XEP-0359 stanza-id), or null if not known. */
    public String archiveId() {
        return archiveId;
    }

    /**
     * The id of the message right before this one in its conversation, {@link #FIRST}, or null or {@link #UNLINKED}
     * if not known.
     */
    public String prev() {
        return prev;
    }

    public String spoiler() {
        return spoiler;
    }

    public String oob() {
        return oob;
    }

    /** The message with its body replaced by its author's correction. */
    public ChatMessage corrected(String newBody) {
        return new ChatMessage(id, peer, newBody, outgoing, timestamp, state, true, false).copyExtras(this);
    }

    /** The message retracted by its author: its body is dropped. */
    public ChatMessage retracted() {
        return new ChatMessage(id, peer, "", outgoing, timestamp, state, edited, true).copyExtras(this);
    }

    /** As stored: with the flags read back from the cache. */
    public ChatMessage withFlags(boolean isEdited, boolean isRetracted) {
        return new ChatMessage(id, peer, isRetracted ? "" : body, outgoing, timestamp, state, isEdited, isRetracted).copyExtras(this);
    }

    public boolean isEdited() {
        return edited;
    }

    public boolean isRetracted() {
        return retracted;
    }

    /** Delivery state of an outgoing message: pending (in the outbox), sent, acked (the server has it). */
    public String state() {
        return state;
    }

    public ChatMessage withState(String s) {
        return new ChatMessage(id, peer, body, outgoing, timestamp, s, edited, retracted).copyExtras(this);
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
