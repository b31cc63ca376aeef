package im.parley.bench;

import com.ctc.wstx.stax.WstxInputFactory;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlPullParser;
import im.parley.xml.XmlTreeBuilder;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parley's XML parser against Woodstox on the JVM. <b>One benchmark operation is one stanza</b>: each invocation
 * parses the next stanza of the set (round robin), so ops/s is stanzas per second and JMH's
 * {@code gc.alloc.rate.norm} is bytes allocated per stanza.
 *
 * <ul>
 * <li>{@code set=corpus}: all depth-1 stanzas of the parser's corpus ({@link BenchCorpus#stanzas()});
 * {@code set=message}: the typical chat {@code <message>} with a body ({@link BenchCorpus#message()}).</li>
 * <li>{@code parleyTree}: {@link XmlTreeBuilder#forFrames} (one builder reused, as the client does per
 * connection), each stanza fed as one frame, building the immutable {@link XmlElement} tree.</li>
 * <li>{@code woodstoxTree}: a Woodstox {@link XMLStreamReader} (namespace-aware, coalescing, no DTD; one reader
 * per stanza, which is how StAX parses a document) building an equivalent tree ({@link Node}: name, namespace,
 * attributes with namespace/name/value/prefix, mixed content with adjacent text merged).</li>
 * <li>{@code parleyEvents} / {@code woodstoxEvents}: the bare pull parsers, reading every event, every name,
 * namespace, attribute value and text, building nothing.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class ParserBenchmark {
    @Param({"corpus", "message"})
    public String set;

    private String[] stanzas;
    private int next;

    private XmlTreeBuilder builder;
    private XmlElement built;
    private XmlPullParser pull;
    private XMLInputFactory woodstox;

    /** Woodstox's side of the tree: the same information {@link XmlElement} holds. */
    public static final class Node {
        final String name;
        final String namespace;
        final List<Attr> attributes;
        final List<Object> content;

        Node(String name, String namespace, List<Attr> attributes, List<Object> content) {
            this.name = name;
            this.namespace = namespace;
            this.attributes = attributes;
            this.content = content;
        }
    }

    /** An attribute of a {@link Node}. */
    public record Attr(String namespace, String name, String value, String prefix) {
    }

    @Setup
    public void setup() throws Exception {
        List<String> list = set.equals("message") ? List.of(BenchCorpus.message()) : BenchCorpus.stanzas();
        stanzas = list.toArray(new String[0]);
        builder = XmlTreeBuilder.forFrames(null, new XmlTreeBuilder.Handler() {
            @Override
            public void onStreamOpen(XmlElement header) {
            }

            @Override
            public void onElement(XmlElement element) {
                built = element;
            }

            @Override
            public void onStreamClose() {
            }
        });
        pull = new XmlPullParser();
        woodstox = new WstxInputFactory();
        woodstox.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        woodstox.setProperty(XMLInputFactory.IS_COALESCING, true);
        woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        woodstox.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Both parsers must accept every stanza, and build the same number of elements.
        for (String s : stanzas) {
            builder.feed(s);
            int a = count(built);
            int b = count(woodstoxTree(s));
            if (a != b) {
                throw new IllegalStateException("element counts differ (" + a + " vs " + b + ") for " + s);
            }
        }
    }

    private static int count(XmlElement e) {
        int n = 1;
        for (XmlElement c : e.children()) {
            n += count(c);
        }
        return n;
    }

    private static int count(Node e) {
        int n = 1;
        for (Object c : e.content) {
            if (c instanceof Node) {
                n += count((Node) c);
            }
        }
        return n;
    }

    private String nextStanza() {
        int i = next;
        next = i + 1 == stanzas.length ? 0 : i + 1;
        return stanzas[i];
    }

    @Benchmark
    public XmlElement parleyTree() throws XmlException {
        builder.feed(nextStanza());
        return built;
    }

    @Benchmark
    public Node woodstoxTree() throws XMLStreamException {
        return woodstoxTree(nextStanza());
    }

    @Benchmark
    public void parleyEvents(Blackhole bh) throws XmlException {
        XmlPullParser p = pull;
        p.reset();
        p.feed(nextStanza());
        p.endOfInput();
        for (;;) {
            switch (p.next()) {
                case XmlPullParser.START_ELEMENT:
                    bh.consume(p.getLocalName());
                    bh.consume(p.getNamespaceURI());
                    for (int i = 0, n = p.getAttributeCount(); i < n; i++) {
                        bh.consume(p.getAttributeNamespace(i));
                        bh.consume(p.getAttributeLocalName(i));
                        bh.consume(p.getAttributeValue(i));
                    }
                    break;
                case XmlPullParser.TEXT:
                    bh.consume(p.getText());
                    break;
                case XmlPullParser.END_ELEMENT:
                    break;
                default:
                    return;
            }
        }
    }

    @Benchmark
    public void woodstoxEvents(Blackhole bh) throws XMLStreamException {
        XMLStreamReader r = woodstox.createXMLStreamReader(new StringReader(nextStanza()));
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT:
                    bh.consume(r.getLocalName());
                    bh.consume(r.getNamespaceURI());
                    for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
                        bh.consume(r.getAttributeNamespace(i));
                        bh.consume(r.getAttributeLocalName(i));
                        bh.consume(r.getAttributeValue(i));
                    }
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    bh.consume(r.getText());
                    break;
                default:
                    break;
            }
        }
        r.close();
    }

    private Node woodstoxTree(String stanza) throws XMLStreamException {
        XMLStreamReader r = woodstox.createXMLStreamReader(new StringReader(stanza));
        List<Node> stack = new ArrayList<>();
        List<List<Object>> contents = new ArrayList<>();
        Node root = null;
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT: {
                    int n = r.getAttributeCount();
                    List<Attr> attrs = n == 0 ? List.of() : new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String ns = r.getAttributeNamespace(i);
                        attrs.add(new Attr(ns == null ? "" : ns, r.getAttributeLocalName(i), r.getAttributeValue(i),
                                r.getAttributePrefix(i)));
                    }
                    String ns = r.getNamespaceURI();
                    List<Object> content = new ArrayList<>(2);
                    Node e = new Node(r.getLocalName(), ns == null ? "" : ns, attrs, content);
                    if (!contents.isEmpty()) {
                        contents.get(contents.size() - 1).add(e);
                    } else {
                        root = e;
                    }
                    stack.add(e);
                    contents.add(content);
                    break;
                }
                case XMLStreamConstants.END_ELEMENT:
                    stack.remove(stack.size() - 1);
                    contents.remove(contents.size() - 1);
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE: {
                    if (contents.isEmpty()) {
                        break;
                    }
                    List<Object> c = contents.get(contents.size() - 1);
                    String t = r.getText();
                    if (t.isEmpty()) {
                        break;
                    }
                    int last = c.size() - 1;
                    if (last >= 0 && c.get(last) instanceof String prev) {
                        c.set(last, prev + t);
                    } else {
                        c.add(t);
                    }
                    break;
                }
                default:
                    break;
            }
        }
        r.close();
        return root;
    }
}
