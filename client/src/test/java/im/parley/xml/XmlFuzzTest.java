package im.parley.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import im.parley.xml.XmlException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Time-bounded fuzzing (system property parley.fuzz.seconds, default 20) and denial-of-service inputs. */
class XmlFuzzTest {
    private static final long PER_INPUT_NANOS = 2_000_000_000L;

    private static double seconds() {
        try {
            return Double.parseDouble(System.getProperty("parley.fuzz.seconds", "20"));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    /** Parses input as bytes in random chunks; only XmlException may escape; must finish quickly. */
    private static void run(byte[] input, Random r) {
        long t0 = System.nanoTime();
        XmlPullParser p = new XmlPullParser(r.nextBoolean() ? XmlLimits.DEFAULT
                : XmlLimits.DEFAULT.withMaxDepth(8).withMaxTextLength(100).withMaxStanzaChars(300)
                        .withMaxAttributeValueLength(20).withMaxNameLength(10).withMaxAttributes(3));
        try {
            int i = 0;
            while (i < input.length) {
                int n = Math.min(input.length - i, 1 + r.nextInt(r.nextBoolean() ? 4 : 64));
                if (r.nextInt(4) == 0) {
                    p.feed(new String(input, i, n, StandardCharsets.ISO_8859_1));
                } else {
                    p.feed(input, i, n);
                }
                i += n;
                int guard = 0;
                while (p.next() != XmlPullParser.NEED_INPUT) {
                    if (++guard > 1_000_000) {
                        fail("no progress");
                    }
                }
            }
            p.endOfInput();
            int guard = 0;
            while (p.next() != XmlPullParser.END_DOCUMENT) {
                if (++guard > 1_000_000) {
                    fail("no END_DOCUMENT");
                }
            }
        } catch (XmlException expected) {
            // fine
        } catch (RuntimeException | Error e) {
            throw new AssertionError("unexpected " + e + " for input " + XmlDifferentialTest.show(
                    new String(input, StandardCharsets.UTF_8)), e);
        }
        long dt = System.nanoTime() - t0;
        assertTrue(dt < PER_INPUT_NANOS, "input took " + dt / 1e6 + " ms");
    }

    @Test
    void fuzz() {
        long deadline = System.nanoTime() + (long) (seconds() * 1e9);
        Random r = new Random(Long.getLong("parley.fuzz.seed", 99));
        List<String> pool = new ArrayList<>(XmlTestSupport.corpus());
        for (int i = 0; i < 100; i++) {
            pool.add(XmlTestSupport.randomDoc(r));
        }
        int count = 0;
        do {
            for (int k = 0; k < 200; k++) {
                int mode = r.nextInt(10);
                byte[] in;
                if (mode == 0) {
                    in = new byte[r.nextInt(200)];
                    r.nextBytes(in);
                } else if (mode == 1) {
                    // random bytes spliced into a document
                    byte[] d = pool.get(r.nextInt(pool.size())).getBytes(StandardCharsets.UTF_8);
                    for (int j = 0; j < 1 + r.nextInt(4); j++) {
                        d[r.nextInt(d.length)] = (byte) r.nextInt(256);
                    }
                    in = d;
                } else {
                    String doc = pool.get(r.nextInt(pool.size()));
                    int n = 1 + r.nextInt(6);
                    for (int j = 0; j < n; j++) {
                        doc = XmlTestSupport.mutate(r, doc, pool);
                    }
                    if (r.nextInt(20) == 0 && doc.length() < 5000) {
                        pool.add(doc);
                    }
                    in = doc.getBytes(StandardCharsets.UTF_8);
                }
                run(in, r);
                count++;
            }
        } while (System.nanoTime() < deadline);
        assertTrue(count > 0);
    }

    @Test
    void billionLaughsIsRejected() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            sb.append(" <!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            sb.append("\">\n");
        }
        sb.append("]>\n<lolz>&lol9;</lolz>");
        XmlPullParserTest.assertError(sb.toString(), Kind.RESTRICTED_XML, "DOCTYPE");
        // without the DTD the reference itself is restricted
        XmlPullParserTest.assertError("<lolz>&lol9;</lolz>", Kind.RESTRICTED_XML, "'&lol9;'");
    }

