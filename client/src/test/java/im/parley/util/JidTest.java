package im.parley.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.stream.Urls;
import org.junit.jupiter.api.Test;

class JidTest {
    @Test
    void parsesAndNormalises() {
        Jid j = Jid.parse("Alice@Example.org/Phone 1");
        assertEquals("alice", j.local());
        assertEquals("example.org", j.domain());
        assertEquals("Phone 1", j.resource());
        assertEquals("alice@example.org", j.bare().toString());
        assertEquals(Jid.parse("example.org"), Jid.parse("example.org."));
        assertTrue(Jid.parse("a@b").isBare());
    }

    @Test
    void rejectsBrokenJids() {
        for (String bad : new String[] {"", "@b", "a@", "a@b/", "a b@c", "a@b@c", "a\u0000@b"}) {
            assertThrows(IllegalArgumentException.class, () -> Jid.parse(bad), bad);
        }
        assertNull(Jid.parseOrNull("@"));
    }

    @Test
    void onlyTlsOrLoopbackCountsAsSecure() {
        assertTrue(Urls.isSecureWebSocket("wss://chat.example.org/ws"));
        assertTrue(Urls.isSecureWebSocket("ws://127.0.0.1:5280/xmpp-websocket"));
        assertTrue(Urls.isSecureWebSocket("ws://localhost/x"));
        assertTrue(Urls.isSecureWebSocket("ws://[::1]:80/x"));
        assertTrue(!Urls.isSecureWebSocket("ws://example.org/x"));
        assertTrue(!Urls.isSecureWebSocket("ws://127.0.0.1.evil.com/x"));
        assertTrue(!Urls.isSecureWebSocket("ws://localhost.evil.com/x"));
        assertTrue(!Urls.isSecureWebSocket("ws://user@127.0.0.1/x"));
    }
}
