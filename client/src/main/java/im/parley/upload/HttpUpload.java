package im.parley.upload;

import im.parley.stream.Ns;
import im.parley.stream.StanzaErrors;
import im.parley.stream.Urls;
import im.parley.stream.XmppConnection;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * XEP-0363 on the client side: finds the server's upload service (disco#items of the domain, then disco#info of
 * each item), reads its size limit, and asks it for slots. The URLs of a slot are checked: https (or http to the
 * loopback interface) only, no credentials in them, and only the headers the XEP allows.
 */
public final class HttpUpload {
    public static final String NS = "urn:xmpp:http:upload:0";
    static final String ITEMS = "http://jabber.org/protocol/disco#items";
    static final String INFO = "http://jabber.org/protocol/disco#info";
    /** Longest file name sent to the service. */
    public static final int MAX_NAME = 200;

    /** The upload service: its JID and largest file (bytes; 0 when it does not say). */
    public static final class Service {
        public final String jid;
        public final long maxSize;

        Service(String jid, long maxSize) {
            this.jid = jid;
            this.maxSize = maxSize;
        }
    }

    private final XmppConnection connection;
    private Service service;
    private boolean discovered;
    private final List<Consumer<Service>> waiting = new ArrayList<>();

    public HttpUpload(XmppConnection connection) {
        this.connection = connection;
    }

