package im.parley.bridge;

import im.parley.json.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one schema of the messages between the Parley frame and the worker, versioned. Every message is a JSON
 * object {@code {"v":VERSION,"t":TYPE,...fields}}; the fields of each type are declared below as data and
 * every received message is checked against them (unknown type, unknown field, missing or wrongly typed field
 * are errors). Commands go frame -> worker; events go worker -> frame.
 */
public final class Wire {
    public static final int VERSION = 1;

    // Commands (frame -> worker)
    public static final String LOGIN = "login";
    public static final String SEND = "send";
    public static final String LOGOUT = "logout";
    public static final String CHAT_STATE_CMD = "typing";
    public static final String VISIBILITY = "visibility";
    public static final String ADD_CONTACT = "add-contact";
    public static final String REMOVE_CONTACT = "remove-contact";
    public static final String APPROVE = "approve";
    public static final String DENY = "deny";
    public static final String CHANGE_PASSWORD = "password";
    public static final String UI_STATE = "ui";
    public static final String CORRECT = "correct";
    public static final String RETRACT = "retract";
    public static final String OLDER = "older";
    public static final String BLOCK = "block";
    public static final String DISPLAYED = "displayed";
    public static final String SET_AVATAR = "set-avatar";
    public static final String REACT = "react";
    public static final String UPDATE_CONTACT = "update-contact";
    public static final String SET_PRESENCE = "set-presence";
    public static final String IDLE = "idle";
    public static final String UPLOAD = "upload";
    public static final String GET_PROFILE = "get-profile";
    public static final String SET_PROFILE = "set-profile";

    // Events (worker -> frame)
    public static final String READY = "ready";
    public static final String STATE = "state";
    public static final String SELF = "self";
    public static final String OAUTH_OPEN = "oauth-open";
    public static final String OAUTH_CODE = "oauth-code";
    public static final String ROSTER = "roster";
    public static final String PRESENCE = "presence";
    public static final String MESSAGE = "message";
    public static final String MESSAGE_STATE = "msgstate";
    public static final String CHAT_STATE = "chatstate";
    public static final String ERROR = "error";
    public static final String HISTORY = "history";
    public static final String CACHE = "cache";
    public static final String REQUESTS = "requests";
    public static final String NOTICE = "notice";
    public static final String RESTORE = "restore";
    public static final String PLUGINS = "plugins";
    public static final String EDIT = "edit";
    public static final String ARCHIVE = "archive";
    public static final String BLOCKLIST = "blocklist";
    public static final String AVATAR = "avatar";
    public static final String REACTIONS = "reactions";
    public static final String UPLOAD_STATE = "upload-state";
    public static final String PROFILE = "profile";
    public static final String SAVED = "saved";
    public static final String MESSAGES = "messages";

    /** Field kinds: s string, b boolean, n number, a array; a trailing '?' makes the field optional (may be null). */
    private static final Map<String, String[]> SCHEMA = new HashMap<>();

