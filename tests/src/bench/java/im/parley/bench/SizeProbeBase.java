package im.parley.bench;

import im.parley.browser.WorkerScope;
import im.parley.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Code-size probe, baseline: a worker that takes the benchmark's JSON request and answers with JSON, without the
 * XML parser. {@link SizeProbeParser} is the same worker with the parser; TeaVM compiles both (JS and Wasm-GC) with
 * the client's settings, and the difference in size is what the parser adds to a build. Never run.
 */
public final class SizeProbeBase {
    private SizeProbeBase() {
    }

    public static void main(String[] args) {
        WorkerScope.onMessage((json, attachment) -> {
            Map<String, Object> req = Json.parseObject(json);
            Map<String, Object> reply = new LinkedHashMap<>();
            int n = 0;
            for (Object s : (List<?>) req.get("stanzas")) {
                n += ((String) s).length();
            }
            reply.put("stanzas", (double) n);
            WorkerScope.post(Json.asciiOnly(Json.write(reply)));
        });
        WorkerScope.post("{\"ready\":\"" + WorkerScope.build() + "\"}");
    }
}
