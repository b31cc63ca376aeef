package im.parley.xml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Shared helpers: corpus loading, chunked feeding, event normalization, Woodstox reference, random documents. */
final class XmlTestSupport {
    private XmlTestSupport() {
    }

    static final String[] CORPUS_FILES = {"rfc6120.xml", "xeps.xml"};

    static List<String> corpus() {
        List<String> docs = new ArrayList<>();
        for (String f : CORPUS_FILES) {
            String all = resource("/xml/corpus/" + f);
            for (String d : all.split("\n=====\n")) {
                if (d.endsWith("\n")) {
                    d = d.substring(0, d.length() - 1);
                }
                docs.add(d);
            }
        }
        return docs;
    }

    static String resource(String path) {
        try (InputStream in = XmlTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // our parser

    /** Result of a parse: events, or the error. */
    static final class Result {
        final List<String> events;
        final XmlException error;

        Result(List<String> events, XmlException error) {
            this.events = events;
            this.error = error;
        }

        boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            return ok() ? String.join("\n", events) : "ERROR " + error.kind() + " " + error.getMessage();
        }
    }

    /** Feeds doc in random chunks (String chunks or UTF-8 byte chunks), returns normalized events or the error. */
    static Result parse(String doc, Random rnd, boolean bytes, XmlLimits limits) {
        XmlPullParser p = new XmlPullParser(limits);
        Events ev = new Events();
        try {
            if (bytes) {
                byte[] b = doc.getBytes(StandardCharsets.UTF_8);
                int i = 0;
                while (i < b.length) {
                    int n = chunk(rnd, b.length - i);
                    p.feed(b, i, n);
                    i += n;
                    drain(p, ev);
                }
            } else {
                int i = 0;
                while (i < doc.length()) {
                    int n = chunk(rnd, doc.length() - i);
                    p.feed(doc.substring(i, i + n));
                    i += n;
                    drain(p, ev);
                }
            }
            p.endOfInput();
            if (drain(p, ev) != XmlPullParser.END_DOCUMENT) {
                throw new AssertionError("no END_DOCUMENT after endOfInput");
            }
            return new Result(ev.done(), null);
        } catch (XmlException e) {
            return new Result(null, e);
        }
    }

    static Result parseWhole(String doc) {
        return parse(doc, null, false, XmlLimits.DEFAULT);
    }

    private static int chunk(Random rnd, int left) {
        if (rnd == null) {
            return left;
        }
        int mode = rnd.nextInt(4);
        int n = mode == 0 ? 1 : mode == 1 ? 1 + rnd.nextInt(4) : mode == 2 ? 1 + rnd.nextInt(32) : 1 + rnd.nextInt(
                1 + left);
        return Math.min(n, left);
    }

    static int drain(XmlPullParser p, Events ev) throws XmlException {
        for (;;) {
            int e = p.next();
            switch (e) {
                case XmlPullParser.START_ELEMENT: {
                    StringBuilder sb = new StringBuilder("S {").append(p.getNamespaceURI()).append('}')
                            .append(p.getPrefix()).append(':').append(p.getLocalName());
                    for (int i = 0; i < p.getAttributeCount(); i++) {
                        sb.append(" @{").append(p.getAttributeNamespace(i)).append('}')
                                .append(p.getAttributePrefix(i)).append(':').append(p.getAttributeLocalName(i))
                                .append("=[").append(p.getAttributeValue(i)).append(']');
                    }
                    for (int i = 0; i < p.getNamespaceCount(); i++) {
                        sb.append(" ns(").append(p.getNamespacePrefix(i)).append('=')
                                .append(p.getNamespaceURI(i)).append(')');
                    }
                    ev.add(sb.toString());
                    break;
                }
                case XmlPullParser.END_ELEMENT:
                    ev.add("E {" + p.getNamespaceURI() + "}" + p.getPrefix() + ":" + p.getLocalName());
                    break;
                case XmlPullParser.TEXT:
                    ev.text(p.getText());
                    break;
                default:
                    return e;
            }
        }
    }

    /** Event list with adjacent text merged and empty text dropped. */
    static final class Events {
        final List<String> list = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        void text(String t) {
            text.append(t);
        }

        void add(String e) {
            flush();
            list.add(e);
        }

        private void flush() {
            if (text.length() > 0) {
                list.add("T [" + text + "]");
                text.setLength(0);
            }
        }

        List<String> done() {
            flush();
            return list;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Woodstox reference

    static final class WResult {
        final List<String> events;
        final Exception error;
        /** Woodstox saw a construct XMPP forbids (DTD, comment, PI, entity reference). */
        final boolean restricted;

        WResult(List<String> events, Exception error, boolean restricted) {
            this.events = events;
            this.error = error;
            this.restricted = restricted;
        }

        boolean ok() {
            return error == null;
        }
    }

    private static final XMLInputFactory WSTX = newFactory();

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    static WResult woodstox(String doc) {
        Events ev = new Events();
        boolean restricted = false;
        int depth = 0;
        try {
            XMLStreamReader r = WSTX.createXMLStreamReader(new StringReader(doc));
            while (r.hasNext()) {
                int e = r.next();
                switch (e) {
                    case XMLStreamConstants.START_ELEMENT: {
                        depth++;
                        StringBuilder sb = new StringBuilder("S {").append(nz(r.getNamespaceURI())).append('}')
                                .append(nz(r.getPrefix())).append(':').append(r.getLocalName());
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            sb.append(" @{").append(nz(r.getAttributeNamespace(i))).append('}')
                                    .append(nz(r.getAttributePrefix(i))).append(':')
                                    .append(r.getAttributeLocalName(i)).append("=[").append(r.getAttributeValue(i))
                                    .append(']');
                        }
                        for (int i = 0; i < r.getNamespaceCount(); i++) {
                            sb.append(" ns(").append(nz(r.getNamespacePrefix(i))).append('=')
                                    .append(nz(r.getNamespaceURI(i))).append(')');
                        }
                        ev.add(sb.toString());
                        break;
                    }
                    case XMLStreamConstants.END_ELEMENT:
                        depth--;
                        ev.add("E {" + nz(r.getNamespaceURI()) + "}" + nz(r.getPrefix()) + ":" + r.getLocalName());
                        break;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        if (depth > 0) {
                            ev.text(r.getText());
                        }
                        break;
                    case XMLStreamConstants.COMMENT:
                    case XMLStreamConstants.PROCESSING_INSTRUCTION:
                    case XMLStreamConstants.DTD:
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        restricted = true;
                        break;
                    default:
                        break;
                }
            }
            r.close();
            return new WResult(ev.done(), null, restricted);
        } catch (XMLStreamException | RuntimeException e) {
            return new WResult(null, e, restricted);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------------------------------------------------
    // random documents

    static final String[] NAMES = {"a", "b", "message", "body", "iq", "query", "x", "item", "é", "中文", "n-1",
        "n.2", "_u", "A9", "stream", "feature", "ns0", "xyz", "longer-element-name", "Ωmega"};
    static final String[] NS = {"jabber:client", "urn:a", "urn:b", "http://example.com/ns?x=1&y=2",
        "urn:xmpp:sm:3", "urn:x:\u00e9"};
    static final String[] PREFIXES = {"p", "q", "stream", "db", "x1", "é"};
    static final String[] TEXTS = {"hello", " ", "\n  ", "a&b", "<tag>", "\"quoted\" 'single'", "]]", "]>", "x]]y",
        "😀", "\u05e9\u05dc\u05d5\u05dd", "tab\there", "cr\r\nlf", "cr\ronly", "\u00a0nbsp", "&amp;", "\u2028",
        "\uFFFD", "𝔸𝔹", ">"};

    /** A random well-formed document as a string (escaping, char refs, CDATA, prefixes, default namespaces). */
    static String randomDoc(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(4) == 0) {
            sb.append(r.nextBoolean() ? "<?xml version='1.0'?>" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        element(r, sb, 0, new ArrayList<>());
        if (r.nextInt(3) == 0) {
            sb.append("\n ");
        }
        return sb.toString();
    }

    private static void element(Random r, StringBuilder sb, int depth, List<String> prefixesInScope) {
        String name = pick(r, NAMES);
        String prefix = null;
        List<String> scope = new ArrayList<>(prefixesInScope);
        StringBuilder decls = new StringBuilder();
        if (r.nextInt(3) == 0) {
            decls.append(ws(r)).append("xmlns=").append(quote(r, escAttr(r, pick(r, NS))));
        }
        if (r.nextInt(3) == 0) {
            String p = pick(r, PREFIXES);
            if (!scope.contains(p)) {
                scope.add(p);
            }
            decls.append(ws(r)).append("xmlns:").append(p).append('=').append(quote(r, escAttr(r, pick(r, NS))));
        }
        if (!scope.isEmpty() && r.nextInt(3) == 0) {
            prefix = scope.get(r.nextInt(scope.size()));
        }
        String qn = prefix == null ? name : prefix + ":" + name;
        sb.append('<').append(qn).append(decls);
        int na = r.nextInt(4);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < na; i++) {
            String an = pick(r, NAMES);
            if (!scope.isEmpty() && r.nextInt(3) == 0) {
                an = scope.get(r.nextInt(scope.size())) + ":" + an;
            } else if (r.nextInt(8) == 0) {
                an = "xml:lang";
            }
            if (used.contains(an)) {
                continue;
            }
            used.add(an);
            sb.append(ws(r)).append(an).append(r.nextInt(5) == 0 ? " = " : "=")
                    .append(quote(r, escAttr(r, randomText(r))));
        }
        if (r.nextInt(6) == 0) {
            sb.append(ws(r));
        }
        if (depth > 5 || r.nextInt(4) == 0) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        int nc = r.nextInt(5);
        for (int i = 0; i < nc; i++) {
            int k = r.nextInt(6);
            if (k < 2) {
                element(r, sb, depth + 1, scope);
            } else if (k == 2 && r.nextInt(3) == 0) {
                String t = randomText(r).replace("]]>", "]] >");
                if (t.endsWith("]")) {
                    t += " ";
                }
                sb.append("<![CDATA[").append(t).append("]]>");
            } else {
                escText(r, randomText(r), sb);
            }
        }
        sb.append("</").append(qn).append(r.nextInt(8) == 0 ? " >" : ">");
    }

    static String randomText(Random r) {
        int n = r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(pick(r, TEXTS));
        }
        return sb.toString();
    }

    private static String ws(Random r) {
        int k = r.nextInt(10);
        return k < 7 ? " " : k == 7 ? "\n" : k == 8 ? "\t " : "\r\n  ";
    }

    private static String quote(Random r, String v) {
        if (r.nextBoolean() && v.indexOf('\'') < 0) {
            return "'" + v + "'";
        }
        return '"' + v.replace("\"", "&quot;") + '"';
    }

    static String escText(Random r, String t) {
        StringBuilder sb = new StringBuilder();
        escText(r, t, sb);
        return sb.toString();
    }

    /** Appends t escaped (never forming "]]>" with what sb already ends with). */
    static void escText(Random r, String t, StringBuilder sb) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '&') {
                sb.append(r.nextBoolean() ? "&amp;" : "&#38;");
            } else if (c == '<') {
                sb.append(r.nextBoolean() ? "&lt;" : "&#x3c;");
            } else if (c == '>') {
                sb.append(r.nextBoolean() && (sb.length() == 0 || sb.charAt(sb.length() - 1) != ']') ? ">" : "&gt;");
            } else if (c == ']' && i + 2 < t.length() + 2 && t.startsWith("]]>", i)) {
                sb.append("]]&gt;");
                i += 2;
            } else if (c == ']' && r.nextInt(3) == 0) {
                sb.append("&#93;");
            } else if (c == '\r' && r.nextBoolean()) {
                sb.append("&#13;");
            } else if (Character.isHighSurrogate(c) && r.nextInt(3) == 0) {
                sb.append("&#x").append(Integer.toHexString(t.codePointAt(i))).append(';');
                i++;
            } else if (c == '"' && r.nextInt(3) == 0) {
                sb.append("&quot;");
            } else if (c == '\'' && r.nextInt(3) == 0) {
                sb.append("&apos;");
            } else {
                sb.append(c);
            }
        }
    }

