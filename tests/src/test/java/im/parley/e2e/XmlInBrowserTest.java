package im.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.json.Json;
import im.parley.xml.XmlTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The XML parser compiled by TeaVM (JS and Wasm-GC, in a worker in Chromium) must produce exactly the event
 * trace the JVM-tested parser produces, for the corpus, attack documents, random documents and mutations, fed
 * whole and in random chunks (as strings and as UTF-8 bytes). A TeaVM miscompile cannot hide.
 */
class XmlInBrowserTest extends BrowserSupport {
    private static final Path CLIENT = SelfCheckWorker.CLIENT;

    @BeforeAll
    void mountSelfCheck() throws IOException {
        SelfCheckWorker.mount();
    }

    static List<String> documents() throws IOException {
        List<String> docs = new ArrayList<>();
        try (var files = Files.list(CLIENT.resolve("src/test/resources/xml/corpus"))) {
            for (Path f : files.sorted().toList()) {
                for (String d : Files.readString(f).split("\n=====\n")) {
                    if (!d.isBlank()) {
                        docs.add(d.strip());
                    }
                }
            }
        }
        int corpus = docs.size();
        // Attacks and rule violations: each must fail the same way in every build.
        docs.add("<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]><a>&lol2;</a>");
        docs.add("<a>&unknown;</a>");
        docs.add("<a><!-- comment --></a>");
        docs.add("<a><?pi data?></a>");
        docs.add("<a x='1' x='2'/>");
        docs.add("<p:a/>");
        docs.add("<a xmlns:xml='urn:wrong'/>");
        docs.add("<a>" + "<b>".repeat(100) + "</a>");
        docs.add("<a>\u0001</a>");
        docs.add("<a>\uD800</a>");
        docs.add("<a>]]></a>");
        docs.add("<a b='<'/>");
        docs.add("<a>&#0;</a>");
        docs.add("<a>&#x1F600;&#128512;&amp;&lt;&gt;&quot;&apos;</a>");
        docs.add("<a><![CDATA[<not a tag> & stuff]]></a>");
        docs.add("<a></b>");
        docs.add("<a " + "x".repeat(300) + "='v'/>");
        StringBuilder many = new StringBuilder("<a");
        for (int i = 0; i < 70; i++) {
            many.append(" a").append(i).append("='v'");
        }
        docs.add(many.append("/>").toString());
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            docs.add(randomDocument(random, 0));
        }
        int valid = docs.size();
        for (int i = 0; i < 250; i++) {
            docs.add(mutate(docs.get(random.nextInt(valid)), random));
        }
        assertTrue(corpus >= 30, "corpus found: " + corpus);
        return docs;
    }

    private static final String[] NAMES = {"message", "body", "x", "query", "item", "p:q", "stream:features", "a-b.c_d"};
    private static final String[] TEXTS = {"hi", " ", "a &amp; b", "&lt;tag&gt;", "😀 𝄞", "مرحبا", "&#x10FFFF;", "x\ny", "<![CDATA[c]]>"};

    private static String randomDocument(Random r, int depth) {
        String name = NAMES[r.nextInt(NAMES.length)];
        StringBuilder sb = new StringBuilder("<").append(name);
        if (name.startsWith("p:")) {
            sb.append(" xmlns:p='urn:p'");
        } else if (name.startsWith("stream:")) {
            sb.append(" xmlns:stream='http://etherx.jabber.org/streams'");
        }
        if (depth == 0 || r.nextInt(3) == 0) {
            sb.append(" xmlns='urn:ns").append(r.nextInt(3)).append("'");
        }
        int attrs = r.nextInt(4);
        for (int i = 0; i < attrs; i++) {
            sb.append(" a").append(i).append(r.nextBoolean() ? "='" : "=\"").append(TEXTS[r.nextInt(TEXTS.length)]
                    .replace("<![CDATA[c]]>", "c").replace("'", "&apos;").replace("\"", "&quot;"));
            sb.append(sb.charAt(sb.lastIndexOf("=") + 1));
        }
        int children = depth > 4 ? 0 : r.nextInt(4);
        if (children == 0 && r.nextBoolean()) {
            return sb.append("/>").toString();
        }
        sb.append('>');
        for (int i = 0; i < children; i++) {
            if (r.nextBoolean()) {
                sb.append(TEXTS[r.nextInt(TEXTS.length)]);
            }
            sb.append(randomDocument(r, depth + 1));
        }
        return sb.append("</").append(name).append('>').toString();
    }

    private static final String SPECIALS = "<>&;'\"=/![]?-\uD83D\uDE00\uD800\u0000 \n#x:";

    private static String mutate(String doc, Random r) {
        StringBuilder sb = new StringBuilder(doc);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, SPECIALS.charAt(r.nextInt(SPECIALS.length())));
                default -> sb.setCharAt(at, SPECIALS.charAt(r.nextInt(SPECIALS.length())));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void theCompiledParserAgreesWithTheJvmParserOnEveryDocument(String build) throws IOException {
        List<String> docs = documents();
        SelfCheckWorker.start(page, build);
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        for (int seed : new int[] {0, 7, 1234567}) {
            String request = Json.asciiOnly(Json.write(Map.of("t", "trace", "docs", new ArrayList<Object>(docs), "seed", seed)));
            String reply = SelfCheckWorker.ask(page, request);
            List<?> traces = (List<?>) Json.parseObject(reply).get("traces");
            assertEquals(docs.size(), traces.size());
            for (int i = 0; i < docs.size(); i++) {
                String expected = XmlTrace.trace(docs.get(i), seed);
                if (!expected.equals(traces.get(i))) {
                    mismatches++;
                    if (report.length() < 4000) {
                        report.append("\n--- seed ").append(seed).append(" doc ").append(visible(docs.get(i)))
                                .append("\nJVM:\n").append(visible(expected)).append("\n").append(build).append(":\n")
                                .append(visible(String.valueOf(traces.get(i))));
                    }
                }
            }
        }
        assertEquals(0, mismatches, build + " build disagrees with the JVM parser on " + mismatches + " of "
                + docs.size() * 3 + " runs:" + report);
    }

    private static String visible(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 && c != '\n' || Character.isSurrogate(c) || c >= 0xFFFE) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
