package im.parley.sm;

import im.parley.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The state of XEP-0198 Stream Management for one account, kept across connections so that a session can be
 * resumed: the resumption id, the count of stanzas handled from the server, and every stanza sent that the
 * server has not acknowledged yet. Counters are unsigned 32-bit and wrap as the XEP says.
 */
public final class StreamManagement {
    /** Told when the server acknowledged stanzas (e.g. to mark messages as delivered to the server). */
    public interface AckListener {
        void onAcked(XmlElement stanza);
    }

    private static final long MOD = 1L << 32;

    private final AckListener ackListener;
    private boolean enabled;
    private boolean counting;
    private String resumeId;
    private long inbound;
    private long outbound;
    private final Deque<XmlElement> unacked = new ArrayDeque<>();

    public StreamManagement(AckListener ackListener) {
        this.ackListener = ackListener;
    }

    /** Whether SM is active on the current connection. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Whether a previous session can be resumed. */
    public boolean canResume() {
        return resumeId != null;
    }

    public String resumeId() {
        return resumeId;
    }

    /** Stanzas handled from the server so far (the 'h' we report). */
    public long inbound() {
        return inbound;
    }

    public int unackedCount() {
        return unacked.size();
    }

    /** {@code <enable/>} was sent: from now on every stanza sent is counted and kept until acknowledged. */
    public void enableSent() {
        enabled = true;
        counting = false;
        resumeId = null;
        inbound = 0;
        outbound = 0;
        unacked.clear();
    }

    /** The server answered {@code <enabled/>}: stanzas from the server are counted from now on. */
    public void enabled(String id, boolean resumable) {
        counting = true;
        inbound = 0;
        resumeId = resumable && id != null && !id.isEmpty() ? id : null;
    }

    /** The server refused {@code <enable/>}: no acknowledgements will come. */
    public void enableFailed() {
        enabled = false;
        counting = false;
        unacked.clear();
    }

    /** Whether stanzas from the server are being counted (so an ack request can be answered). */
    public boolean isCounting() {
        return counting;
    }

    /** A stanza was sent while enabled: keep it until acknowledged. */
    public void sent(XmlElement stanza) {
        outbound = (outbound + 1) % MOD;
        unacked.addLast(stanza);
    }

    /** A stanza from the server was handled. */
    public void received() {
        if (counting) {
            inbound = (inbound + 1) % MOD;
        }
    }

    /**
     * The server acknowledged everything up to {@code h}.
     *
     * @return false if {@code h} acknowledges more than was sent (a protocol violation)
     */
    public boolean acked(long h) {
        long pending = (outbound - h + MOD) % MOD;
        if (pending > unacked.size()) {
            return false;
        }
        while (unacked.size() > pending) {
            ackListener.onAcked(unacked.removeFirst());
        }
        return true;
    }

    /** The connection dropped: SM is no longer active on a connection, but the state stays for resumption. */
    public void connectionLost() {
        enabled = false;
        counting = false;
    }

    /**
     * The session was resumed with the server's {@code h}: drops what it had, and returns the stanzas to send
     * again, in order (they stay queued until acknowledged).
     */
    public List<XmlElement> resumed(long h) {
        enabled = true;
        counting = true;
        acked(h);
        return new ArrayList<>(unacked);
    }

    /**
     * Resumption failed or is impossible: forgets the session and returns the unacknowledged stanzas; the caller
     * decides which to send again on the new session (messages, not IQs or presence).
     */
    public List<XmlElement> reset() {
        List<XmlElement> lost = new ArrayList<>(unacked);
        unacked.clear();
        enabled = false;
        counting = false;
        resumeId = null;
        inbound = 0;
        outbound = 0;
        return lost;
    }
}
