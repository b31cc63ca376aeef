package im.parley.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * Serializes {@link XmlElement}s. Elements are written unprefixed with minimal default namespace declarations:
 * {@code xmlns} on the root when its namespace is not empty, and on each element whose namespace differs from its
 * parent's. Namespaced attributes get generated prefixes ({@code xml} for the XML namespace), declared on the
 * element where first needed. Text escapes {@code & < >} (and CR as a character reference so that it survives
 * parsing); attribute values are double-quoted and escape {@code & < "} and TAB, LF, CR as character references.
 * Characters XML cannot carry (control characters, U+FFFE/U+FFFF, unpaired surrogates) and invalid names cause an
 * {@link IllegalArgumentException}.
 */
public final class XmlWriter {
    private XmlWriter() {
    }

    public static String write(XmlElement e) {
        StringBuilder sb = new StringBuilder(128);
        write(e, sb);
        return sb.toString();
    }

    public static void write(XmlElement e, StringBuilder out) {
        new Ctx().element(e, out, null);
    }

    private static final class Ctx {
        /** In-scope prefix bindings: prefix, uri pairs. */
        final List<String> bindings = new ArrayList<>();
        int counter;

        void element(XmlElement e, StringBuilder out, String parentNs) {
            String name = e.name();
            if (!XmlPullParser.isNCName(name)) {
                throw new IllegalArgumentException("invalid element name '" + name + "'");
            }
            String ns = e.namespace();
            if (ns.equals(XmlPullParser.XMLNS_NS)) {
                throw new IllegalArgumentException("elements cannot be in the xmlns namespace");
            }
            int mark = bindings.size();
            String qname = ns.equals(XmlPullParser.XML_NS) ? "xml:" + name : name;
            out.append('<').append(qname);
            String scopeNs = parentNs;
            if (!ns.equals(XmlPullParser.XML_NS) && (parentNs == null ? !ns.isEmpty() : !ns.equals(parentNs))) {
                out.append(" xmlns=\"");
                attrValue(ns, out);
                out.append('"');
                scopeNs = ns;
            } else if (parentNs == null) {
                scopeNs = "";
            }
            List<XmlAttribute> attrs = e.attributes();
            for (int i = 0, n = attrs.size(); i < n; i++) {
                XmlAttribute a = attrs.get(i);
                String an = a.name();
                if (!XmlPullParser.isNCName(an)) {
                    throw new IllegalArgumentException("invalid attribute name '" + an + "'");
                }
                String ans = a.namespace();
                out.append(' ');
                if (ans.isEmpty()) {
                    if (an.equals("xmlns")) {
                        throw new IllegalArgumentException("namespace declarations are not attributes");
                    }
                } else if (ans.equals(XmlPullParser.XML_NS)) {
                    out.append("xml:");
                } else if (ans.equals(XmlPullParser.XMLNS_NS)) {
                    throw new IllegalArgumentException("namespace declarations are not attributes");
                } else {
                    String p = prefixFor(ans);
                    if (p == null) {
                        p = newPrefix(a.prefix(), mark);
                        bindings.add(p);
                        bindings.add(ans);
                        out.append("xmlns:").append(p).append("=\"");
                        attrValue(ans, out);
                        out.append("\" ");
                    }
                    out.append(p).append(':');
                }
                out.append(an).append("=\"");
                attrValue(a.value(), out);
                out.append('"');
            }
            List<Object> content = e.content();
            if (content.isEmpty()) {
                out.append("/>");
            } else {
                out.append('>');
                for (int i = 0, n = content.size(); i < n; i++) {
                    Object o = content.get(i);
                    if (o instanceof XmlElement) {
                        element((XmlElement) o, out, scopeNs);
                    } else {
                        text((String) o, out);
                    }
                }
                out.append("</").append(qname).append('>');
            }
            while (bindings.size() > mark) {
                bindings.remove(bindings.size() - 1);
            }
        }

        private String prefixFor(String uri) {
            for (int k = bindings.size() - 2; k >= 0; k -= 2) {
                if (bindings.get(k + 1).equals(uri)) {
                    String p = bindings.get(k);
                    // not shadowed by a later binding of the same prefix
                    for (int m = k + 2; m < bindings.size(); m += 2) {
                        if (bindings.get(m).equals(p)) {
                            p = null;
                            break;
                        }
                    }
                    if (p != null) {
                        return p;
                    }
                }
            }
            return null;
        }

        private boolean bound(String p, int from) {
            for (int k = from; k < bindings.size(); k += 2) {
                if (bindings.get(k).equals(p)) {
                    return true;
                }
            }
            return false;
        }

        private String newPrefix(String hint, int mark) {
            if (hint != null && XmlPullParser.isNCName(hint) && !hint.toLowerCase().startsWith("xml")
                    && !bound(hint, mark)) {
                return hint;
            }
            for (;;) {
                String p = "ns" + (++counter);
                if (!bound(p, 0)) {
                    return p;
                }
            }
        }
    }

    private static void text(String s, StringBuilder out) {
        int run = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep;
            if (c >= 0x3F && c < 0xD800) {
                continue;
            } else if (c == '&') {
                rep = "&amp;";
            } else if (c == '<') {
                rep = "&lt;";
            } else if (c == '>') {
                rep = "&gt;";
            } else if (c == '\r') {
                rep = "&#13;";
            } else {
                i = check(s, i, c);
                continue;
            }
            out.append(s, run, i).append(rep);
            run = i + 1;
        }
        out.append(s, run, n);
    }

    private static void attrValue(String s, StringBuilder out) {
        int run = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep;
            if (c >= 0x3D && c < 0xD800) {
                continue;
            } else if (c == '&') {
                rep = "&amp;";
            } else if (c == '<') {
                rep = "&lt;";
            } else if (c == '"') {
                rep = "&quot;";
            } else if (c == '\t') {
                rep = "&#9;";
            } else if (c == '\n') {
                rep = "&#10;";
            } else if (c == '\r') {
                rep = "&#13;";
            } else {
                i = check(s, i, c);
                continue;
            }
            out.append(s, run, i).append(rep);
            run = i + 1;
        }
        out.append(s, run, n);
    }

    /** Validates the character at i (not otherwise special); returns the index of its last UTF-16 unit. */
    private static int check(String s, int i, char c) {
        if (c >= 0x20 && c < 0xD800) {
            return i;
        }
        if (c == '\t' || c == '\n') {
            return i;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length()) {
            char d = s.charAt(i + 1);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                return i + 1;
            }
        }
        if (c >= 0xE000 && c <= 0xFFFD) {
            return i;
        }
        throw new IllegalArgumentException("character U+" + Integer.toHexString(c).toUpperCase()
                + " at index " + i + " cannot be represented in XML");
    }
}
