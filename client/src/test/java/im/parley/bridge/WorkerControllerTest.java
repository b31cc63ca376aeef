package im.parley.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.crypto.SoftCrypto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings the worker enforces itself, whatever the frame sends. */
class WorkerControllerTest {
    @Test
    void anUnknownAuthenticationModeIsRefusedNotDowngraded() {
        List<String> out = new ArrayList<>();
        WorkerController c = new WorkerController(() -> {
            throw new AssertionError("no connection may be opened");
        }, new SoftCrypto(n -> new byte[n]), null, () -> 0L, out::add);
        c.onCommand(Wire.encode(Wire.LOGIN, "websocket_url", "ws://127.0.0.1:5280/xmpp-websocket", "jid",
                "alice@localhost", "password", "secret", "allow_non_roster_messaging", false, "auto_reconnect", false,
                "authentication", "kerberos"));
        assertEquals(1, out.size(), out.toString());
        Wire.Msg m = Wire.decode(out.get(0));
        assertEquals(Wire.ERROR, m.type());
        assertEquals("authentication must be 'login', 'anonymous', 'oauth' or 'external', not 'kerberos'", m.str("text"));
    }

    private static String onlyError(List<String> out) {
        assertEquals(1, out.size(), out.toString());
        Wire.Msg m = Wire.decode(out.get(0));
        assertEquals(Wire.ERROR, m.type());
        return m.str("text");
    }

    @Test
    void aFileTravelsOnlyWithAnUploadAndAnUploadNeedsOne() {
        List<String> out = new ArrayList<>();
        WorkerController c = new WorkerController(() -> {
            throw new AssertionError("no connection may be opened");
        }, new SoftCrypto(n -> new byte[n]), null, () -> 0L, out::add);
        c.onCommand(Wire.encode(Wire.SEND, "to", "bob@localhost", "body", "hi"), new byte[] {1});
        assertEquals("send takes no attachment", onlyError(out));
        out.clear();
        c.onCommand(Wire.encode(Wire.UPLOAD, "id", "u1", "to", "bob@localhost", "name", "a.png", "size", 3.0,
                "type", "image/png"));
        assertEquals("upload: the file is missing", onlyError(out));
        out.clear();
        c.onCommand(Wire.encode(Wire.UPLOAD, "id", "u1", "to", "bob@localhost", "name", "a.png", "size", 3.0,
                "type", "image/png"), new byte[] {1, 2, 3});
        assertEquals("file upload is not available here", onlyError(out));
        out.clear();
        c.setUploader((url, headers, type, body, progress, done) -> {
            throw new AssertionError("nothing is uploaded");
        });
        c.onCommand(Wire.encode(Wire.UPLOAD, "id", "u1", "to", "bob@localhost", "name", "a.png", "size", -1.0,
                "type", "image/png"), new byte[] {1, 2, 3});
        assertEquals("upload: the file must have 1 byte to 512 MB", onlyError(out));
        out.clear();
        c.onCommand(Wire.encode(Wire.UPLOAD, "id", "u1", "to", "bob@localhost", "name", "a.png", "size", 3.0,
                "type", "image/png"), new byte[] {1, 2, 3});
        assertEquals("not connected", onlyError(out));
    }

    @Test
    void messagesThatArriveTogetherGoToTheFrameTogetherAndBeforeAnythingAfterThem() {
        List<String> out = new ArrayList<>();
        List<Runnable> timers = new ArrayList<>();
        WorkerController c = new WorkerController(() -> {
            throw new AssertionError("no connection may be opened");
        }, new SoftCrypto(n -> new byte[n]), (ms, task) -> {
            timers.add(task);
            return () -> { };
        }, () -> 0L, out::add);
        c.onMessage(new im.parley.chat.ChatMessage("m1", "bob@localhost", "one", false, 1000));
        c.onMessage(new im.parley.chat.ChatMessage("m2", "bob@localhost", "two", false, 1001));
        assertTrue(out.isEmpty(), "they wait a moment for others: " + out);
        c.onMessageState("m2", "bob@localhost", "displayed"); // anything else goes after them
        assertEquals(2, out.size(), out.toString());
        Wire.Msg batch = Wire.decode(out.get(0));
        assertEquals(Wire.MESSAGES, batch.type());
        assertEquals(2, batch.list("items").size());
        assertEquals("two", ((java.util.Map<?, ?>) batch.list("items").get(1)).get("body"));
        assertEquals("bob@localhost", ((java.util.Map<?, ?>) batch.list("items").get(1)).get("peer"));
        assertEquals(Wire.MESSAGE_STATE, Wire.decode(out.get(1)).type());
        // A lone message goes as one, when its moment is up.
        c.onMessage(new im.parley.chat.ChatMessage("m3", "bob@localhost", "three", false, 1002));
        for (Runnable t : new ArrayList<>(timers)) {
            t.run();
        }
        assertEquals(3, out.size(), out.toString());
        assertEquals(Wire.MESSAGE, Wire.decode(out.get(2)).type());
        assertEquals("three", Wire.decode(out.get(2)).str("body"));
    }
}