    /** Finds the upload service once per session; {@code done} gets it, or null if the server has none. */
    public void service(Consumer<Service> done) {
        if (discovered) {
            done.accept(service);
            return;
        }
        waiting.add(done);
        if (waiting.size() > 1) {
            return;
        }
        String domain = connection.boundJid().domain();
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("query", ITEMS)), domain, result -> {
            List<String> candidates = new ArrayList<>();
            candidates.add(domain);
            XmlElement query = result == null || !"result".equals(result.attr("type")) ? null
                    : result.child("query", ITEMS);
            if (query != null) {
                for (XmlElement item : query.children("item", ITEMS)) {
                    String jid = item.attr("jid");
                    if (jid != null && item.attr("node") == null && candidates.size() < 32) {
                        candidates.add(jid);
                    }
                }
            }
            probe(candidates, 0);
        });
    }

    private void probe(List<String> candidates, int index) {
        if (index >= candidates.size()) {
            found(null);
            return;
        }
        String jid = candidates.get(index);
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("query", INFO)), jid, result -> {
            XmlElement query = result == null || !"result".equals(result.attr("type")) ? null
                    : result.child("query", INFO);
            if (query != null && offersUpload(query)) {
                found(new Service(jid, maxSize(query)));
            } else {
                probe(candidates, index + 1);
            }
        });
    }

    private void found(Service s) {
        service = s;
        discovered = true;
        List<Consumer<Service>> all = new ArrayList<>(waiting);
        waiting.clear();
        for (Consumer<Service> c : all) {
            c.accept(s);
        }
    }

    static boolean offersUpload(XmlElement query) {
        for (XmlElement f : query.children("feature", INFO)) {
            if (NS.equals(f.attr("var"))) {
                return true;
            }
        }
        return false;
    }

    /** The max-file-size field of the service's XEP-0128 form, or 0. */
    static long maxSize(XmlElement query) {
        for (XmlElement form : query.children("x", "jabber:x:data")) {
            boolean upload = false;
            String max = null;
            for (XmlElement field : form.children("field", "jabber:x:data")) {
                String value = field.childText("value", "jabber:x:data");
                if ("FORM_TYPE".equals(field.attr("var")) && NS.equals(value)) {
                    upload = true;
                } else if ("max-file-size".equals(field.attr("var"))) {
                    max = value;
                }
            }
            if (upload && max != null) {
                try {
                    long n = Long.parseLong(max.trim());
                    return n > 0 ? n : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** A file name safe to send: the last path segment, control characters dropped, at most {@link #MAX_NAME}. */
    public static String cleanName(String name) {
        String n = name == null ? "" : name;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.length() && sb.length() < MAX_NAME; i++) {
            char c = n.charAt(i);
            if (c >= ' ' && c != 0x7f) {
                sb.append(c);
            }
        }
        String out = sb.toString().trim();
        return out.isEmpty() || out.equals(".") || out.equals("..") ? "file" : out;
    }

    /**
     * Asks the service for a slot for a file; {@code done} gets the slot and null, or null and why not (no service,
     * too large, refused by the server, or a slot whose URLs or headers are not acceptable).
     */
    public void requestSlot(String filename, long size, String contentType, BiConsumer<UploadSlot, String> done) {
        if (size <= 0) {
            done.accept(null, "the file is empty");
            return;
        }
        service(s -> {
            if (s == null) {
                done.accept(null, "this server offers no file upload (XEP-0363)");
                return;
            }
            if (s.maxSize > 0 && size > s.maxSize) {
                done.accept(null, "the file is larger than the server accepts (" + s.maxSize / 1024 + " KB)");
                return;
            }
            XmlElement.Builder request = XmlElement.builder("request", NS).attr("filename", cleanName(filename))
                    .attr("size", Long.toString(size));
            if (isMediaType(contentType)) {
                request.attr("content-type", contentType);
            }
            connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get").child(request), s.jid,
                    result -> {
                String refusal = StanzaErrors.refusal(result);
                if (refusal != null) {
                    done.accept(null, refusal);
                    return;
                }
                String why = null;
                UploadSlot slot = null;
                try {
                    slot = parseSlot(result.child("slot", NS));
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                }
                done.accept(slot, why);
            });
        });
    }

    /** A plain media type ("image/png"), without parameters. */
    static boolean isMediaType(String t) {
        if (t == null || t.isEmpty() || t.length() > 127 || t.indexOf('/') <= 0 || t.indexOf('/') != t.lastIndexOf('/')
                || t.endsWith("/")) {
            return false;
        }
        return im.parley.util.Strings.onlyAlphanumericOr(t, "!#$&^_.+/-");
    }

    /** Reads and checks a slot element. */
    static UploadSlot parseSlot(XmlElement slot) {
        if (slot == null) {
            throw new IllegalArgumentException("the upload service answered without a slot");
        }
        XmlElement put = slot.child("put", NS);
        XmlElement get = slot.child("get", NS);
        String putUrl = put == null ? null : put.attr("url");
        String getUrl = get == null ? null : get.attr("url");
        checkUrl(putUrl, "upload");
        checkUrl(getUrl, "download");
        List<String[]> headers = new ArrayList<>();
        for (XmlElement h : put.children("header", NS)) {
            String name = h.attr("name");
            String value = h.text();
            boolean allowed = "Authorization".equalsIgnoreCase(name) || "Cookie".equalsIgnoreCase(name)
                    || "Expires".equalsIgnoreCase(name);
            if (allowed && value.length() < 4096 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                headers.add(new String[] {name, value});
            }
        }
        return new UploadSlot(putUrl, getUrl, headers);
    }

    private static void checkUrl(String url, String what) {
        if (url == null || url.length() > 2000) {
            throw new IllegalArgumentException("the slot has no " + what + " URL");
        }
        if (!(url.startsWith("https://") || url.startsWith("http://")) || !Urls.isSecure(url)) {
            throw new IllegalArgumentException("the slot's " + what + " URL is not https: " + url);
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\') {
                throw new IllegalArgumentException("the slot's " + what + " URL is malformed");
            }
        }
        String rest = url.substring(url.indexOf("//") + 2);
        int end = rest.indexOf('/');
        if ((end < 0 ? rest : rest.substring(0, end)).indexOf('@') >= 0) {
            throw new IllegalArgumentException("the slot's " + what + " URL carries credentials");
        }
    }
}
