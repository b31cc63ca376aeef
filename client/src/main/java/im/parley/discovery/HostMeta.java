package im.parley.discovery;

import im.parley.json.Json;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlException;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlTreeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A domain's host-meta (RFC 6415), as XEP-0156 uses it: the links to its WebSocket and BOSH endpoints. */
public final class HostMeta {
    public static final String WEBSOCKET = "urn:xmpp:alt-connections:websocket";
    public static final String BOSH = "urn:xmpp:alt-connections:xbosh";
    static final String XRD_NS = "http://docs.oasis-open.org/ns/xri/xrd-1.0";
    /** A host-meta is a few hundred bytes; anything past this is not read. */
    public static final int MAX_CHARS = 64 * 1024;

    private final List<String> websocket;
    private final List<String> bosh;

    private HostMeta(List<String> websocket, List<String> bosh) {
        this.websocket = websocket;
        this.bosh = bosh;
    }

    /** The WebSocket endpoints listed, in the document's order. */
    public List<String> websocket() {
        return websocket;
    }

    /** The BOSH endpoints listed, in the document's order. */
    public List<String> bosh() {
        return bosh;
    }

    /** Reads {@code /.well-known/host-meta.json}. @throws IllegalArgumentException if it is not a JSON host-meta */
    public static HostMeta parseJson(String text) {
        check(text);
        Map<String, Object> doc = Json.parseObject(text);
        Object links = doc.get("links");
        List<String> ws = new ArrayList<>();
        List<String> bosh = new ArrayList<>();
        if (links instanceof List) {
            for (Object o : (List<?>) links) {
                if (o instanceof Map) {
                    Object rel = ((Map<?, ?>) o).get("rel");
                    Object href = ((Map<?, ?>) o).get("href");
                    if (rel instanceof String && href instanceof String) {
                        add((String) rel, (String) href, ws, bosh);
                    }
                }
            }
        }
        return new HostMeta(ws, bosh);
    }

    /** Reads {@code /.well-known/host-meta} (XRD). @throws IllegalArgumentException if it is not an XRD host-meta */
    public static HostMeta parseXrd(String text) {
        check(text);
        String xml = text.trim();
        // An XML declaration may open the document; XMPP's restricted XML (our parser) has none.
        if (xml.startsWith("<?xml")) {
            int end = xml.indexOf("?>");
            xml = end < 0 ? xml : xml.substring(end + 2);
        }
        XmlElement xrd;
        try {
            xrd = XmlTreeBuilder.parse(xml, XmlLimits.DEFAULT);
        } catch (XmlException e) {
            throw new IllegalArgumentException("the host-meta is not XML Parley accepts (" + e.getMessage() + ")");
        }
        if (!"XRD".equals(xrd.name()) || !XRD_NS.equals(xrd.namespace())) {
            throw new IllegalArgumentException("the host-meta is not an XRD document");
        }
        List<String> ws = new ArrayList<>();
        List<String> bosh = new ArrayList<>();
        for (XmlElement link : xrd.children("Link", XRD_NS)) {
            if (link.attr("rel") != null && link.attr("href") != null) {
                add(link.attr("rel"), link.attr("href"), ws, bosh);
            }
        }
        return new HostMeta(ws, bosh);
    }

    private static void check(String text) {
        if (text == null || text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the host-meta is missing or larger than " + MAX_CHARS + " characters");
        }
    }

    private static void add(String rel, String href, List<String> ws, List<String> bosh) {
        String url = href.trim();
        if (WEBSOCKET.equals(rel)) {
            ws.add(url);
        } else if (BOSH.equals(rel)) {
            bosh.add(url);
        }
    }
}
