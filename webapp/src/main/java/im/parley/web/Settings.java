package im.parley.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings {@code parley.initialize} accepts, with Converse.js's names, types and defaults, declared as
 * data. Used by the host facade (to refuse a bad call before anything starts) and again by the frame (which
 * never trusts the host). Plain Java.
 */
public final class Settings {
    /**
     * name, kind (s string, b boolean, l list of strings, n:MIN:MAX a whole number in that range, o an object
     * checked by its own rules, or a '|'-separated list of allowed values), default (null = none).
     */
    private static final String[][] SPEC = {
        {"websocket_url", "s", null},
        {"bosh_service_url", "s", null},
        {"jid", "s", null},
        {"password", "s", null},
        {"auto_login", "b", "false"},
        // Converse's credentials_url: where the worker fetches {"jid", "password"} (with the site's cookies) for
        // auto_login; and discover_connection_methods: find the endpoint from the domain (XEP-0156) when neither
        // websocket_url nor bosh_service_url is set.
        {"credentials_url", "s", null},
        {"discover_connection_methods", "b", "true"},
        // Converse's connection_options (Strophe's): withCredentials and customHeaders for BOSH requests; Strophe's
        // other options are accepted and have no effect (see im.parley.bosh.ConnectionOptions).
        {"connection_options", "o", null},
        // authentication 'oauth': the OpenID Connect provider (its issuer URL), Parley's client id registered there
        // (a public client; the redirect URI is Parley's oauth-callback.html), and the scope asked for.
        {"oauth_issuer", "s", null},
        {"oauth_client_id", "s", null},
        {"oauth_scope", "s", "openid"},
        {"auto_reconnect", "b", "true"},
        {"view_mode", "fullscreen|overlayed|embedded", "overlayed"},
        {"allow_non_roster_messaging", "b", "false"},
        {"allow_contact_requests", "b", "true"},
        {"allow_contact_removal", "b", "true"},
        {"loglevel", "debug|info|warn|error|fatal", "info"},
        {"worker_build", "auto|js|wasm", "auto"},
        {"persistent_store", "IndexedDB|localStorage|sessionStorage", "IndexedDB"},
        {"cache_key", "password|passphrase|device", "password"},
        {"clear_cache_on_logout", "b", "false"},
        // Converse's reuse_scram_keys: offer "Stay logged in on this device" (the SCRAM keys, sealed under the
        // device key, never the password); false: never keep a login.
        {"reuse_scram_keys", "b", "true"},
        {"authentication", "login|anonymous|external|oauth", "login"},
        {"allow_adhoc_commands", "b", "true"},
        {"allow_muc_invitations", "b", "true"},
        // Plugins allowed and refused by name (lists of strings); see Deployment for who decides.
        {"whitelisted_plugins", "l", null},
        {"blacklisted_plugins", "l", null},
        // Which chat markers (XEP-0333) are sent; Parley sends "displayed" when it is listed (default: all).
        {"send_chat_markers", "l", null},
        {"show_desktop_notifications", "b", "true"},
        // The contact list: grouped, and whether offline contacts are hidden (the user can show them).
        {"roster_groups", "b", "true"},
        {"hide_offline_users", "b", "false"},
        // Presence: this resource's priority; seconds without activity until the user shows as idle (XEP-0319),
        // away and extended away (0: never).
        {"priority", "n:-128:127", "0"},
        {"idle_presence_timeout", "n:0:86400", "300"},
        {"auto_away", "n:0:86400", "0"},
        {"auto_xa", "n:0:86400", "0"},
        // Converse's ping_interval: seconds of silence before the connection is probed (0: never while silent).
        {"ping_interval", "n:0:3600", "30"},
        // The UI's language (en, de); by default the browser's. Themes: Converse's names, for light and dark.
        {"i18n", "s", null},
        {"theme", "default|dracula", "default"},
        {"dark_theme", "default|dracula", "dracula"},
    };

    /** Other names accepted for a setting: Converse's security page calls allow_muc_invitations allow_muc_invites. */
    private static final String[][] ALIASES = {{"allow_muc_invites", "allow_muc_invitations"}};

    private Settings() {
    }

