package im.parley.bosh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converse's {@code connection_options} (Strophe.js's connection options), as far as they mean something in a
 * worker: {@code withCredentials} (BOSH requests carry the BOSH origin's cookies, for a load balancer's sticky
 * session or a site's single sign-on in front of the server) and {@code customHeaders} (headers added to every BOSH
 * request). WebSocket has neither: a browser sends no custom headers with it, and its cookies always. Strophe's
 * other options are accepted and have no effect here: {@code keepalive} (Parley's stay-logged-in keeps a login
 * instead of a BOSH session), {@code worker} (Parley always runs in its own worker), {@code sync}, {@code cookies},
 * {@code protocol}, {@code explicitResourceBinding} and {@code mechanisms} (Parley picks the strongest mechanism).
 * Plain Java: the host facade, the frame and the worker check the same rules.
 */
public final class ConnectionOptions {
    /** No options: no cookies, no extra headers. */
    public static final ConnectionOptions NONE = new ConnectionOptions(false, new LinkedHashMap<>());

    /** Strophe's options that have no effect in Parley (see the class comment). */
    static final List<String> IGNORED = List.of("keepalive", "worker", "sync", "cookies", "protocol",
            "explicitResourceBinding", "mechanisms");
    /** Headers a page may not set (the Fetch standard forbids them, or BOSH needs its own). */
    private static final List<String> FORBIDDEN = List.of("accept-charset", "accept-encoding",
            "access-control-request-headers", "access-control-request-method", "connection", "content-length",
            "content-type", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin", "referer",
            "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via");
    static final int MAX_HEADERS = 16;
    static final int MAX_VALUE = 1024;

    private final boolean withCredentials;
    private final Map<String, String> headers;

    private ConnectionOptions(boolean withCredentials, Map<String, String> headers) {
        this.withCredentials = withCredentials;
        this.headers = Collections.unmodifiableMap(headers);
    }

    /** Whether BOSH requests carry the cookies of the BOSH endpoint's origin. */
    public boolean withCredentials() {
        return withCredentials;
    }

    /** Headers added to every BOSH request, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Reads the setting's value: a map (from JSON or the host facade) of Strophe's option names. Throws
     * IllegalArgumentException naming what is wrong; nothing is half-applied.
     */
    public static ConnectionOptions parse(Object raw) {
        if (raw == null) {
            return NONE;
        }
        if (!(raw instanceof Map)) {
            throw new IllegalArgumentException("setting 'connection_options' must be an object like "
                    + "{\"withCredentials\": true, \"customHeaders\": {\"X-Name\": \"value\"}}");
        }
        boolean credentials = false;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (key.equals("withCredentials")) {
                if (!(v instanceof Boolean)) {
                    throw new IllegalArgumentException("connection_options.withCredentials must be true or false");
                }
                credentials = (Boolean) v;
            } else if (key.equals("customHeaders")) {
                headers = headers(v);
            } else if (!IGNORED.contains(key)) {
                throw new IllegalArgumentException("connection_options has an unknown option '" + key
                        + "' (Parley uses withCredentials and customHeaders; it accepts and ignores "
                        + String.join(", ", IGNORED) + ")");
            }
        }
        return new ConnectionOptions(credentials, headers);
    }

    private static Map<String, String> headers(Object v) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("connection_options.customHeaders must be an object of header names"
                    + " and string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> h : ((Map<?, ?>) v).entrySet()) {
            String name = String.valueOf(h.getKey());
            if (!isToken(name)) {
                throw new IllegalArgumentException("connection_options.customHeaders: '" + name
                        + "' is not a header name");
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (FORBIDDEN.contains(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) {
                throw new IllegalArgumentException("connection_options.customHeaders: the header '" + name
                        + "' cannot be set by Parley (browsers forbid it, or BOSH needs its own)");
            }
            if (!(h.getValue() instanceof String) || !isValue((String) h.getValue())) {
                throw new IllegalArgumentException("connection_options.customHeaders: the value of '" + name
                        + "' must be a string of printable ASCII, at most " + MAX_VALUE + " characters");
            }
            for (String seen : out.keySet()) {
                if (seen.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("connection_options.customHeaders names '" + name
                            + "' twice");
                }
            }
            out.put(name, (String) h.getValue());
        }
        if (out.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("connection_options.customHeaders: at most " + MAX_HEADERS
                    + " headers");
        }
        return out;
    }

    /** RFC 9110 token: a header name. */
    private static boolean isToken(String s) {
        return !s.isEmpty() && s.length() <= 64 && im.parley.util.Strings.onlyAlphanumericOr(s, "!#$%&'*+-.^_`|~");
    }

    /** A header value Parley sends: printable ASCII and spaces (no line breaks: no header injection). */
    private static boolean isValue(String s) {
        if (s.length() > MAX_VALUE) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** For the wire between frame and worker: [[name, value], ...]. */
    public List<Object> headerPairs() {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            out.add(List.of(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The options as they come over the wire: withCredentials and [[name, value], ...] (null: none). */
    public static ConnectionOptions fromWire(boolean withCredentials, List<?> pairs) {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (pairs != null) {
            for (Object o : pairs) {
                if (!(o instanceof List) || ((List<?>) o).size() != 2) {
                    throw new IllegalArgumentException("connection_options.customHeaders could not be read");
                }
                headers.put(String.valueOf(((List<?>) o).get(0)), ((List<?>) o).get(1));
            }
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("withCredentials", withCredentials);
        raw.put("customHeaders", headers);
        return parse(raw);
    }
}
