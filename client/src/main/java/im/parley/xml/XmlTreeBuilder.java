package im.parley.xml;

import java.util.Arrays;
import java.util.Collections;
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

    // Open elements being built (excluding the stream root in stream mode), indexed by level, in plain arrays (lists'
    // accessor calls and index checks are not free in TeaVM's JS build). The content items of all open elements
    // share one stack: those of level k are items[itemStart[k]] up to the next level's start (or itemCount); when an
    // element ends, its items move into a list of their own.
    private String[] names = new String[8];
    private String[] spaces = new String[8];
    private List<XmlAttribute>[] attrs = newLists(8);
    private int[] itemStart = new int[8];
    private int open;
    private Object[] items = new Object[32];
    private int itemCount;

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
        Arrays.fill(names, 0, open, null);
        Arrays.fill(spaces, 0, open, null);
        Arrays.fill(attrs, 0, open, null);
        Arrays.fill(items, 0, itemCount, null);
        open = 0;
        itemCount = 0;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T>[] newLists(int n) {
        return (List<T>[]) new List<?>[n];
    }

    private void push(Object item) {
        if (itemCount == items.length) {
            items = Arrays.copyOf(items, itemCount * 2);
        }
        items[itemCount++] = item;
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
                    // Lists for XmlElement (which wraps them as unmodifiable): most elements have one attribute or one
                    // content item (often text), and a singleton list saves creating an array (costly in TeaVM's JS)
                    List<XmlAttribute> a = null;
                    int n = p.getAttributeCount();
                    if (n == 1) {
                        a = Collections.singletonList(p.attribute(0));
                    } else if (n > 1) {
                        XmlAttribute[] all = new XmlAttribute[n];
                        for (int i = 0; i < n; i++) {
                            all[i] = p.attribute(i);
                        }
                        a = Arrays.asList(all);
                    }
                    if (d <= top) {
                        handler.onStreamOpen(new XmlElement(p.getLocalName(), p.getNamespaceURI(), a, null));
                    } else {
                        if (open == names.length) {
                            int m = open * 2;
                            names = Arrays.copyOf(names, m);
                            spaces = Arrays.copyOf(spaces, m);
                            attrs = Arrays.copyOf(attrs, m);
                            itemStart = Arrays.copyOf(itemStart, m);
                        }
                        names[open] = p.getLocalName();
                        spaces[open] = p.getNamespaceURI();
                        attrs[open] = a;
                        itemStart[open] = itemCount;
                        open++;
                    }
                    break;
                }
                case XmlPullParser.TEXT:
                    if (open > 0) {
                        String t = p.getText();
                        if (t.isEmpty()) {
                            break;
                        }
                        int last = itemCount - 1;
                        if (last >= itemStart[open - 1] && items[last] instanceof String) {
                            items[last] = (String) items[last] + t; // adjacent text is merged
                        } else {
                            push(t);
                        }
                    }
                    break;
                case XmlPullParser.END_ELEMENT: {
                    if (p.getDepth() <= top) {
                        handler.onStreamClose();
                        break;
                    }
                    open--;
                    int s = itemStart[open];
                    List<Object> c = null;
                    if (itemCount == s + 1) {
                        c = Collections.singletonList(items[s]);
                    } else if (itemCount > s) {
                        Object[] all = new Object[itemCount - s];
                        System.arraycopy(items, s, all, 0, all.length);
                        c = Arrays.asList(all);
                    }
                    if (itemCount > s) {
                        Arrays.fill(items, s, itemCount, null);
                        itemCount = s;
                    }
                    XmlElement e = new XmlElement(names[open], spaces[open], attrs[open], c);
                    attrs[open] = null;
                    if (open == 0) {
                        handler.onElement(e);
                    } else {
                        push(e);
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
