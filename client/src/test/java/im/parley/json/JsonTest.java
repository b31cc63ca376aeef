package im.parley.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTrips() {
        String text = "{\"a\":\"x\\\"y\\\\z\\n\\u0001\u2028😀\",\"b\":[1,2.5,true,false,null],\"c\":{}}";
        Object v = Json.parse(text);
        assertEquals(v, Json.parse(Json.write(v)));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("x\"y\\z\n\u0001\u2028😀", m.get("a"));
        assertEquals(List.of(1.0, 2.5, true, false), ((List<?>) m.get("b")).subList(0, 4));
    }

    @Test
    void asciiOnlyKeepsLoneSurrogatesThroughUtf8Channels() {
        String json = Json.write(java.util.Map.of("s", "a\uD800b😀é"));
        String ascii = Json.asciiOnly(json);
        assertEquals(ascii, new String(ascii.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("a\uD800b😀é", Json.parseObject(ascii).get("s"));
    }

    @Test
    void rejectsMalformedAndDeepInput() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]x", "\"\\q\"", "tru", "{\"a\" 1}", "\"a\u0001\""}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }
}