    static {
        SCHEMA.put(LOGIN, new String[] {"websocket_url", "s?", "bosh_service_url", "s?", "jid", "s", "password", "s",
            "allow_non_roster_messaging", "b", "auto_reconnect", "b", "persistent_store", "s?", "cache_key", "s?",
            "passphrase", "s?", "clear_cache_on_logout", "b?", "allow_contact_requests", "b?",
            "allow_contact_removal", "b?", "allow_adhoc_commands", "b?", "allow_muc_invitations", "b?", "authentication", "s?", "send_chat_markers", "a?", "priority", "n?", "ping_interval", "n?",
            // Converse's credentials_url (fetched by the worker) and discover_connection_methods (XEP-0156).
            "credentials_url", "s?", "discover_connection_methods", "b?",
            // Converse's connection_options for BOSH: the endpoint's cookies, and headers ([[name, value], ...]).
            "with_credentials", "b?", "custom_headers", "a?",
            // Stay logged in on this device (Converse's reuse_scram_keys; the login form's checkbox), and a login
            // from what an earlier one saved (saved: jid and password are empty; the worker answers SAVED).
            "reuse_scram_keys", "b?", "stay_logged_in", "b?", "saved", "b?",
            // authentication 'oauth': the OpenID provider, Parley's client id there, the scope, and where the
            // provider sends the user back (Parley's oauth-callback.html).
            "oauth_issuer", "s?", "oauth_client_id", "s?", "oauth_scope", "s?", "oauth_redirect_uri", "s?",
            // Plugins: [{name, url, integrity}], the names allowed and refused, and the settings plugins may read,
            // [[name, value], ...] (never the password or passphrase).
            "plugins", "a?", "whitelisted_plugins", "a?", "blacklisted_plugins", "a?", "settings", "a?"});
        // Which plugins run ([names]) and which were refused ([{name, reason}]).
        SCHEMA.put(PLUGINS, new String[] {"loaded", "a", "refused", "a"});
        SCHEMA.put(ADD_CONTACT, new String[] {"jid", "s", "name", "s?"});
        SCHEMA.put(REMOVE_CONTACT, new String[] {"jid", "s"});
        SCHEMA.put(APPROVE, new String[] {"jid", "s"});
        SCHEMA.put(DENY, new String[] {"jid", "s"});
        SCHEMA.put(CHANGE_PASSWORD, new String[] {"password", "s"});
        // The UI's state worth keeping across pages (the open chat), and what a warm start restores of it.
        SCHEMA.put(UI_STATE, new String[] {"open", "s?"});
        SCHEMA.put(RESTORE, new String[] {"open", "s?"});
        // Contact requests waiting for an answer: [{jid, nick}].
        SCHEMA.put(REQUESTS, new String[] {"items", "a"});
        // The outcome of something the user asked for, for the status line (not an error).
        // text: English, with {0}, {1}... filled from args (all strings); the frame translates it.
        SCHEMA.put(NOTICE, new String[] {"text", "s", "args", "a?"});
        SCHEMA.put(SEND, new String[] {"to", "s", "body", "s", "spoiler", "s?"});
        SCHEMA.put(LOGOUT, new String[] {});
        SCHEMA.put(CHAT_STATE_CMD, new String[] {"to", "s", "state", "s"});
        SCHEMA.put(VISIBILITY, new String[] {"visible", "b"});
        SCHEMA.put(CHAT_STATE, new String[] {"jid", "s", "state", "s"});
        SCHEMA.put(READY, new String[] {"build", "s"});
        // The answer to a saved login: found (the worker logs in as jid) or not (the frame shows the form);
        // forgotten: a saved login that no longer works was deleted (the form says why).
        // forgotten: the kept login no longer works; reason "provider": the identity provider refused its refresh
        // token (detail: what it said), else the server refused the kept keys.
        SCHEMA.put(SAVED, new String[] {"found", "b", "jid", "s?", "forgotten", "b?", "reason", "s?", "detail", "s?"});
        SCHEMA.put(STATE, new String[] {"state", "s", "error", "s?", "detail", "s?"});
        // login: how the session logged in (SASL profile and mechanism, Bind 2, resumed), shown to the user.
        // OAuth: the worker asks the frame to open the provider's page; the frame passes back what it answered.
        SCHEMA.put(OAUTH_OPEN, new String[] {"url", "s"});
        SCHEMA.put(OAUTH_CODE, new String[] {"code", "s?", "state", "s?", "error", "s?"});
        SCHEMA.put(SELF, new String[] {"jid", "s", "login", "s?"});
        // The whole roster; a large one in parts, all but the last with more = true.
        SCHEMA.put(ROSTER, new String[] {"items", "a", "more", "b?"});
        // A contact's availability; idle: since when they have been idle (XEP-0319, epoch ms), absent when active.
        SCHEMA.put(PRESENCE, new String[] {"jid", "s", "show", "s?", "status", "s?", "idle", "n?"});
        // Rename a contact (name absent or empty: no name) and set their groups.
        SCHEMA.put(UPDATE_CONTACT, new String[] {"jid", "s", "name", "s?", "groups", "a"});
        // The user's availability ("", chat, away, xa, dnd) and status message.
        SCHEMA.put(SET_PRESENCE, new String[] {"show", "s", "status", "s?"});
        // The user has been idle since (epoch ms); 0: active again.
        SCHEMA.put(IDLE, new String[] {"since", "n"});
        // Share a file with a contact (XEP-0363): the file itself travels beside the command (a Blob); id is the
        // frame's, for the progress events.
        SCHEMA.put(UPLOAD, new String[] {"id", "s", "to", "s", "name", "s", "size", "n", "type", "s?"});
        // An upload's progress: state slot | progress | done | failed; bytes sent of total; why it failed.
        // A contact's profile (vCard-temp), or the own (jid absent); the fields of one; the user's new profile.
        SCHEMA.put(GET_PROFILE, new String[] {"jid", "s?"});
        SCHEMA.put(PROFILE, new String[] {"jid", "s?", "fn", "s?", "nickname", "s?", "email", "s?", "url", "s?",
            "role", "s?"});
        SCHEMA.put(SET_PROFILE, new String[] {"fn", "s?", "nickname", "s?", "email", "s?", "url", "s?", "role", "s?"});
        SCHEMA.put(UPLOAD_STATE, new String[] {"id", "s", "state", "s", "loaded", "n?", "total", "n?", "error", "s?"});
        SCHEMA.put(MESSAGE, new String[] {"id", "s", "peer", "s", "body", "s", "outgoing", "b", "ts", "n",
            "state", "s?", "edited", "b?", "retracted", "b?", "spoiler", "s?", "oob", "s?"});
        // Messages that arrived together, in order: [{peer, and the fields of a HISTORY item}].
        SCHEMA.put(MESSAGES, new String[] {"items", "a"});
        // Correct (XEP-0308) or retract (XEP-0424) one of the user's own messages.
        SCHEMA.put(CORRECT, new String[] {"to", "s", "id", "s", "body", "s"});
        SCHEMA.put(RETRACT, new String[] {"to", "s", "id", "s"});
        // Scrolling back: the archive's messages with peer up to "before" (epoch ms; absent: now), a page at a time.
        SCHEMA.put(OLDER, new String[] {"peer", "s", "before", "n?", "id", "s?"});
        // Block (true) or unblock a JID (XEP-0191); the JIDs blocked, sorted.
        SCHEMA.put(BLOCK, new String[] {"jid", "s", "block", "b"});
        SCHEMA.put(BLOCKLIST, new String[] {"items", "a"});
        // The user has seen this message from peer (XEP-0333).
        SCHEMA.put(DISPLAYED, new String[] {"peer", "s", "id", "s"});
        // The user's avatar (type and base64; both absent: remove it); a contact's or the user's avatar, or none.
        SCHEMA.put(SET_AVATAR, new String[] {"type", "s?", "data", "s?"});
        SCHEMA.put(AVATAR, new String[] {"jid", "s", "type", "s?", "data", "s?"});
        // The user's whole set of reactions to a message (XEP-0444); someone's set (mine: the user's).
        SCHEMA.put(REACT, new String[] {"to", "s", "id", "s", "reactions", "a"});
        SCHEMA.put(REACTIONS, new String[] {"peer", "s", "id", "s", "mine", "b", "items", "a"});
        // A page of the archive was shown (as "history" with older = true); complete: nothing older is left.
        SCHEMA.put(ARCHIVE, new String[] {"peer", "s", "complete", "b", "count", "n"});
        // A message corrected (body) or retracted (body null) by its author.
        SCHEMA.put(EDIT, new String[] {"peer", "s", "id", "s", "body", "s?", "outgoing", "b"});
        SCHEMA.put(MESSAGE_STATE, new String[] {"id", "s", "peer", "s", "state", "s"});
        SCHEMA.put(ERROR, new String[] {"text", "s", "args", "a?"});
        // Cached messages of one conversation, oldest first, shown before anything that arrives live.
        SCHEMA.put(HISTORY, new String[] {"peer", "s", "items", "a", "older", "b?"});
        // The cache: opening, warm (cached data shown), cleared, or a notice (status = its code) with a text.
        SCHEMA.put(CACHE, new String[] {"status", "s", "text", "s?", "args", "a?"});
    }