    @Test
    void quadraticBlowupIsLimited() throws XmlException {
        // a huge attribute made of many references: rejected by the attribute value limit
        String big = "&amp;".repeat(100_000);
        XmlPullParserTest.assertError("<a b='" + big + "'/>", Kind.POLICY_VIOLATION, "attribute value longer");
        // and in text by the text limit, streamed
        XmlPullParser p = new XmlPullParser();
        p.feed("<a>");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        String chunk = "&#x41;&lt;".repeat(10_000);
        XmlException e = assertThrows(XmlException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                p.feed(chunk);
                while (p.next() != XmlPullParser.NEED_INPUT) {
                    // drain
                }
            }
        });
        assertEquals(Kind.POLICY_VIOLATION, e.kind());
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() throws XmlException {
        String doc = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        XmlException e = XmlPullParserTest.assertError(doc, Kind.POLICY_VIOLATION, "nesting deeper than 64");
        assertEquals(1 + 64 * 3, e.column());
        // raising the limit works too, with no recursion anywhere
        XmlLimits deep = XmlLimits.DEFAULT.withMaxDepth(20_000).withMaxStanzaChars(100_000);
        assertTrue(XmlTestSupport.parse(doc, null, false, deep).ok());
        final int[] max = {0};
        XmlTreeBuilder.forFrames(deep, new XmlTreeBuilder.Handler() {
            @Override
            public void onStreamOpen(XmlElement header) {
            }

            @Override
            public void onElement(XmlElement el) {
                max[0] = 1;
            }

            @Override
            public void onStreamClose() {
            }
        }).feed(doc);
        assertEquals(1, max[0]);
    }

    @Test
    void hugeTextNodeIsRejectedEarlyWithBoundedMemory() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        byte[] head = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'><message>".getBytes(
                StandardCharsets.UTF_8);
        p.feed(head, 0, head.length);
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        long fed = 0;
        XmlException err = null;
        for (int i = 0; i < 100 * 16 && err == null; i++) { // 100 MB in 64 KB chunks, generated on the fly
            try {
                p.feed(chunk, 0, chunk.length);
                fed += chunk.length;
                while (p.next() != XmlPullParser.NEED_INPUT) {
                    // drain
                }
            } catch (XmlException e) {
                err = e;
            }
        }
        assertTrue(err != null, "100 MB text accepted");
        assertEquals(Kind.POLICY_VIOLATION, err.kind());
        assertTrue(err.getMessage().contains("text node exceeds"), err.getMessage());
        assertTrue(fed <= 1_000_000 + 2 * chunk.length, "rejected only after " + fed + " chars");
    }

    @Test
    void hugeStartTagIsRejectedEarly() {
        XmlPullParser p = new XmlPullParser();
        String chunk = " a".repeat(32 * 1024);
        XmlException e = assertThrows(XmlException.class, () -> {
            p.feed("<s><m");
            for (int i = 0; i < 1600; i++) {
                p.feed(chunk);
                while (p.next() != XmlPullParser.NEED_INPUT) {
                    // drain
                }
            }
        });
        assertEquals(Kind.POLICY_VIOLATION, e.kind());
        assertTrue(e.getMessage().contains("stanza exceeds"), e.getMessage());
    }

    @Test
    void manySmallStanzasDoNotAccumulate() throws XmlException {
        // a long stream stays within limits: the stanza limit is per stanza, the buffer is compacted
        XmlPullParser p = new XmlPullParser(XmlLimits.DEFAULT.withMaxStanzaChars(200));
        p.feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        int stanzas = 0;
        for (int i = 0; i < 50_000; i++) {
            p.feed("<message to='a@b' id='" + i + "'><body>hello " + i + "</body></message> ");
            int ev;
            while ((ev = p.next()) != XmlPullParser.NEED_INPUT) {
                if (ev == XmlPullParser.END_ELEMENT && p.getDepth() == 2) {
                    stanzas++;
                }
            }
        }
        assertEquals(50_000, stanzas);
    }
}
