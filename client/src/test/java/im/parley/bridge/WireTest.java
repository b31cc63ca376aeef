package im.parley.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    @Test
    void messagesAreCheckedAgainstTheSchema() {
        Wire.Msg m = Wire.decode(Wire.encode(Wire.SEND, "to", "bob@localhost", "body", "hi"));
        assertEquals(Wire.SEND, m.type());
        assertEquals("hi", m.str("body"));
        String[][] bad = {
            {"{\"v\":2,\"t\":\"send\",\"to\":\"a@b\",\"body\":\"x\"}", "version"},
            {"{\"v\":1,\"t\":\"nope\"}", "unknown message type"},
            {"{\"v\":1,\"t\":\"send\",\"to\":\"a@b\"}", "missing field 'body'"},
            {"{\"v\":1,\"t\":\"send\",\"to\":\"a@b\",\"body\":1}", "field 'body' has the wrong type"},
            {"{\"v\":1,\"t\":\"send\",\"to\":\"a@b\",\"body\":\"x\",\"extra\":1}", "unknown field 'extra'"},
            {"[]", "expected an object"},
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wire.decode(b[0]));
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
    }

    @Test
    void theControllerAnswersBadCommandsWithAnErrorAndNeverEchoesThePassword() {
        List<String> out = new ArrayList<>();
        WorkerController c = new WorkerController(() -> {
            throw new AssertionError("no transport for invalid logins");
        }, null, null, () -> 0, out::add);
        c.onCommand("garbage");
        c.onCommand(Wire.encode(Wire.LOGIN, "websocket_url", "http://x", "jid", "a@b", "password", "hunter2",
                "allow_non_roster_messaging", false, "auto_reconnect", true));
        c.onCommand(Wire.encode(Wire.LOGIN, "websocket_url", "ws://x", "jid", "nolocal", "password", "hunter2",
                "allow_non_roster_messaging", false, "auto_reconnect", true));
        c.onCommand(Wire.encode(Wire.SEND, "to", "a@b", "body", "x"));
        assertEquals(4, out.size());
        for (String o : out) {
            assertEquals(Wire.ERROR, Wire.decode(o).type());
            assertTrue(!o.contains("hunter2"), o);
        }
    }
}
