package im.parley.bosh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionOptionsTest {
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String refused(Object raw) {
        return assertThrows(IllegalArgumentException.class, () -> ConnectionOptions.parse(raw)).getMessage();
    }

    @Test
    void converseOptionsAreRead() {
        ConnectionOptions o = ConnectionOptions.parse(map("withCredentials", true,
                "customHeaders", map("X-Tenant", "acme", "Authorization", "Bearer abc.def")));
        assertTrue(o.withCredentials());
        assertEquals(Map.of("X-Tenant", "acme", "Authorization", "Bearer abc.def"), o.headers());
        assertEquals(List.of(List.of("X-Tenant", "acme"), List.of("Authorization", "Bearer abc.def")), o.headerPairs());
        ConnectionOptions again = ConnectionOptions.fromWire(true, o.headerPairs());
        assertEquals(o.headers(), again.headers());
        assertTrue(again.withCredentials());
    }

    @Test
    void nothingMeansNoCookiesAndNoHeaders() {
        assertFalse(ConnectionOptions.parse(null).withCredentials());
        assertTrue(ConnectionOptions.parse(map()).headers().isEmpty());
        assertFalse(ConnectionOptions.fromWire(false, null).withCredentials());
    }

    @Test
    void stropheOptionsWithoutAMeaningHereAreAcceptedAndIgnored() {
        ConnectionOptions o = ConnectionOptions.parse(map("keepalive", true, "worker", "/shared-worker.js",
                "explicitResourceBinding", false, "sync", false));
        assertFalse(o.withCredentials());
        assertTrue(o.headers().isEmpty());
    }

    @Test
    void badOptionsAreClearErrors() {
        assertTrue(refused("withCredentials").contains("must be an object"));
        assertTrue(refused(map("withCredentails", true)).contains("unknown option 'withCredentails'"));
        assertTrue(refused(map("withCredentials", "yes")).contains("true or false"));
        assertTrue(refused(map("customHeaders", "X-A: b")).contains("object of header names"));
        assertTrue(refused(map("customHeaders", map("X A", "b"))).contains("'X A' is not a header name"));
        assertTrue(refused(map("customHeaders", map("Cookie", "sid=1"))).contains("cannot be set"));
        assertTrue(refused(map("customHeaders", map("Sec-Fetch-Mode", "cors"))).contains("cannot be set"));
        assertTrue(refused(map("customHeaders", map("Proxy-Authorization", "x"))).contains("cannot be set"));
        assertTrue(refused(map("customHeaders", map("Content-Type", "text/plain"))).contains("cannot be set"));
        assertTrue(refused(map("customHeaders", map("X-A", "one\r\nX-Injected: two"))).contains("printable ASCII"));
        assertTrue(refused(map("customHeaders", map("X-A", 42.0))).contains("printable ASCII"));
        assertTrue(refused(map("customHeaders", map("X-A", "a", "x-a", "b"))).contains("twice"));
        assertTrue(refused(map("customHeaders", map("X-A", "é"))).contains("printable ASCII"));
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= ConnectionOptions.MAX_HEADERS; i++) {
            many.put("X-" + i, "v");
        }
        assertTrue(refused(map("customHeaders", many)).contains("at most"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ConnectionOptions.fromWire(false, List.of("X-A"))).getMessage().contains("could not be read"));
    }
}
