package im.parley.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatAndParseAgreeWithJavaTime() {
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long millis = (long) (r.nextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L;
            String s = Timestamps.format(millis);
            assertEquals(Instant.ofEpochMilli(millis).toString().length() == 24 ? Instant.ofEpochMilli(millis).toString()
                    : s, s);
            assertEquals(millis, Timestamps.parse(s, -1));
            assertEquals(Instant.parse(s).toEpochMilli(), Timestamps.parse(s, -1));
        }
    }

    @Test
    void parsesZonesAndFractionsAndRefusesGarbage() {
        assertEquals(Instant.parse("2002-09-10T23:08:25Z").toEpochMilli(), Timestamps.parse("2002-09-10T23:08:25Z", -1));
        assertEquals(Instant.parse("2002-09-10T23:08:25.123Z").toEpochMilli(),
                Timestamps.parse("2002-09-10T23:08:25.123456Z", -1));
        assertEquals(Instant.parse("2002-09-10T23:08:25.500Z").toEpochMilli(),
                Timestamps.parse("2002-09-10T23:08:25.5Z", -1));
        assertEquals(Instant.parse("2002-09-11T05:08:25Z").toEpochMilli(),
                Timestamps.parse("2002-09-10T23:08:25-06:00", -1));
        for (String bad : new String[] {null, "", "yesterday", "2002-09-10 23:08:25Z", "2002-13-10T23:08:25Z",
            "2002-09-10T23:08:25", "2002-09-10T23:08:25.Z", "2002-09-10T23:08:25+0600", "20x2-09-10T23:08:25Z"}) {
            assertEquals(-1, Timestamps.parse(bad, -1), String.valueOf(bad));
        }
    }
}
