package im.parley.jvm;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.stream.ConnectionError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the recovery tests watch of a client: its states (with the error, if any), the bodies of the messages it
 * delivered that start with one test's prefix (not what other tests left offline), and the ids the server acked.
 */
final class RecordingListener implements ClientListener {
    final List<String> states = Collections.synchronizedList(new ArrayList<>());
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    /** Each state with the time since this listener was made and how many messages had been delivered by then. */
    final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final long start = System.currentTimeMillis();
    private final String prefix;

    RecordingListener(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void onState(String state, ConnectionError error) {
        states.add(state + (error == null ? "" : " " + error));
        timeline.add((System.currentTimeMillis() - start) + " ms " + state + " (" + received.size() + " delivered"
                + (received.isEmpty() ? "" : ", last " + received.get(received.size() - 1)) + ")");
    }

    @Override
    public void onLog(String line) {
        timeline.add((System.currentTimeMillis() - start) + " ms log: " + line + " (" + received.size() + " delivered)");
    }

    @Override
    public void onMessage(ChatMessage message) {
        if (message.body().startsWith(prefix)) {
            String last = received.isEmpty() ? null : received.get(received.size() - 1);
            String expected = prefix + (last == null ? 0 : Integer.parseInt(last.substring(prefix.length())) + 1);
            if (!expected.equals(message.body())) {
                timeline.add((System.currentTimeMillis() - start) + " ms out of sequence: " + message.body()
                        + " after " + last);
            }
            received.add(message.body());
        }
    }

    @Override
    public void onMessageState(String id, String peer, String state) {
        if ("acked".equals(state)) {
            acked.add(id);
        }
    }
}
