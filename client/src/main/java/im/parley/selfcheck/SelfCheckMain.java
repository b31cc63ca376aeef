package im.parley.selfcheck;

import im.parley.browser.WorkerScope;
import im.parley.json.Json;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlTrace;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker for the browser tests and benchmarks only (never part of the dist): runs the XML parser, compiled by
 * TeaVM to JS or Wasm-GC, on documents the test sends, and answers with traces ({@link XmlTrace}) or timings.
 * Requests and answers are JSON strings: {@code {"t":"trace","docs":[...],"seed":n}} ->
 * {@code {"traces":[...]}}; {@code {"t":"bench","stanzas":[...],"rounds":n}} -> {@code {"ms":x,"stanzas":n}};
 * {@code {"t":"cachebench",...}}: see {@link CacheBench}; {@code {"t":"scram",...}}: one SCRAM exchange (see
 * {@code scram}).
 */
public final class SelfCheckMain {
    private SelfCheckMain() {
    }

    public static void main(String[] args) {
        WorkerScope.onMessage((json, attachment) -> handle(json));
        WorkerScope.post("{\"ready\":\"" + WorkerScope.build() + "\"}");
    }

    /**
     * One SCRAM exchange with a fixed nonce (the test computes the server's side on the JVM): the client's first
     * and final messages, whether the server's signature verified, and how long the exchange took.
     */
    private static Map<String, Object> scram(Map<String, Object> req) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        im.parley.crypto.SoftCrypto crypto = new im.parley.crypto.SoftCrypto(n -> {
            throw new IllegalStateException("a fixed nonce needs no randomness");
        });
        double start = WorkerScope.preciseNow();
        try {
            im.parley.sasl.ScramMechanism m = new im.parley.sasl.ScramMechanism((String) req.get("mechanism"), crypto,
                    (String) req.get("user"), (String) req.get("password"), (String) req.get("nonce"));
            out.put("first", new String(m.initialResponse(), java.nio.charset.StandardCharsets.UTF_8));
            out.put("final", new String(m.evaluateChallenge(((String) req.get("serverFirst"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.nio.charset.StandardCharsets.UTF_8));
            m.verifySuccess(((String) req.get("serverFinal")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.put("verified", true);
        } catch (im.parley.sasl.SaslException e) {
            out.put("error", e.getMessage());
        }
        out.put("ms", WorkerScope.preciseNow() - start);
        return out;
    }

    private static void handle(String json) {
        Map<String, Object> req = Json.parseObject(json);
        List<Object> out = new ArrayList<>();
        Map<String, Object> reply = new java.util.LinkedHashMap<>();
        if ("cachebench".equals(req.get("t"))) {
            CacheBench.run(req, result -> WorkerScope.post(Json.asciiOnly(Json.write(result))));
            return;
        }
        if ("scram".equals(req.get("t"))) {
            reply.putAll(scram(req));
        } else if ("trace".equals(req.get("t"))) {
            int seed = ((Number) req.get("seed")).intValue();
            for (Object doc : (List<?>) req.get("docs")) {
                out.add(XmlTrace.trace((String) doc, seed));
            }
            reply.put("traces", out);
        } else if ("bench".equals(req.get("t"))) {
            List<?> stanzas = (List<?>) req.get("stanzas");
            int rounds = ((Number) req.get("rounds")).intValue();
            int[] count = new int[1];
            XmlTreeBuilder.Handler handler = new XmlTreeBuilder.Handler() {
                @Override
                public void onStreamOpen(XmlElement header) {
                }

                @Override
                public void onElement(XmlElement element) {
                    count[0]++;
                }

                @Override
                public void onStreamClose() {
                }
            };
            XmlTreeBuilder builder = XmlTreeBuilder.forFrames(null, handler);
            double start = WorkerScope.preciseNow();
            try {
                for (int r = 0; r < rounds; r++) {
                    for (Object s : stanzas) {
                        builder.feed((String) s);
                    }
                }
            } catch (XmlException e) {
                reply.put("error", e.getMessage());
            }
            reply.put("ms", WorkerScope.preciseNow() - start);
            reply.put("stanzas", (double) count[0]);
        }
        WorkerScope.post(Json.asciiOnly(Json.write(reply)));
    }
}