    /** Names of every supported setting, in documentation order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String[] s : SPEC) {
            names.add(s[0]);
        }
        return names;
    }

    /**
     * Checks raw settings (values: String, Boolean, Double, or a String naming a JavaScript type that cannot
     * be a setting, wrapped in {@link BadType}) and returns them with defaults filled in. Problems are added to
     * {@code errors}, one sentence each naming the setting; the result is only meaningful when none were added.
     */
    public static Map<String, Object> check(Map<String, Object> raw, List<String> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw = new LinkedHashMap<>(raw);
        for (String[] alias : ALIASES) {
            if (raw.containsKey(alias[0])) {
                Object v = raw.remove(alias[0]);
                if (raw.containsKey(alias[1]) && !raw.get(alias[1]).equals(v)) {
                    errors.add("settings '" + alias[0] + "' and '" + alias[1] + "' are the same setting and disagree");
                }
                raw.putIfAbsent(alias[1], v);
            }
        }
        for (String key : raw.keySet()) {
            if (find(key) == null) {
                errors.add("unknown setting '" + key + "' (supported: " + String.join(", ", names()) + ")");
            }
        }
        for (String[] spec : SPEC) {
            String name = spec[0];
            String kind = spec[1];
            Object v = raw.get(name);
            if (v == null) {
                if (spec[2] != null) {
                    out.put(name, kind.equals("b") ? (Object) Boolean.valueOf(spec[2])
                            : kind.startsWith("n:") ? (Object) Double.valueOf(spec[2]) : spec[2]);
                }
                continue;
            }
            if (kind.startsWith("n:")) {
                // Strings.split, not String.split: a regular expression would pull java.util.regex (~100 KB of
                // compiled JavaScript) into embed.js and the frame.
                List<String> range = im.parley.util.Strings.split(kind, ':');
                double min = Double.parseDouble(range.get(1));
                double max = Double.parseDouble(range.get(2));
                double d = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
                if (!(v instanceof Number) || d != Math.rint(d) || d < min || d > max) {
                    errors.add("setting '" + name + "' must be a whole number from " + range.get(1) + " to " + range.get(2)
                            + ", not " + (v instanceof Number ? String.valueOf(v) : describe(v)));
                    continue;
                }
                out.put(name, d);
                continue;
            } else if (kind.equals("l")) {
                if (!isStringList(v)) {
                    errors.add("setting '" + name + "' must be a list of strings, not " + describe(v));
                    continue;
                }
            } else if (kind.equals("o")) {
                try {
                    im.parley.bosh.ConnectionOptions.parse(v);
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage().startsWith("setting") ? e.getMessage() : "setting " + e.getMessage());
                    continue;
                }
            } else if (kind.equals("b")) {
                if (!(v instanceof Boolean)) {
                    errors.add("setting '" + name + "' must be true or false, not " + describe(v));
                    continue;
                }
            } else if (!(v instanceof String)) {
                errors.add("setting '" + name + "' must be a string, not " + describe(v));
                continue;
            } else if (!kind.equals("s") && !allowed(kind, (String) v)) {
                errors.add("setting '" + name + "' must be one of " + kind.replace("|", ", ") + ", not '" + v + "'");
                continue;
            }
            out.put(name, v);
        }
        Object url = out.get("websocket_url");
        if (url instanceof String && !((String) url).startsWith("ws://") && !((String) url).startsWith("wss://")) {
            errors.add("setting 'websocket_url' must start with ws:// or wss://");
        }
        Object bosh = out.get("bosh_service_url");
        if (bosh instanceof String && !((String) bosh).startsWith("http://") && !((String) bosh).startsWith("https://")) {
            errors.add("setting 'bosh_service_url' must start with http:// or https://");
        }
        return out;
    }

    /** A value whose JavaScript type no setting can have (function, object, ...). */
    public static final class BadType {
        private final String jsType;

        public BadType(String jsType) {
            this.jsType = jsType;
        }

        @Override
        public String toString() {
            return "a value of type " + jsType;
        }
    }

    private static boolean isStringList(Object v) {
        if (!(v instanceof List)) {
            return false;
        }
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v.toString();
    }

    private static boolean allowed(String kind, String v) {
        for (String option : im.parley.util.Strings.split(kind, '|')) {
            if (option.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static String[] find(String name) {
        for (String[] s : SPEC) {
            if (s[0].equals(name)) {
                return s;
            }
        }
        return null;
    }
}
