package im.parley.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compares XmlPullParser with Woodstox (namespace-aware, coalescing, no DTD) on a corpus and random documents. */
class XmlDifferentialTest {

    private static int compared;
    private static int rejectedByBoth;
    private static int restrictedOnly;

    /** Checks our parser (whole and in random chunkings) against Woodstox on doc. */
    static void compare(String doc, Random rnd, boolean mustAccept) {
        XmlTestSupport.Result ours = XmlTestSupport.parseWhole(doc);
        boolean utf8 = new String(doc.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(doc);
        for (int i = 0; i < 4; i++) {
            boolean bytes = utf8 && i % 2 == 1;
            XmlTestSupport.Result c = XmlTestSupport.parse(doc, rnd, bytes, XmlLimits.DEFAULT);
            if (ours.ok() != c.ok() || (ours.ok() && !ours.events.equals(c.events))
                    || (!ours.ok() && ours.error.kind() != c.error.kind())) {
                fail("chunked (" + (bytes ? "bytes" : "chars") + ") parse differs from whole parse for:\n" + show(doc)
                        + "\nwhole: " + ours + "\nchunked: " + c);
            }
        }
        if (!utf8 || doc.indexOf('\uFFFE') >= 0 || doc.indexOf('\uFFFF') >= 0) {
            // lone surrogates, U+FFFE, U+FFFF: Woodstox does not check them in a Reader; we must reject
            if (ours.ok()) {
                fail("accepted a lone surrogate: " + show(doc));
            }
            return;
        }
        XmlTestSupport.WResult ref = XmlTestSupport.woodstox(doc);
        if (ours.ok() && ref.ok()) {
            assertEquals(String.join("\n", ref.events), String.join("\n", ours.events), "events differ for:\n"
                    + show(doc));
            compared++;
        } else if (!ours.ok() && !ref.ok()) {
            rejectedByBoth++;
        } else if (!ours.ok() && ref.restricted && ours.error.kind() != XmlException.Kind.POLICY_VIOLATION) {
            restrictedOnly++; // Woodstox accepts comments, PIs, DTDs (and reports entity references); we reject
        } else if (!ours.ok() && ours.error.getMessage().contains("unsupported encoding")) {
            rejectedByBoth++; // deliberate: XMPP is UTF-8 only, Woodstox trusts a Reader whatever the declaration
        } else if (ours.ok()) {
            fail("we accept, Woodstox rejects (" + ref.error + "):\n" + show(doc));
        } else {
            fail("we reject (" + ours.error.kind() + ": " + ours.error.getMessage() + "), Woodstox accepts:\n"
                    + show(doc));
        }
        if (mustAccept && !ours.ok()) {
            fail("corpus document rejected: " + ours.error.getMessage() + "\n" + show(doc));
        }
    }

    static String show(String doc) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < doc.length(); i++) {
            char c = doc.charAt(i);
            if (c < 0x20 && c != '\n' || c >= 0xD800 && c <= 0xDFFF && !(Character.isHighSurrogate(c)
                    && i + 1 < doc.length() && Character.isLowSurrogate(doc.charAt(i + 1)))) {
                sb.append("\\u").append(String.format("%04X", (int) c));
            } else if (Character.isHighSurrogate(c)) {
                sb.append(c).append(doc.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void corpusAgrees() {
        Random rnd = new Random(1);
        List<String> corpus = XmlTestSupport.corpus();
        assertTrue(corpus.size() >= 30, "corpus size " + corpus.size());
        for (String doc : corpus) {
            for (int k = 0; k < 5; k++) {
                compare(doc, rnd, true);
            }
        }
    }

    @Test
    void randomDocumentsAgree() {
        Random rnd = new Random(20240601);
        for (int i = 0; i < 3000; i++) {
            String doc = XmlTestSupport.randomDoc(rnd);
            XmlTestSupport.WResult ref = XmlTestSupport.woodstox(doc);
            assertTrue(ref.ok(), () -> "generator produced a document Woodstox rejects: " + ref.error + "\n" + doc);
            compare(doc, rnd, true);
        }
    }

    @Test
    void mutatedDocumentsAgree() {
        Random rnd = new Random(7);
        List<String> pool = new ArrayList<>(XmlTestSupport.corpus());
        for (int i = 0; i < 200; i++) {
            pool.add(XmlTestSupport.randomDoc(rnd));
        }
        compared = rejectedByBoth = restrictedOnly = 0;
        for (int i = 0; i < 12000; i++) {
            String doc = pool.get(rnd.nextInt(pool.size()));
            int n = 1 + rnd.nextInt(3);
            for (int k = 0; k < n; k++) {
                doc = XmlTestSupport.mutate(rnd, doc, pool);
            }
            compare(doc, rnd, false);
        }
        // the mutations must exercise both outcomes
        assertTrue(compared > 500, "accepted by both: " + compared);
        assertTrue(rejectedByBoth > 3000, "rejected by both: " + rejectedByBoth);
        assertTrue(restrictedOnly > 10, "restricted: " + restrictedOnly);
    }

    @Test
    void restrictedConstructsWoodstoxAccepts() {
        String[] docs = {"<!DOCTYPE a><a/>", "<a><!-- c --></a>", "<a><?pi?></a>", "<?pi x?><a/>", "<a/><!--x-->",
            "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"};
        for (String d : docs) {
            XmlTestSupport.Result ours = XmlTestSupport.parseWhole(d);
            assertTrue(!ours.ok() && ours.error.kind() == XmlException.Kind.RESTRICTED_XML, d);
            XmlTestSupport.WResult ref = XmlTestSupport.woodstox(d);
            assertTrue(!ref.ok() || ref.restricted, d);
        }
    }
}
