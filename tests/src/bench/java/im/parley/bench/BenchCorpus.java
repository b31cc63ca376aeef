package im.parley.bench;

import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlTreeBuilder;
import im.parley.xml.XmlWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark input, shared by the JVM (JMH) and the Chromium benchmark: the stanzas of the parser's test corpus
 * ({@code client/src/test/resources/xml/corpus/*.xml}, documents separated by {@code =====} lines).
 *
 * <p>A corpus document whose root is {@code <stream:stream>} contributes its depth-1 children (the stanzas and
 * nonzas), each re-serialized by {@link XmlWriter} as a standalone document (so that it carries the namespace
 * declarations it inherited from the stream header); every other document is one stanza as written. Every stanza
 * is exactly what one RFC 7395 WebSocket frame carries, which is how the client's parser receives it.
 */
public final class BenchCorpus {
    private static final String STREAMS_NS = "http://etherx.jabber.org/streams";

    private BenchCorpus() {
    }

    /** The corpus directory: {@code -Dparley.corpus}, else relative to the tests module. */
    public static Path dir() {
        String p = System.getProperty("parley.corpus");
        Path dir = p != null ? Path.of(p) : Path.of("../client/src/test/resources/xml/corpus");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("client/src/test/resources/xml/corpus");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** All depth-1 stanzas of the corpus, in file order. */
    public static List<String> stanzas() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(x -> x.toString().endsWith(".xml")).sorted().toList()) {
                for (String doc : Files.readString(f).split("\n=====\n")) {
                    doc = doc.strip();
                    if (!doc.isEmpty()) {
                        addStanzas(doc, out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() < 30) {
            throw new IllegalStateException("corpus too small (" + out.size() + " stanzas) in " + dir());
        }
        return out;
    }

    /** The typical chat message: the corpus's RFC 6120 {@code <message>} with a {@code <body>} and a thread. */
    public static String message() {
        for (String s : stanzas()) {
            if (s.startsWith("<message") && s.contains("<body>Art thou not Romeo")) {
                return s;
            }
        }
        throw new IllegalStateException("the RFC 6120 chat message is missing from the corpus");
    }

    private static void addStanzas(String doc, List<String> out) {
        try {
            XmlElement root = XmlTreeBuilder.parse(doc);
            if (!(root.name().equals("stream") && root.namespace().equals(STREAMS_NS))) {
                out.add(doc);
                return;
            }
            XmlTreeBuilder.forStream(null, new XmlTreeBuilder.Handler() {
                @Override
                public void onStreamOpen(XmlElement header) {
                }

                @Override
                public void onElement(XmlElement element) {
                    out.add(XmlWriter.write(element));
                }

                @Override
                public void onStreamClose() {
                }
            }).feed(doc);
        } catch (XmlException e) {
            throw new IllegalStateException("corpus document does not parse: " + doc, e);
        }
    }
}