    static String escAttr(Random r, String t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '&') {
                sb.append(r.nextBoolean() ? "&amp;" : "&#38;");
            } else if (c == '<') {
                sb.append(r.nextBoolean() ? "&lt;" : "&#60;");
            } else if (c == '\t' && r.nextBoolean()) {
                sb.append("&#9;");
            } else if (c == '\n' && r.nextBoolean()) {
                sb.append("&#xA;");
            } else if (c == '\r' && r.nextBoolean()) {
                sb.append("&#xd;");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    // ------------------------------------------------------------------------------------------------------
    // mutations

    static final String[] SNIPPETS = {"<", ">", "&", ";", "\"", "'", "/", "=", ":", " ", "]]>", "<![CDATA[", "&#0;",
        "&#x41;", "&foo;", "&amp", "<!--c-->", "<?pi x?>", "<!DOCTYPE a>", "xmlns:p=''", "xmlns='urn:z'", "p:",
        "</a>", "<a>", "\u0001", "\uFFFE", "é", "😀", "\r", "\n", "&#xD800;", "a='1' a='2'", "xmlns:xml='urn:x'",
        "xml:", "<b/>", "&lt;", "#", "x", "0", "-", "."};

    /** A random mutation of doc (on code point boundaries, so no lone surrogates are created). */
    static String mutate(Random r, String doc, List<String> pool) {
        int[] cps = doc.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        int n = cps.length;
        int at = n == 0 ? 0 : r.nextInt(n + 1);
        int len = 1 + r.nextInt(Math.max(1, Math.min(8, n - at + 1)));
        int kind = r.nextInt(6);
        appendCps(sb, cps, 0, at);
        switch (kind) {
            case 0: // delete
                appendCps(sb, cps, Math.min(n, at + len), n);
                break;
            case 1: // insert snippet
                sb.append(pick(r, SNIPPETS));
                appendCps(sb, cps, at, n);
                break;
            case 2: // replace with snippet
                sb.append(pick(r, SNIPPETS));
                appendCps(sb, cps, Math.min(n, at + len), n);
                break;
            case 3: { // duplicate a range
                int e = Math.min(n, at + len * 3);
                appendCps(sb, cps, at, e);
                appendCps(sb, cps, at, n);
                break;
            }
            case 4: { // splice with another document
                String other = pool.get(r.nextInt(pool.size()));
                int[] ocp = other.codePoints().toArray();
                int from = r.nextInt(ocp.length + 1);
                appendCps(sb, ocp, from, Math.min(ocp.length, from + r.nextInt(40)));
                appendCps(sb, cps, at, n);
                break;
            }
            default: { // swap two characters
                appendCps(sb, cps, at, n);
                if (n > 2) {
                    int a = r.nextInt(n);
                    int b = r.nextInt(n);
                    int[] c2 = sb.codePoints().toArray();
                    if (a < c2.length && b < c2.length) {
                        int t = c2[a];
                        c2[a] = c2[b];
                        c2[b] = t;
                    }
                    sb.setLength(0);
                    appendCps(sb, c2, 0, c2.length);
                }
            }
        }
        return sb.toString();
    }

    private static void appendCps(StringBuilder sb, int[] cps, int from, int to) {
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(cps[i]);
        }
    }
}
