package im.parley.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    private static XmlElement parse(String s) throws XmlException {
        return XmlTreeBuilder.parse(s);
    }

    @Test
    void escapesText() {
        XmlElement e = XmlElement.builder("body", "").text("a & b < c > d \"q\" 'a' \r\n\t").build();
        assertEquals("<body>a &amp; b &lt; c &gt; d \"q\" 'a' &#13;\n\t</body>", e.toXml());
    }

    @Test
    void escapesAttributes() {
        XmlElement e = XmlElement.builder("a", "").attr("v", "a&b<c>d\"e'f\tg\nh\ri").build();
        assertEquals("<a v=\"a&amp;b&lt;c>d&quot;e'f&#9;g&#10;h&#13;i\"/>", e.toXml());
    }

    @Test
    void rejectsCharactersXmlCannotCarry() {
        for (String bad : new String[] {"\u0000", "\u0001", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "x\uDC00",
            "\uD83D"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> XmlElement.builder("a", "").text(bad).build().toXml(), bad);
            assertThrows(IllegalArgumentException.class,
                    () -> XmlElement.builder("a", "").attr("b", bad).build().toXml(), bad);
        }
        assertEquals("<a>😀\uE000\uFFFD</a>", XmlElement.builder("a", "").text("😀\uE000\uFFFD").build().toXml());
        assertThrows(IllegalArgumentException.class, () -> XmlElement.builder("1a", "").build().toXml());
        assertThrows(IllegalArgumentException.class, () -> XmlElement.builder("a:b", "").build().toXml());
        assertThrows(IllegalArgumentException.class, () -> XmlElement.builder("a", "").attr("b c", "1").build()
                .toXml());
        assertThrows(IllegalArgumentException.class, () -> XmlElement.builder("a", "").attr("xmlns", "1").build()
                .toXml());
    }

    @Test
    void minimalNamespaceDeclarations() {
        XmlElement msg = XmlElement.builder("message", "jabber:client").attr("to", "romeo@example.net")
                .attr("type", "chat").textChild("body", "hi")
                .child(XmlElement.builder("active", "http://jabber.org/protocol/chatstates"))
                .child(XmlElement.builder("x", "").text("t"))
                .build();
        assertEquals("<message xmlns=\"jabber:client\" to=\"romeo@example.net\" type=\"chat\"><body>hi</body>"
                + "<active xmlns=\"http://jabber.org/protocol/chatstates\"/><x xmlns=\"\">t</x></message>",
                msg.toXml());
        assertEquals("<a/>", XmlElement.builder("a", null).build().toXml());
    }

    @Test
    void namespacedAttributesGetPrefixes() throws XmlException {
        XmlElement e = XmlElement.builder("a", "urn:a").attr(XmlPullParser.XML_NS, "lang", "en")
                .attr("urn:x", "b", "1").attr("urn:y", "c", "2")
                .child(XmlElement.builder("d", "urn:a").attr("urn:x", "e", "3"))
                .build();
        String xml = e.toXml();
        assertEquals("<a xmlns=\"urn:a\" xml:lang=\"en\" xmlns:ns1=\"urn:x\" ns1:b=\"1\" xmlns:ns2=\"urn:y\" "
                + "ns2:c=\"2\"><d ns1:e=\"3\"/></a>", xml);
        assertEquals(e, parse(xml));
        // a parsed prefix is reused as a hint
        XmlElement p = parse("<a xmlns:stream='urn:s' stream:x='1'/>");
        assertEquals("<a xmlns:stream=\"urn:s\" stream:x=\"1\"/>", p.toXml());
    }

    @Test
    void elementModelAccessors() throws XmlException {
        XmlElement e = parse("<iq xmlns='jabber:client' type='result' id='1'><query xmlns='jabber:iq:roster'>"
                + "<item jid='a@b'/><item jid='c@d'/>text</query><x>1</x><x xmlns='urn:x'>2</x></iq>");
        assertEquals("iq", e.name());
        assertEquals("jabber:client", e.namespace());
        assertEquals("result", e.attr("type"));
        assertNull(e.attr("urn:x", "type"));
        assertEquals(3, e.children().size());
        XmlElement q = e.child("query", "jabber:iq:roster");
        assertEquals(2, q.children("item", null).size());
        assertEquals("c@d", q.children("item", "jabber:iq:roster").get(1).attr("jid"));
        assertEquals("text", q.text());
        assertEquals("1", e.childText("x", "jabber:client"));
        assertEquals("2", e.childText("x", "urn:x"));
        assertEquals("1", e.childText("x", null));
        assertNull(e.childText("y", null));
        assertNull(e.child("query", "urn:other"));
        assertThrows(UnsupportedOperationException.class, () -> e.content().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> e.attributes().clear());
        assertEquals(e.toXml(), e.toString());
    }

    @Test
    void builderSemantics() {
        XmlElement a = XmlElement.builder("a", "urn:a").attr("x", null).attr("y", "1").attr("y", "2")
                .text(null).text("t").text("u").textChild("c", null).textChild("d", "v").build();
        assertNull(a.attr("x"));
        assertEquals("2", a.attr("y"));
        assertEquals(List.of("tu", XmlElement.builder("d", "urn:a").text("v").build()), a.content());
        assertEquals("urn:a", a.children().get(0).namespace());
        XmlElement b = XmlElement.builder("a", "urn:a").attr("y", "2").text("tu")
                .child(XmlElement.builder("d", "urn:a").text("v")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        XmlElement c = XmlElement.builder("a", "urn:a").attr("y", "3").text("tu").build();
        assertNotEquals(a, c);
        // attribute order does not matter
        assertEquals(XmlElement.builder("a", "").attr("p", "1").attr("q", "2").build(),
                XmlElement.builder("a", "").attr("q", "2").attr("p", "1").build());
    }

    @Test
    void roundTripCorpus() throws XmlException {
        for (String doc : XmlTestSupport.corpus()) {
            XmlElement e = parse(doc);
            String xml = e.toXml();
            assertEquals(e, parse(xml), doc);
            assertEquals(xml, parse(xml).toXml());
        }
    }

    @Test
    void roundTripRandom() throws XmlException {
        Random r = new Random(5);
        for (int i = 0; i < 3000; i++) {
            String doc = XmlTestSupport.randomDoc(r);
            XmlElement e = parse(doc);
            String xml = XmlWriter.write(e);
            XmlElement back = parse(xml);
            assertEquals(e, back, doc + "\n" + xml);
            StringBuilder sb = new StringBuilder("x");
            XmlWriter.write(back, sb);
            assertEquals("x" + xml, sb.toString());
        }
    }

    @Test
    void roundTripBuiltElements() throws XmlException {
        Random r = new Random(6);
        for (int i = 0; i < 500; i++) {
            XmlElement e = randomElement(r, 0);
            assertEquals(e, parse(e.toXml()), e.toXml());
        }
    }

    private static XmlElement randomElement(Random r, int depth) {
        XmlElement.Builder b = XmlElement.builder(XmlTestSupport.pick(r, XmlTestSupport.NAMES),
                r.nextInt(3) == 0 ? "" : XmlTestSupport.pick(r, XmlTestSupport.NS));
        for (int i = r.nextInt(4); i > 0; i--) {
            String ns = r.nextInt(3) == 0 ? XmlTestSupport.pick(r, XmlTestSupport.NS)
                    : r.nextInt(5) == 0 ? XmlPullParser.XML_NS : "";
            b.attr(ns, XmlTestSupport.pick(r, XmlTestSupport.NAMES), XmlTestSupport.randomText(r));
        }
        for (int i = depth > 4 ? 0 : r.nextInt(4); i > 0; i--) {
            if (r.nextBoolean()) {
                b.child(randomElement(r, depth + 1));
            } else {
                b.text(XmlTestSupport.randomText(r));
            }
        }
        return b.build();
    }
}
