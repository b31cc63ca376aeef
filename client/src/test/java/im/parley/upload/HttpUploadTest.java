package im.parley.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.xml.XmlElement;
import im.parley.xml.XmlTreeBuilder;
import org.junit.jupiter.api.Test;

/** What Parley accepts of an upload service: slots, headers, size limits, file names. */
class HttpUploadTest {
    private static XmlElement slot(String put, String get, String headers) throws Exception {
        return XmlTreeBuilder.parse("<slot xmlns='urn:xmpp:http:upload:0'><put url='" + put + "'>" + headers
                + "</put><get url='" + get + "'/></slot>");
    }

    @Test
    void aGoodSlotKeepsOnlyTheHeadersTheXepAllows() throws Exception {
        UploadSlot s = HttpUpload.parseSlot(slot("https://up.example.org/a/b.png?token=1",
                "https://up.example.org/a/b.png", "<header name='Authorization'>Basic Zm9v</header>"
                        + "<header name='Cookie'>c=1</header><header name='Expires'>Tue</header>"
                        + "<header name='Host'>evil.example</header><header name='X-Other'>1</header>"));
        assertEquals("https://up.example.org/a/b.png?token=1", s.putUrl());
        assertEquals("https://up.example.org/a/b.png", s.getUrl());
        assertEquals(3, s.headers().size());
        assertEquals("Authorization", s.headers().get(0)[0]);
    }

    @Test
    void insecureOrMalformedUrlsAreRefused() throws Exception {
        // Plain http only to the loopback interface (tests, a local demo).
        HttpUpload.parseSlot(slot("http://127.0.0.1:5280/f/x", "http://localhost:5280/f/x", ""));
        String[][] bad = {
            {"http://up.example.org/x", "https://up.example.org/x", "not https"},
            {"https://up.example.org/x", "javascript:alert(1)", "not https"},
            {"https://user:pw@up.example.org/x", "https://up.example.org/x", "credentials"},
            {"https://up.example.org/x", "ftp://up.example.org/x", "not https"},
            {"https://up.example.org/x y", "https://up.example.org/x", "malformed"},
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpUpload.parseSlot(slot(b[0], b[1], "")), b[0] + " " + b[1]);
            assertTrue(e.getMessage().contains(b[2]), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HttpUpload.parseSlot(null));
        assertThrows(IllegalArgumentException.class, () -> HttpUpload.parseSlot(XmlTreeBuilder.parse(
                "<slot xmlns='urn:xmpp:http:upload:0'><get url='https://a.example/x'/></slot>")));
        // A header value with a line break (header injection) is dropped.
        assertEquals(0, HttpUpload.parseSlot(slot("https://a.example/x", "https://a.example/x",
                "<header name='Cookie'>a=1&#13;&#10;X-Evil: 1</header>")).headers().size());
    }

    @Test
    void theServiceAndItsLimitAreReadFromDiscoInfo() throws Exception {
        XmlElement info = XmlTreeBuilder.parse("<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity category='store' type='file'/><feature var='urn:xmpp:http:upload:0'/>"
                + "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
                + "<value>urn:xmpp:http:upload:0</value></field><field var='max-file-size'><value>1048576</value>"
                + "</field></x></query>");
        assertTrue(HttpUpload.offersUpload(info));
        assertEquals(1048576, HttpUpload.maxSize(info));
        XmlElement none = XmlTreeBuilder.parse("<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<feature var='urn:xmpp:ping'/><x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'>"
                + "<value>other</value></field><field var='max-file-size'><value>5</value></field></x></query>");
        assertFalse(HttpUpload.offersUpload(none));
        assertEquals(0, HttpUpload.maxSize(none));
    }

    @Test
    void fileNamesAndTypesAreCleaned() {
        assertEquals("b.png", HttpUpload.cleanName("C:\\Users\\a\\b.png"));
        assertEquals("x.txt", HttpUpload.cleanName("../../x.txt"));
        assertEquals("file", HttpUpload.cleanName(".."));
        assertEquals("file", HttpUpload.cleanName("\u0000\u0007"));
        assertEquals(HttpUpload.MAX_NAME, HttpUpload.cleanName("a".repeat(500)).length());
        assertTrue(HttpUpload.isMediaType("image/png"));
        assertFalse(HttpUpload.isMediaType("image/png; charset=x"));
        assertFalse(HttpUpload.isMediaType("text/html\r\nX: 1"));
        assertFalse(HttpUpload.isMediaType("image"));
    }
}
