package im.parley.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import im.parley.xml.XmlException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XmlPullParserTest {

    /** Parses whole, in 1-char chunks and in random String/byte chunkings: all must fail the same way. */
    static XmlException assertError(String doc, Kind kind, String part) {
        return assertError(doc, kind, part, XmlLimits.DEFAULT);
    }

    static XmlException assertError(String doc, Kind kind, String part, XmlLimits limits) {
        XmlTestSupport.Result whole = XmlTestSupport.parse(doc, null, false, limits);
        if (whole.ok()) {
            fail("accepted: " + doc + "\n" + whole);
        }
        XmlException e = whole.error;
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        assertTrue(e.getMessage().startsWith("line " + e.line() + ", column " + e.column() + ": "));
        Random r = new Random(doc.hashCode());
        boolean utf8 = new String(doc.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(doc);
        for (int i = 0; i < 6; i++) {
            XmlTestSupport.Result c = XmlTestSupport.parse(doc, r, utf8 && i % 2 == 1, limits);
            if (c.ok()) {
                fail("accepted in chunks: " + doc);
            }
            assertEquals(kind, c.error.kind(), c.error.getMessage());
        }
        return e;
    }

    static List<String> events(String doc) {
        XmlTestSupport.Result r = XmlTestSupport.parseWhole(doc);
        if (!r.ok()) {
            fail(r.error.getMessage());
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 6; i++) {
            XmlTestSupport.Result c = XmlTestSupport.parse(doc, rnd, i % 2 == 1, XmlLimits.DEFAULT);
            assertEquals(r.toString(), c.toString(), "chunked parse differs");
        }
        return r.events;
    }

    // ---------------------------------------------------------------- accepted input

    @Test
    void endTagsAndLocationsAcrossChunks() throws XmlException {
        // end tags complete in one chunk, split inside or right before '>', with whitespace, or not matching; the
        // location of an event is the same whether it is asked for at once or after later events and chunks
        XmlPullParser p = new XmlPullParser();
        p.feed("<a>\n <b:c xmlns:b='u'>x</b:c");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.feed(">\r\n<d></d ><e/></");
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals("c", p.getLocalName());
        assertEquals(2, p.getLine());
        assertEquals(20, p.getColumn());
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.feed("a>");
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals("a", p.getLocalName());
        assertEquals(3, p.getLine());
        assertEquals(13, p.getColumn());
        XmlException e = assertError("<a><ab></a></ab></a>", Kind.NOT_WELL_FORMED, "expected '</ab>', found '</a>'");
        assertEquals(8, e.column());
        assertError("<ab></a>", Kind.NOT_WELL_FORMED, "expected '</ab>', found '</a>'");
        assertError("<a></a b>", Kind.NOT_WELL_FORMED, "malformed end tag");
        assertEquals(List.of("S {}:a", "T [x]", "E {}:a"), events("<a>x</a\n>"));
    }

    @Test
    void basicEventsAndAccessors() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        p.feed("<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/"
                + "streams' to='example.com' xml:lang='en' version='1.0'>\n  <message id='1'><body>Hi &amp; bye"
                + "</body></message>");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals("stream", p.getLocalName());
        assertEquals("stream", p.getPrefix());
        assertEquals("http://etherx.jabber.org/streams", p.getNamespaceURI());
        assertEquals(1, p.getDepth());
        assertEquals(2, p.getLine());
        assertEquals(1, p.getColumn());
        assertEquals(3, p.getAttributeCount());
        assertEquals("example.com", p.getAttributeValue("", "to"));
        assertEquals("en", p.getAttributeValue(XmlPullParser.XML_NS, "lang"));
        assertEquals("xml", p.getAttributePrefix(1));
        assertNull(p.getAttributeValue(null, "from"));
        assertEquals(2, p.getNamespaceCount());
        assertEquals("", p.getNamespacePrefix(0));
        assertEquals("jabber:client", p.getNamespaceURI(0));
        assertEquals("stream", p.getNamespacePrefix(1));
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals("\n  ", p.getText());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals("message", p.getLocalName());
        assertEquals("jabber:client", p.getNamespaceURI());
        assertEquals("", p.getPrefix());
        assertEquals(2, p.getDepth());
        assertEquals(3, p.getLine());
        assertEquals(3, p.getColumn());
        assertEquals(0, p.getNamespaceCount());
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals("Hi & bye", p.getText());
        assertEquals(3, p.getDepth());
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals("body", p.getLocalName());
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals("message", p.getLocalName());
        assertEquals(2, p.getDepth());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.feed("</stream:stream>");
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals("stream", p.getLocalName());
        assertEquals(1, p.getDepth());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.endOfInput();
        assertEquals(XmlPullParser.END_DOCUMENT, p.next());
        assertEquals(XmlPullParser.END_DOCUMENT, p.next());
    }

    @Test
    void emptyElementGivesStartAndEnd() {
        assertEquals(List.of("S {urn:x}:a ns(=urn:x)", "S {urn:x}:b @{}:c=[d]", "E {urn:x}:b", "E {urn:x}:a"),
                events("<a xmlns='urn:x'><b c='d'/></a>"));
    }

    @Test
    void textIsCoalescedWithReferencesAndCdata() {
        assertEquals(List.of("S {}:a", "T [x<y>&\"'AB\u00e9😀 <cdata> & ] z]", "E {}:a"),
                events("<a>x&lt;y&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;&#x1F600; <![CDATA[<cdata> & ]]]> z</a>"));
    }

    @Test
    void lineEndsAreNormalized() {
        assertEquals(List.of("S {}:a @{}:b=[1 2  3 4\r]", "T [x\ny\nz\r\n]", "E {}:a"),
                events("<a b='1\t2\r\n\n3\r4&#13;'>x\r\ny\rz&#13;\n</a>"));
    }

    @Test
    void cdataOnlyAndEmptyCdata() {
        assertEquals(List.of("S {}:a", "E {}:a"), events("<a><![CDATA[]]></a>"));
        assertEquals(List.of("S {}:a", "T [ ]]> ]", "E {}:a"), events("<a><![CDATA[ ]]]]><![CDATA[> ]]></a>"));
    }

    @Test
    void whitespaceAndDeclarationAroundRoot() {
        assertEquals(List.of("S {}:a", "E {}:a"), events("<?xml version=\"1.0\" encoding='utf-8' standalone='yes' ?>"
                + "\r\n <a/>\n\t "));
        assertEquals(List.of("S {}:a", "E {}:a"), events("\uFEFF<a></a >"));
    }

    @Test
    void namespacesScopeAndUndeclare() {
        assertEquals(List.of("S {urn:a}:a ns(=urn:a)", "S {}:b ns(=)", "S {urn:p}p:c @{urn:p}p:x=[1] ns(p=urn:p)",
                "E {urn:p}p:c", "E {}:b", "S {urn:a}:d", "E {urn:a}:d", "E {urn:a}:a"),
                events("<a xmlns='urn:a'><b xmlns=''><p:c xmlns:p='urn:p' p:x='1'/></b><d/></a>"));
    }

    @Test
    void xmlPrefixIsPredeclared() {
        assertEquals(List.of("S {http://www.w3.org/XML/1998/namespace}xml:a @{http://www.w3.org/XML/1998/namespace}"
                + "xml:lang=[en] ns(xml=http://www.w3.org/XML/1998/namespace)",
                "E {http://www.w3.org/XML/1998/namespace}xml:a"),
                events("<xml:a xml:lang='en' xmlns:xml='http://www.w3.org/XML/1998/namespace'/>"));
    }

    @Test
    void nonAsciiNames() {
        assertEquals(List.of("S {}:résumé @{}:日本=[ja]", "S {}:𐀀x", "E {}:𐀀x", "E {}:résumé"),
                events("<résumé 日本='ja'><𐀀x/></résumé>"));
    }

    @Test
    void surrogatePairSplitAcrossStringChunks() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        String s = "<a>😀</a>";
        p.feed(s.substring(0, 4));
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.feed(s.substring(4));
        assertEquals(XmlPullParser.TEXT, p.next());
        assertEquals("😀", p.getText());
    }

    @Test
    void utf8SplitInsideCharacter() throws XmlException {
        byte[] b = "<a>é中😀</a>".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < b.length; cut++) {
            XmlPullParser p = new XmlPullParser();
            XmlTestSupport.Events ev = new XmlTestSupport.Events();
            p.feed(b, 0, cut);
            XmlTestSupport.drain(p, ev);
            p.feed(b, cut, b.length - cut);
            XmlTestSupport.drain(p, ev);
            p.endOfInput();
            assertEquals(XmlPullParser.END_DOCUMENT, XmlTestSupport.drain(p, ev));
            assertEquals(List.of("S {}:a", "T [é中😀]", "E {}:a"), ev.done());
        }
    }

    @Test
    void resetReusesParser() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        p.feed("<a><b>");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        p.reset();
        p.feed("<?xml version='1.0'?><c/>");
        p.endOfInput();
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals("c", p.getLocalName());
        assertEquals(1, p.getDepth());
        assertEquals(XmlPullParser.END_ELEMENT, p.next());
        assertEquals(XmlPullParser.END_DOCUMENT, p.next());
        p.reset();
        p.feed("<d");
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
    }

    // ---------------------------------------------------------------- restricted XML

    @Test
    void doctypeIsRestricted() {
        assertError("<!DOCTYPE a><a/>", Kind.RESTRICTED_XML, "DOCTYPE");
        assertError("<a><!DOCTYPE a></a>", Kind.RESTRICTED_XML, "DOCTYPE");
        assertError("<a><!ENTITY x 'y'></a>", Kind.RESTRICTED_XML, "DTD");
    }

    @Test
    void entityReferencesAreRestricted() {
        XmlException e = assertError("<a>&foo;</a>", Kind.RESTRICTED_XML, "'&foo;'");
        assertEquals(1, e.line());
        assertEquals(4, e.column());
        assertError("<a b='&nbsp;'/>", Kind.RESTRICTED_XML, "entity reference");
        assertError("<a>&AMP;</a>", Kind.RESTRICTED_XML, "entity reference");
    }

    @Test
    void commentsAreRestricted() {
        assertError("<!-- hi --><a/>", Kind.RESTRICTED_XML, "comments");
        assertError("<a>x<!-- hi --></a>", Kind.RESTRICTED_XML, "comments");
        assertError("<a/><!-- hi -->", Kind.RESTRICTED_XML, "comments");
    }

    @Test
    void processingInstructionsAreRestricted() {
        assertError("<?php echo 1 ?><a/>", Kind.RESTRICTED_XML, "processing instructions");
        assertError("<a><?pi x?></a>", Kind.RESTRICTED_XML, "processing instructions");
        assertError(" <?xml version='1.0'?><a/>", Kind.RESTRICTED_XML, "processing instructions");
        assertError("<a/><?xml version='1.0'?>", Kind.RESTRICTED_XML, "processing instructions");
        assertError("<?xml-stylesheet href='x'?><a/>", Kind.RESTRICTED_XML, "processing instructions");
    }

    // ---------------------------------------------------------------- well-formedness

    @Test
    void mismatchedAndUnclosedTags() {
        XmlException e = assertError("<a>\n  <b></c></a>", Kind.NOT_WELL_FORMED, "mismatched end tag");
        assertEquals(2, e.line());
        assertEquals(6, e.column());
        assertError("<a><b></a>", Kind.NOT_WELL_FORMED, "expected '</b>'");
        assertError("<a>", Kind.NOT_WELL_FORMED, "unexpected end of input");
        assertError("<a></a></b>", Kind.NOT_WELL_FORMED, "unexpected end tag");
        assertError("</a>", Kind.NOT_WELL_FORMED, "unexpected end tag");
        assertError("<a/><b/>", Kind.NOT_WELL_FORMED, "only one root");
        assertError("", Kind.NOT_WELL_FORMED, "no root element");
        assertError("  \n", Kind.NOT_WELL_FORMED, "no root element");
        assertError("text<a/>", Kind.NOT_WELL_FORMED, "before the root");
        assertError("<a/>text", Kind.NOT_WELL_FORMED, "after the root");
        assertError("<a></a b>", Kind.NOT_WELL_FORMED, "malformed end tag");
    }

    @Test
    void duplicateAttributes() {
        XmlException e = assertError("<a\n  to='x' from='y' to='z'/>", Kind.NOT_WELL_FORMED, "duplicate attribute 'to'");
        assertEquals(2, e.line());
        assertError("<a xmlns:p='urn:x' xmlns:q='urn:x' p:b='1' q:b='2'/>", Kind.NOT_WELL_FORMED,
                "duplicate attribute 'q:b'");
        assertError("<a xmlns='urn:a' xmlns='urn:b'/>", Kind.NOT_WELL_FORMED, "duplicate attribute 'xmlns'");
        assertError("<a xmlns:p='urn:a' xmlns:p='urn:a'/>", Kind.NOT_WELL_FORMED, "duplicate attribute 'xmlns:p'");
        // same local name in different namespaces is fine
        events("<a xmlns:p='urn:x' xmlns:q='urn:y' p:b='1' q:b='2' b='3'/>");
    }

    @Test
    void unboundPrefixes() {
        assertError("<p:a/>", Kind.NOT_WELL_FORMED, "unbound namespace prefix 'p'");
        assertError("<a p:b='1'/>", Kind.NOT_WELL_FORMED, "unbound namespace prefix 'p'");
        assertError("<a><p:b xmlns:p='urn:p'/><p:c/></a>", Kind.NOT_WELL_FORMED, "unbound namespace prefix 'p'");
        assertError("<xmlns:a/>", Kind.NOT_WELL_FORMED, "'xmlns' prefix");
    }

    @Test
    void xmlPrefixRules() {
        assertError("<a xmlns:xml='urn:x'/>", Kind.NOT_WELL_FORMED, "'xml' prefix can only be bound");
        assertError("<a xmlns:x='http://www.w3.org/XML/1998/namespace'/>", Kind.NOT_WELL_FORMED,
                "can only be bound to the 'xml' prefix");
        assertError("<a xmlns='http://www.w3.org/XML/1998/namespace'/>", Kind.NOT_WELL_FORMED,
                "can only be bound to the 'xml' prefix");
        assertError("<a xmlns:xmlns='urn:x'/>", Kind.NOT_WELL_FORMED, "'xmlns' prefix must not be declared");
        assertError("<a xmlns:x='http://www.w3.org/2000/xmlns/'/>", Kind.NOT_WELL_FORMED, "must not be declared");
        assertError("<a xmlns:p=''/>", Kind.NOT_WELL_FORMED, "empty namespace name");
    }

    @Test
    void illegalCharacters() {
        assertError("<a>\u0001</a>", Kind.NOT_WELL_FORMED, "illegal XML character U+0001");
        assertError("<a>\uFFFE</a>", Kind.NOT_WELL_FORMED, "U+FFFE");
        assertError("<a>x\uD800y</a>", Kind.NOT_WELL_FORMED, "unpaired surrogate U+D800");
        assertError("<a>x\uDC00</a>", Kind.NOT_WELL_FORMED, "unpaired surrogate U+DC00");
        assertError("<a>\uD83D", Kind.NOT_WELL_FORMED, "unpaired surrogate");
        assertError("<a b='\u0000'/>", Kind.NOT_WELL_FORMED, "illegal XML character U+0000");
        assertError("<a b='\uDFFF'/>", Kind.NOT_WELL_FORMED, "unpaired surrogate");
        assertError("<a><![CDATA[\u0008]]></a>", Kind.NOT_WELL_FORMED, "illegal XML character");
        assertError("<a>&#0;</a>", Kind.NOT_WELL_FORMED, "illegal XML character");
        assertError("<a>&#xD800;</a>", Kind.NOT_WELL_FORMED, "character reference to an illegal");
        assertError("<a>&#x110000;</a>", Kind.NOT_WELL_FORMED, "character reference to an illegal");
        assertError("<a>&#xFFFF;</a>", Kind.NOT_WELL_FORMED, "character reference to an illegal");
        assertError("<a b='&#1;'/>", Kind.NOT_WELL_FORMED, "character reference to an illegal");
    }

    @Test
    void malformedReferences() {
        assertError("<a>&#;</a>", Kind.NOT_WELL_FORMED, "malformed character reference");
        assertError("<a>&#x;</a>", Kind.NOT_WELL_FORMED, "malformed character reference");
        assertError("<a>&#12a;</a>", Kind.NOT_WELL_FORMED, "malformed character reference");
        assertError("<a>& b</a>", Kind.NOT_WELL_FORMED, "malformed entity reference");
        assertError("<a>&amp</a>", Kind.NOT_WELL_FORMED, "malformed entity reference");
        assertError("<a>&;</a>", Kind.NOT_WELL_FORMED, "malformed entity reference");
        assertError("<a b='x&y'/>", Kind.NOT_WELL_FORMED, "malformed entity reference");
        assertError("<a>&#000000000000000000000000000000000000000000000000000000000000000065;</a>",
                Kind.NOT_WELL_FORMED, "too long");
    }

    @Test
    void attributeSyntax() {
        assertError("<a b='<'/>", Kind.NOT_WELL_FORMED, "'<' is not allowed in attribute values");
        assertError("<a b=c/>", Kind.NOT_WELL_FORMED, "must be quoted");
        assertError("<a b/>", Kind.NOT_WELL_FORMED, "expected '='");
        assertError("<a b='1'c='2'/>", Kind.NOT_WELL_FORMED, "expected whitespace");
        assertError("<a b='1/>", Kind.NOT_WELL_FORMED, "unexpected end of input");
        assertError("<a b='1\"/><c/>", Kind.NOT_WELL_FORMED, "unexpected end of input");
        assertError("<a <b/>", Kind.NOT_WELL_FORMED, "'<' is not allowed inside a tag");
        assertError("<a =''/>", Kind.NOT_WELL_FORMED, "expected attribute name");
        assertError("<a / >", Kind.NOT_WELL_FORMED, "expected '>' after '/'");
        assertError("<a b='1' <c/>", Kind.NOT_WELL_FORMED, "'<' is not allowed inside a tag");
    }

    @Test
    void names() {
        assertError("<1a/>", Kind.NOT_WELL_FORMED, "invalid name start character");
        assertError("< a/>", Kind.NOT_WELL_FORMED, "expected element name");
        assertError("<-a/>", Kind.NOT_WELL_FORMED, "invalid name start");
        assertError("<:a/>", Kind.NOT_WELL_FORMED, "must not start with ':'");
        assertError("<a:/>", Kind.NOT_WELL_FORMED, "must not end with ':'");
        assertError("<a:b:c/>", Kind.NOT_WELL_FORMED, "more than one ':'");
        assertError("<a:1 xmlns:a='urn:a'/>", Kind.NOT_WELL_FORMED, "element name must not end with ':'");
        assertError("<a\u00d7b/>", Kind.NOT_WELL_FORMED, "expected whitespace");
    }

    @Test
    void cdataEndInText() {
        assertError("<a>x]]>y</a>", Kind.NOT_WELL_FORMED, "']]>' is not allowed in text");
        assertError("<a>]]]></a>", Kind.NOT_WELL_FORMED, "']]>' is not allowed in text");
        assertError("<a><![CDATA[x</a>", Kind.NOT_WELL_FORMED, "unterminated CDATA");
        assertError("<a><![CDAT[x]]></a>", Kind.NOT_WELL_FORMED, "malformed CDATA");
        assertError("<![CDATA[x]]><a/>", Kind.NOT_WELL_FORMED, "CDATA section outside");
        events("<a>]]&gt; ]] ] ]></a>");
    }

    @Test
    void xmlDeclaration() {
        assertError("<?xml version='1.1'?><a/>", Kind.NOT_WELL_FORMED, "unsupported XML version");
        assertError("<?xml encoding='UTF-8'?><a/>", Kind.NOT_WELL_FORMED, "without version");
        assertError("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", Kind.NOT_WELL_FORMED, "unsupported encoding");
        assertError("<?xml version='1.0' standalone='maybe'?><a/>", Kind.NOT_WELL_FORMED, "malformed XML decl");
        assertError("<?xml version='1.0' foo='bar'?><a/>", Kind.NOT_WELL_FORMED, "malformed XML decl");
        assertError("<?xml version='1.0'encoding='UTF-8'?><a/>", Kind.NOT_WELL_FORMED, "malformed XML decl");
    }

    @Test
    void invalidUtf8() throws XmlException {
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] b : bad) {
            XmlPullParser p = new XmlPullParser();
            p.feed("<a>x".getBytes(StandardCharsets.UTF_8), 0, 4);
            assertEquals(XmlPullParser.START_ELEMENT, p.next());
            XmlException e = assertThrows(XmlException.class, () -> {
                p.feed(b, 0, b.length);
                p.feed("</a>".getBytes(StandardCharsets.UTF_8), 0, 4);
                p.endOfInput();
                while (p.next() != XmlPullParser.END_DOCUMENT) {
                    // drain
                }
            });
            assertEquals(Kind.NOT_WELL_FORMED, e.kind());
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        }
    }

    @Test
    void truncatedUtf8AtEndOfInput() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        byte[] b = {'<', 'a', '>', (byte) 0xE4, (byte) 0xB8};
        p.feed(b, 0, b.length);
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        assertEquals(XmlPullParser.NEED_INPUT, p.next());
        p.endOfInput();
        XmlException e = assertThrows(XmlException.class, p::next);
        assertTrue(e.getMessage().contains("truncated UTF-8"));
    }

    @Test
    void parserStaysFailed() throws XmlException {
        XmlPullParser p = new XmlPullParser();
        p.feed("<a><!-- x --></a>");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
        XmlException e1 = assertThrows(XmlException.class, p::next);
        XmlException e2 = assertThrows(XmlException.class, p::next);
        assertSame(e1, e2);
        assertSame(e1, assertThrows(XmlException.class, () -> p.feed("<b/>")));
        assertEquals("restricted-xml", e1.kind().condition());
        p.reset();
        p.feed("<b/>");
        assertEquals(XmlPullParser.START_ELEMENT, p.next());
    }

    @Test
    void conditions() {
        assertEquals("not-well-formed", Kind.NOT_WELL_FORMED.condition());
        assertEquals("restricted-xml", Kind.RESTRICTED_XML.condition());
        assertEquals("policy-violation", Kind.POLICY_VIOLATION.condition());
    }

    // ---------------------------------------------------------------- limits

    @Test
    void depthLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxDepth(3);
        events("<a><b><c/></b></a>");
        assertEquals(3, XmlTestSupport.parse("<a><b><c/></b></a>", null, false, l).events.size() / 2);
        assertError("<a><b><c><d/></c></b></a>", Kind.POLICY_VIOLATION, "nesting deeper than 3", l);
    }

    @Test
    void attributeCountLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxAttributes(2);
        assertTrue(XmlTestSupport.parse("<a b='1' c='2' xmlns='x'/>", null, false, l).ok());
        assertError("<a b='1' c='2' d='3'/>", Kind.POLICY_VIOLATION, "more than 2 attributes", l);
    }

    @Test
    void namespaceDeclarationLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxNamespaceDeclarations(2);
        assertTrue(XmlTestSupport.parse("<a xmlns='x' xmlns:b='y'/>", null, false, l).ok());
        assertError("<a xmlns='x' xmlns:b='y' xmlns:c='z'/>", Kind.POLICY_VIOLATION, "namespace declarations", l);
    }

    @Test
    void nameLengthLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxNameLength(5);
        assertTrue(XmlTestSupport.parse("<abcde/>", null, false, l).ok());
        assertError("<abcdef/>", Kind.POLICY_VIOLATION, "element name longer than 5", l);
        assertError("<a abcdef='1'/>", Kind.POLICY_VIOLATION, "attribute name longer than 5", l);
        assertError("<a>&abcdefgh;</a>", Kind.POLICY_VIOLATION, "entity name longer", l);
    }

    @Test
    void textLengthLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxTextLength(10);
        assertTrue(XmlTestSupport.parse("<a>0123456789<b/>0123456789</a>", null, false, l).ok());
        assertError("<a>0123456789A</a>", Kind.POLICY_VIOLATION, "text node exceeds 10", l);
        assertError("<a>01234<![CDATA[56789]]>&amp;</a>", Kind.POLICY_VIOLATION, "text node exceeds", l);
        assertError("<a>0123456789\r\n</a>", Kind.POLICY_VIOLATION, "text node exceeds", l);
    }

    @Test
    void attributeValueLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxAttributeValueLength(4);
        assertTrue(XmlTestSupport.parse("<a b='1234' c='&amp;&amp;&amp;&amp;'/>", null, false, l).ok());
        assertError("<a b='12345'/>", Kind.POLICY_VIOLATION, "attribute value longer than 4", l);
        assertError("<a b='&amp;&amp;&amp;&amp;&amp;'/>", Kind.POLICY_VIOLATION, "attribute value longer", l);
    }

    @Test
    void stanzaSizeLimit() {
        XmlLimits l = XmlLimits.DEFAULT.withMaxStanzaChars(40);
        String ok = "<s><m>" + "x".repeat(25) + "</m>" + "<m>" + "y".repeat(25) + "</m></s>";
        assertTrue(XmlTestSupport.parse(ok, null, false, l).ok());
        assertError("<s><m>" + "x".repeat(40) + "</m></s>", Kind.POLICY_VIOLATION, "stanza exceeds 40", l);
        assertError("<s><m a='" + "x".repeat(40) + "'/></s>", Kind.POLICY_VIOLATION, "stanza exceeds 40", l);
        assertError("<s><m>" + "<b/>".repeat(12) + "</m></s>", Kind.POLICY_VIOLATION, "stanza exceeds 40", l);
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> XmlLimits.DEFAULT.withMaxDepth(0));
        assertEquals(1_000_000, XmlLimits.defaults().maxStanzaChars());
        assertEquals(64, XmlLimits.defaults().maxDepth());
        assertEquals(64, XmlLimits.defaults().maxAttributes());
        assertEquals(256, XmlLimits.defaults().maxNameLength());
        assertEquals(1_000_000, XmlLimits.defaults().maxTextLength());
        assertEquals(65_536, XmlLimits.defaults().maxAttributeValueLength());
    }
}