    private Wire() {
    }

    /** A checked message. */
    public static final class Msg {
        private final String type;
        private final Map<String, Object> fields;

        Msg(String type, Map<String, Object> fields) {
            this.type = type;
            this.fields = fields;
        }

        public String type() {
            return type;
        }

        public String str(String name) {
            return (String) fields.get(name);
        }

        public boolean bool(String name) {
            return Boolean.TRUE.equals(fields.get(name));
        }

        /** An optional boolean field, or {@code absent} when it is not there. */
        public boolean bool(String name, boolean absent) {
            Object v = fields.get(name);
            return v instanceof Boolean ? (Boolean) v : absent;
        }

        /** Whether an optional field is there (not absent, not null). */
        public boolean has(String name) {
            return fields.get(name) != null;
        }

        public double num(String name) {
            return ((Number) fields.get(name)).doubleValue();
        }

        @SuppressWarnings("unchecked")
        public List<Object> list(String name) {
            return (List<Object>) fields.get(name);
        }
    }

    /** Builds a message of {@code type} from name/value pairs, checked against the schema. */
    public static String encode(String type, Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("t", type);
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        check(m);
        return Json.write(m);
    }

    /** Parses and checks a message. @throws IllegalArgumentException saying what is wrong. */
    public static Msg decode(String json) {
        Map<String, Object> m = Json.parseObject(json);
        return check(m);
    }

    private static Msg check(Map<String, Object> m) {
        Object v = m.get("v");
        if (!(v instanceof Number) || ((Number) v).intValue() != VERSION) {
            throw new IllegalArgumentException("message version " + v + " is not " + VERSION);
        }
        Object t = m.get("t");
        String[] spec = t instanceof String ? SCHEMA.get(t) : null;
        if (spec == null) {
            throw new IllegalArgumentException("unknown message type " + t);
        }
        for (String key : m.keySet()) {
            if (!key.equals("v") && !key.equals("t") && indexOf(spec, key) < 0) {
                throw new IllegalArgumentException(t + ": unknown field '" + key + "'");
            }
        }
        for (int i = 0; i < spec.length; i += 2) {
            String name = spec[i];
            String kind = spec[i + 1];
            Object value = m.get(name);
            if (value == null) {
                if (!kind.endsWith("?")) {
                    throw new IllegalArgumentException(t + ": missing field '" + name + "'");
                }
                continue;
            }
            boolean ok;
            switch (kind.charAt(0)) {
                case 's': ok = value instanceof String; break;
                case 'b': ok = value instanceof Boolean; break;
                case 'n': ok = value instanceof Number; break;
                case 'a': ok = value instanceof List; break;
                default: ok = false;
            }
            if (!ok) {
                throw new IllegalArgumentException(t + ": field '" + name + "' has the wrong type");
            }
        }
        return new Msg((String) t, m);
    }

    private static int indexOf(String[] spec, String key) {
        for (int i = 0; i < spec.length; i += 2) {
            if (spec[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
