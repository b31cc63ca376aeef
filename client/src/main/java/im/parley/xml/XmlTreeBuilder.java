package im.parley.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link XmlElement}s from {@link XmlPullParser} events, in one of two modes.
 *
 * <ul>
 * <li>{@link #forStream} (XMPP over TCP): the root element is the stream header ({@code <stream:stream>}, but any
 * root is accepted); {@link Handler#onStreamOpen} receives it as an element without content, then
 * {@link Handler#onElement} each complete child of the root (a stanza or nonza), then {@link Handler#onStreamClose}
 * at the root's end tag. Text directly inside the root (whitespace keepalives) is dropped. After a stream restart
 * (RFC 6120 4.3.3) call {@link #reset()}.</li>
 * <li>{@link #forFrames} (RFC 7395 WebSocket): each {@code feed} is one complete document (one frame); its root is
 * delivered to {@link Handler#onElement} (including {@code <open/>} and {@code <close/>} of
 * {@code urn:ietf:params:xml:ns:xmpp-framing}). A frame that is not exactly one element (plus optional whitespace)
 * is not well-formed. The whole frame counts against {@link XmlLimits#maxStanzaChars()}.</li>
 * </ul>
 * After an error the builder stays failed and rethrows it.
 */
public final class XmlTreeBuilder {
    /** Receives the parsed stream. Exceptions thrown by the handler propagate out of {@code feed}. */
    public interface Handler {
        void onStreamOpen(XmlElement header);

        void onElement(XmlElement element);

        void onStreamClose();
    }

    private final XmlPullParser parser;
    private final Handler handler;
    private final boolean frames;
    private XmlException failure;

    // open elements being built (excluding the stream root in stream mode)
    private final List<String> names = new ArrayList<>();
    private final List<String> spaces = new ArrayList<>();
    private final List<List<XmlAttribute>> attrs = new ArrayList<>();
    private final List<List<Object>> contents = new ArrayList<>();
    private int open;

    private XmlTreeBuilder(XmlLimits limits, Handler handler, boolean frames) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        this.parser = new XmlPullParser(limits == null ? XmlLimits.DEFAULT : limits);
        this.parser.documentIsUnit = frames;
        this.handler = handler;
        this.frames = frames;
    }

    public static XmlTreeBuilder forStream(XmlLimits limits, Handler h) {
        return new XmlTreeBuilder(limits, h, false);
    }

    public static XmlTreeBuilder forFrames(XmlLimits limits, Handler h) {
        return new XmlTreeBuilder(limits, h, true);
    }

    /**
     * Parses one complete document into an element (a convenience for tests and tools).
     *
     * @throws XmlException if the input is not exactly one well-formed element within the limits
     */
    public static XmlElement parse(String xml, XmlLimits limits) throws XmlException {
        final XmlElement[] out = new XmlElement[1];
        forFrames(limits, new Handler() {
            @Override
            public void onStreamOpen(XmlElement header) {
            }

            @Override
            public void onElement(XmlElement element) {
                out[0] = element;
            }

            @Override
            public void onStreamClose() {
            }
        }).feed(xml);
        return out[0];
    }

    /** {@link #parse(String, XmlLimits)} with the default limits. */
    public static XmlElement parse(String xml) throws XmlException {
        return parse(xml, XmlLimits.DEFAULT);
    }

    /** Starts over with a fresh document (e.g. after a stream restart); clears a previous failure. */
    public void reset() {
        parser.reset();
        failure = null;
        clear();
    }

    private void clear() {
        names.clear();
        spaces.clear();
        attrs.clear();
        contents.clear();
        open = 0;
    }

    public void feed(String chunk) throws XmlException {
        check();
        try {
            if (frames) {
                parser.reset();
                clear();
            }
            parser.feed(chunk);
            drain();
        } catch (XmlException e) {
            failure = e;
            throw e;
        }
    }

    public void feed(byte[] b, int off, int len) throws XmlException {
        check();
        try {
            if (frames) {
                parser.reset();
                clear();
            }
            parser.feed(b, off, len);
            drain();
        } catch (XmlException e) {
            failure = e;
            throw e;
        }
    }

    private void check() throws XmlException {
        if (failure != null) {
            throw failure;
        }
    }

    private void drain() throws XmlException {
        final XmlPullParser p = parser;
        if (frames) {
            p.endOfInput();
        }
        final int top = frames ? 0 : 1; // parser depth of the elements delivered to onElement, minus one
        for (;;) {
            int ev = p.next();
            switch (ev) {
                case XmlPullParser.START_ELEMENT: {
                    int d = p.getDepth();
                    List<XmlAttribute> a = null;
                    int n = p.getAttributeCount();
                    if (n > 0) {
                        a = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            String pfx = p.getAttributePrefix(i);
                            a.add(new XmlAttribute(p.getAttributeNamespace(i), p.getAttributeLocalName(i),
                                    p.getAttributeValue(i), pfx));
                        }
                    }
                    if (d <= top) {
                        handler.onStreamOpen(new XmlElement(p.getLocalName(), p.getNamespaceURI(), a, null));
                    } else {
                        if (open == names.size()) {
                            names.add(null);
                            spaces.add(null);
                            attrs.add(null);
                            contents.add(null);
                        }
                        names.set(open, p.getLocalName());
                        spaces.set(open, p.getNamespaceURI());
                        attrs.set(open, a);
                        contents.set(open, null);
                        open++;
                    }
                    break;
                }
                case XmlPullParser.TEXT:
                    if (open > 0) {
                        List<Object> c = contents.get(open - 1);
                        if (c == null) {
                            c = new ArrayList<>(2);
                            contents.set(open - 1, c);
                        }
                        XmlElement.addText(c, p.getText());
                    }
                    break;
                case XmlPullParser.END_ELEMENT: {
                    if (p.getDepth() <= top) {
                        handler.onStreamClose();
                        break;
                    }
                    open--;
                    XmlElement e = new XmlElement(names.get(open), spaces.get(open), attrs.get(open),
                            contents.get(open));
                    attrs.set(open, null);
                    contents.set(open, null);
                    if (open == 0) {
                        handler.onElement(e);
                    } else {
                        List<Object> c = contents.get(open - 1);
                        if (c == null) {
                            c = new ArrayList<>(2);
                            contents.set(open - 1, c);
                        }
                        c.add(e);
                    }
                    break;
                }
                case XmlPullParser.END_DOCUMENT:
                case XmlPullParser.NEED_INPUT:
                default:
                    return;
            }
        }
    }
}
