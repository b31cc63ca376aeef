package im.parley.bench;

import im.parley.browser.WorkerScope;
import im.parley.json.Json;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlTreeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Code-size probe: {@link SizeProbeBase} plus the XML parser ({@link XmlTreeBuilder#forFrames}, building elements
 * and reading their names, attributes and text). Never run.
 */
public final class SizeProbeParser {
    private SizeProbeParser() {
    }

    public static void main(String[] args) {
        WorkerScope.onMessage((json, attachment) -> {
            Map<String, Object> req = Json.parseObject(json);
            Map<String, Object> reply = new LinkedHashMap<>();
            int[] n = new int[1];
            XmlTreeBuilder b = XmlTreeBuilder.forFrames(null, new XmlTreeBuilder.Handler() {
                @Override
                public void onStreamOpen(XmlElement header) {
                }

                @Override
                public void onElement(XmlElement e) {
                    n[0] += e.name().length() + e.namespace().length() + e.attributes().size() + e.content().size()
                            + e.children().size() + e.text().length() + (e.attr("id") == null ? 0 : 1);
                }

                @Override
                public void onStreamClose() {
                }
            });
            try {
                for (Object s : (List<?>) req.get("stanzas")) {
                    b.feed((String) s);
                }
            } catch (XmlException e) {
                reply.put("error", e.getMessage());
            }
            reply.put("stanzas", (double) n[0]);
            WorkerScope.post(Json.asciiOnly(Json.write(reply)));
        });
        WorkerScope.post("{\"ready\":\"" + WorkerScope.build() + "\"}");
    }
}
