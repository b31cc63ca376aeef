package im.parley.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.xml.XmlException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlTreeBuilderTest {
    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    /** Records callbacks as strings. */
    static final class Recorder implements XmlTreeBuilder.Handler {
        final List<String> log = new ArrayList<>();
        final List<XmlElement> elements = new ArrayList<>();

        @Override
        public void onStreamOpen(XmlElement header) {
            log.add("open " + header.toXml());
        }

        @Override
        public void onElement(XmlElement element) {
            elements.add(element);
            log.add(element.toXml());
        }

        @Override
        public void onStreamClose() {
            log.add("close");
        }
    }

    static final String STREAM = "<?xml version='1.0'?><stream:stream from='im.example.com' id='++TR84Sm6A3hnt3Q065'"
            + " to='juliet@im.example.com' version='1.0' xml:lang='en' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams'>\n"
            + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features> \n\t"
            + "<message to='a@b' type='chat'><body>h\u00e9llo 😀 &amp; <![CDATA[<x>]]></body>  <c/></message>"
            + "<iq type='result' id='1'/>\n</stream:stream>";

    static final List<String> EXPECTED = List.of(
            "open <stream xmlns=\"http://etherx.jabber.org/streams\" from=\"im.example.com\" id=\"++TR84Sm6A3hnt3Q065\""
                    + " to=\"juliet@im.example.com\" version=\"1.0\" xml:lang=\"en\"/>",
            "<features xmlns=\"http://etherx.jabber.org/streams\"><bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>"
                    + "</features>",
            "<message xmlns=\"jabber:client\" to=\"a@b\" type=\"chat\"><body>h\u00e9llo 😀 &amp; &lt;x&gt;</body>  <c/>"
                    + "</message>",
            "<iq xmlns=\"jabber:client\" type=\"result\" id=\"1\"/>",
            "close");

    @Test
    void streamMode() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forStream(null, r);
        b.feed(STREAM);
        assertEquals(EXPECTED, r.log);
        XmlElement msg = r.elements.get(1);
        assertEquals("h\u00e9llo 😀 & <x>", msg.childText("body", "jabber:client"));
        assertEquals(List.of(msg.children().get(0), "  ", msg.children().get(1)), msg.content());
    }

    @Test
    void streamSplitAtEveryPosition() throws XmlException {
        for (int cut = 0; cut <= STREAM.length(); cut++) {
            Recorder r = new Recorder();
            XmlTreeBuilder b = XmlTreeBuilder.forStream(XmlLimits.DEFAULT, r);
            b.feed(STREAM.substring(0, cut));
            b.feed(STREAM.substring(cut));
            assertEquals(EXPECTED, r.log, "cut at " + cut);
        }
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            for (int cut2 = cut; cut2 <= Math.min(bytes.length, cut + 3); cut2++) {
                Recorder r = new Recorder();
                XmlTreeBuilder b = XmlTreeBuilder.forStream(XmlLimits.DEFAULT, r);
                b.feed(bytes, 0, cut);
                b.feed(bytes, cut, cut2 - cut);
                b.feed(bytes, cut2, bytes.length - cut2);
                assertEquals(EXPECTED, r.log, "cut at " + cut + "," + cut2);
            }
        }
    }

    @Test
    void streamDeliversStanzasAsSoonAsComplete() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forStream(null, r);
        b.feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        assertEquals(1, r.log.size());
        b.feed("<presence/> <message><body>x</bo");
        assertEquals(2, r.log.size());
        b.feed("dy></message>");
        assertEquals(3, r.log.size());
        assertEquals("<message xmlns=\"jabber:client\"><body>x</body></message>", r.log.get(2));
    }

    @Test
    void streamRestartWithReset() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forStream(null, r);
        String open = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
        b.feed(open + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        b.reset();
        b.feed("<?xml version='1.0'?>" + open + "<stream:features/>");
        assertEquals(4, r.log.size());
        assertTrue(r.log.get(2).startsWith("open "));
    }

    @Test
    void streamErrorsStick() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forStream(null, r);
        b.feed("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>");
        XmlException e = assertThrows(XmlException.class, () -> b.feed("<a></b>"));
        assertEquals(Kind.NOT_WELL_FORMED, e.kind());
        assertSame(e, assertThrows(XmlException.class, () -> b.feed("<c/>")));
    }

    @Test
    void streamStanzaLimitIsPerStanza() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forStream(XmlLimits.DEFAULT.withMaxStanzaChars(100), r);
        b.feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='x'>");
        for (int i = 0; i < 100; i++) {
            b.feed("<message><body>" + "x".repeat(60) + "</body></message>\n");
        }
        assertEquals(101, r.log.size());
        XmlException e = assertThrows(XmlException.class, () -> b.feed("<message><body>" + "x".repeat(100)));
        assertEquals(Kind.POLICY_VIOLATION, e.kind());
    }

    @Test
    void framesMode() throws XmlException {
        Recorder r = new Recorder();
        XmlTreeBuilder b = XmlTreeBuilder.forFrames(null, r);
        b.feed("<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\" to=\"example.com\" version=\"1.0\" />");
        b.feed("<?xml version='1.0'?>\n<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.com' "
                + "id='++TR84Sm6A3hnt3Q065SnAbbk3Y=' xml:lang='en' version='1.0'/>\n");
        byte[] features = ("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='"
                + "urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>")
                .getBytes(StandardCharsets.UTF_8);
        b.feed(features, 0, features.length);
        b.feed("  <message xmlns='jabber:client'><body>caf\u00e9</body></message>  ");
        b.feed("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertEquals(5, r.elements.size());
        assertEquals("open", r.elements.get(0).name());
        assertEquals(FRAMING, r.elements.get(0).namespace());
        assertEquals("example.com", r.elements.get(0).attr("to"));
        assertEquals("en", r.elements.get(1).attr(XmlPullParser.XML_NS, "lang"));
        assertEquals("PLAIN", r.elements.get(2).child("mechanisms", null).childText("mechanism", null));
        assertEquals("caf\u00e9", r.elements.get(3).childText("body", "jabber:client"));
        assertEquals("close", r.elements.get(4).name());
        assertTrue(r.log.stream().noneMatch(s -> s.startsWith("open ") || s.equals("close")));
    }

    @Test
    void framesMustBeExactlyOneElement() {
        String[] bad = {"", "   ", "<a/><b/>", "<a>", "<a/>text", "<message xmlns='jabber:client'><body>x</body>",
            "</a>", "text"};
        for (String f : bad) {
            XmlTreeBuilder b = XmlTreeBuilder.forFrames(null, new Recorder());
            XmlException e = assertThrows(XmlException.class, () -> b.feed(f), f);
            assertEquals(Kind.NOT_WELL_FORMED, e.kind(), f);
        }
        XmlTreeBuilder b = XmlTreeBuilder.forFrames(null, new Recorder());
        assertEquals(Kind.RESTRICTED_XML, assertThrows(XmlException.class, () -> b.feed("<a><!--x--></a>")).kind());
    }

    @Test
    void frameSizeLimitCountsTheWholeFrame() {
        XmlTreeBuilder b = XmlTreeBuilder.forFrames(XmlLimits.DEFAULT.withMaxStanzaChars(50), new Recorder());
        XmlException e = assertThrows(XmlException.class,
                () -> b.feed("<a>" + "<b>0123456789</b>".repeat(5) + "</a>"));
        assertEquals(Kind.POLICY_VIOLATION, e.kind());
    }

    @Test
    void parseHelper() throws XmlException {
        XmlElement e = XmlTreeBuilder.parse("<a xmlns='urn:a'><b>t</b></a>");
        assertEquals("t", e.childText("b", "urn:a"));
        assertThrows(XmlException.class, () -> XmlTreeBuilder.parse("<a>"));
    }
}
