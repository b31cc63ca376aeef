package im.parley.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment's configuration, {@code parley-config.json} on Parley's own origin: default settings, the host
 * origins allowed to embed Parley ({@code allowed_host_origins}), and the settings a host page may not change
 * ({@code locked_settings}; a {@code websocket_url} set here is always locked, so that no embedding page can send
 * the user's login to another server). Plain Java.
 */
public final class Deployment {
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final List<String> locked = new ArrayList<>();

    /**
     * Reads the parsed config; problems go to {@code errors} (one sentence each) and the offending entry is
     * ignored, never half-applied.
     */
    public Deployment(Map<String, Object> config, List<String> errors) {
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals("allowed_host_origins")) {
                for (String origin : strings(key, value, errors)) {
                    if (isOrigin(origin)) {
                        allowedHosts.add(origin);
                    } else {
                        errors.add("parley-config.json: '" + origin + "' in allowed_host_origins is not an origin "
                                + "like https://www.example.com");
                    }
                }
            } else if (key.equals("locked_settings")) {
                for (String name : strings(key, value, errors)) {
                    if (Settings.names().contains(name)) {
                        locked.add(name);
                    } else {
                        errors.add("parley-config.json: locked_settings names an unknown setting '" + name + "'");
                    }
                }
            } else if (key.equals("plugins")) {
                readPlugins(value, errors);
            } else {
                defaults.put(key, value);
            }
        }
        // The server the user's login goes to is the deployment's: once it names one (WebSocket or BOSH), a page can
        // change neither, nor add the other.
        if (defaults.get("websocket_url") != null || defaults.get("bosh_service_url") != null) {
            // (and what goes with every request to it: a page cannot make BOSH requests carry cookies or headers)
            for (String endpoint : new String[] {"websocket_url", "bosh_service_url", "connection_options"}) {
                if (!locked.contains(endpoint)) {
                    locked.add(endpoint);
                }
            }
        }
        // Likewise the account a credentials_url gives, and the identity provider: a page cannot point the login
        // at another source.
        for (String source : new String[] {"credentials_url", "oauth_issuer", "oauth_client_id"}) {
            if (defaults.get(source) != null && !locked.contains(source)) {
                locked.add(source);
            }
        }
        if (defaults.containsKey("password")) {
            errors.add("parley-config.json: a password does not belong in a file every visitor can read; ignored");
            defaults.remove("password");
        }
    }

    /** Plugins the deployment serves: {"name": {"url": "plugins/x.js", "integrity": "sha256-..."}}. */
    private final Map<String, Map<String, Object>> plugins = new LinkedHashMap<>();

    private void readPlugins(Object value, List<String> errors) {
        if (!(value instanceof Map)) {
            errors.add("parley-config.json: plugins must be an object {name: {url, integrity}}");
            return;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            Map<String, Object> d = descriptor((String) e.getKey(), e.getValue());
            if (d == null) {
                errors.add("parley-config.json: plugin '" + e.getKey() + "' needs a url and an integrity value");
            } else {
                plugins.put((String) e.getKey(), d);
            }
        }
    }

    private static Map<String, Object> descriptor(String name, Object value) {
        if (!(value instanceof Map)) {
            return null;
        }
        Object url = ((Map<?, ?>) value).get("url");
        Object integrity = ((Map<?, ?>) value).get("integrity");
        if (!(url instanceof String) || !(integrity instanceof String) || ((Map<?, ?>) value).size() != 2) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("url", url);
        d.put("integrity", integrity);
        return d;
    }

    /**
     * The plugins to load: the deployment's, then those the page added with {@code parley.plugins.add}. A page may
     * add a plugin the deployment does not declare (it still has to be whitelisted by the deployment, be served from
     * Parley's origin and match its digest), but not redeclare one of the deployment's with another URL or digest.
     */
    public List<Object> plugins(List<?> fromHost, List<String> errors) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>(plugins);
        for (Object o : fromHost) {
            Map<String, Object> d = o instanceof Map ? descriptor(String.valueOf(((Map<?, ?>) o).get("name")),
                    withoutName((Map<?, ?>) o)) : null;
            if (d == null) {
                errors.add("a plugin from the page is not {name, url, integrity}");
                continue;
            }
            Map<String, Object> mine = plugins.get(d.get("name"));
            if (mine != null && !mine.equals(d)) {
                errors.add("plugin '" + d.get("name") + "' is declared by this deployment with another URL or "
                        + "integrity value; the page cannot change it");
                continue;
            }
            all.put((String) d.get("name"), d);
        }
        return new ArrayList<>(all.values());
    }

    private static Map<String, Object> withoutName(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!"name".equals(e.getKey())) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return out;
    }

    private static List<String> strings(String key, Object value, List<String> errors) {
        List<String> out = new ArrayList<>();
        if (!(value instanceof List)) {
            errors.add("parley-config.json: " + key + " must be a list of strings");
            return out;
        }
        for (Object o : (List<?>) value) {
            if (o instanceof String) {
                out.add((String) o);
            } else {
                errors.add("parley-config.json: " + key + " must contain only strings");
            }
        }
        return out;
    }

    /** scheme://host[:port] with no path, as {@code event.origin} reports it. */
    static boolean isOrigin(String s) {
        int sep = s.indexOf("://");
        if (sep <= 0) {
            return false;
        }
        String scheme = s.substring(0, sep);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return false;
        }
        String rest = s.substring(sep + 3);
        return !rest.isEmpty() && rest.indexOf('/') < 0 && rest.indexOf('?') < 0 && rest.indexOf('#') < 0
                && rest.indexOf('@') < 0 && rest.indexOf('*') < 0;
    }

    /** The deployment's settings, for a frame that no host configures (the fullscreen app, a plain widget). */
    public Map<String, Object> defaults() {
        return new LinkedHashMap<>(defaults);
    }

    /** Whether a page of this origin may embed Parley and hand it settings. Exact match only. */
    public boolean allowsHost(String origin) {
        return allowedHosts.contains(origin);
    }

    public List<String> allowedHosts() {
        return new ArrayList<>(allowedHosts);
    }

    /**
     * The deployment's defaults overridden by the host's settings, except locked ones: a host value for a
     * locked setting that differs from the deployment's is an error (the caller starts nothing).
     */
    public Map<String, Object> merge(Map<String, Object> host, List<String> errors) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Object> e : host.entrySet()) {
            String name = e.getKey();
            if (name.equals("whitelisted_plugins") && e.getValue() instanceof List) {
                // The deployment decides which plugins may run; a page can only narrow its list.
                List<Object> narrowed = new ArrayList<>();
                Object mine = defaults.get(name);
                for (Object p : (List<?>) e.getValue()) {
                    if (mine instanceof List && ((List<?>) mine).contains(p)) {
                        narrowed.add(p);
                    }
                }
                merged.put(name, narrowed);
                continue;
            }
            if (name.equals("blacklisted_plugins") && e.getValue() instanceof List) {
                List<Object> union = new ArrayList<>();
                if (defaults.get(name) instanceof List) {
                    union.addAll((List<?>) defaults.get(name));
                }
                union.addAll((List<?>) e.getValue());
                merged.put(name, union);
                continue;
            }
            if (locked.contains(name) && defaults.containsKey(name) && !defaults.get(name).equals(e.getValue())) {
                errors.add("setting '" + name + "' is locked by this deployment and cannot be changed by the page");
                continue;
            }
            if (locked.contains(name) && !defaults.containsKey(name)) {
                errors.add("setting '" + name + "' is locked by this deployment and cannot be set by the page");
                continue;
            }
            merged.put(name, e.getValue());
        }
        return merged;
    }
}
