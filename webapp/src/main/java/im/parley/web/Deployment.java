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
            } else {
                defaults.put(key, value);
            }
        }
        if (defaults.get("websocket_url") != null && !locked.contains("websocket_url")) {
            locked.add("websocket_url");
        }
        if (defaults.containsKey("password")) {
            errors.add("parley-config.json: a password does not belong in a file every visitor can read; ignored");
            defaults.remove("password");
        }
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
