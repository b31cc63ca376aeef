package im.parley.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A canonical text trace of what {@link XmlPullParser} makes of a document, fed in deterministic pseudo-random
 * chunks, once as UTF-16 strings and once as UTF-8 bytes. Equal traces on the JVM and in a TeaVM build mean the
 * compiled parser behaves exactly like the tested one (the browser tests compare them).
 */
public final class XmlTrace {
    private XmlTrace() {
    }

    /** The trace of {@code doc} with chunk sizes drawn from {@code seed} (0 = the whole document at once). */
    public static String trace(String doc, int seed) {
        return run(doc, seed, false) + "\n||\n" + run(doc, seed, true);
    }

    /**
     * UTF-8 with lone surrogates as U+FFFD, written out here because String.getBytes differs between the JVM
     * ('?') and TeaVM for them.
     */
    static byte[] utf8(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = 0xFFFD;
            }
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | c >> 6);
                out.write(0x80 | c & 63);
            } else if (c < 0x10000) {
                out.write(0xE0 | c >> 12);
                out.write(0x80 | c >> 6 & 63);
                out.write(0x80 | c & 63);
            } else {
                out.write(0xF0 | c >> 18);
                out.write(0x80 | c >> 12 & 63);
                out.write(0x80 | c >> 6 & 63);
                out.write(0x80 | c & 63);
            }
        }
        return out.toByteArray();
    }

    private static String run(String doc, int seed, boolean bytes) {
        StringBuilder out = new StringBuilder();
        XmlPullParser p = new XmlPullParser();
        StringBuilder text = new StringBuilder();
        int state = seed;
        try {
            byte[] utf8 = bytes ? utf8(doc) : null;
            int length = bytes ? utf8.length : doc.length();
            int pos = 0;
            boolean done = false;
            while (!done) {
                int ev = p.next();
                if (ev == XmlPullParser.NEED_INPUT) {
                    if (pos >= length) {
                        p.endOfInput();
                        continue;
                    }
                    int size;
                    if (seed == 0) {
                        size = length;
                    } else {
                        state = state * 1103515245 + 12345;
                        size = 1 + ((state >>> 16) & 0x7fff) % 17;
                    }
                    int end = Math.min(length, pos + size);
                    if (bytes) {
                        p.feed(utf8, pos, end - pos);
                    } else {
                        p.feed(doc.substring(pos, end));
                    }
                    pos = end;
                    continue;
                }
                if (ev != XmlPullParser.TEXT && text.length() > 0) {
                    out.append("T:").append(text).append('\n');
                    text.setLength(0);
                }
                switch (ev) {
                    case XmlPullParser.START_ELEMENT: {
                        out.append('<').append('{').append(p.getNamespaceURI()).append('}').append(p.getLocalName());
                        List<String> attrs = new ArrayList<>();
                        for (int i = 0; i < p.getAttributeCount(); i++) {
                            attrs.add("{" + p.getAttributeNamespace(i) + "}" + p.getAttributeLocalName(i) + "="
                                    + p.getAttributeValue(i));
                        }
                        Collections.sort(attrs);
                        for (String a : attrs) {
                            out.append(' ').append(a);
                        }
                        out.append(">\n");
                        break;
                    }
                    case XmlPullParser.END_ELEMENT:
                        out.append("</").append(p.getLocalName()).append(">\n");
                        break;
                    case XmlPullParser.TEXT:
                        text.append(p.getText());
                        break;
                    case XmlPullParser.END_DOCUMENT:
                        out.append("END\n");
                        done = true;
                        break;
                    default:
                        out.append("?").append(ev).append('\n');
                        done = true;
                }
            }
        } catch (XmlException e) {
            if (text.length() > 0) {
                out.append("T:").append(text).append('\n');
            }
            out.append('!').append(e.kind().condition()).append(' ').append(e.getMessage()).append('\n');
        }
        return out.toString();
    }
}
