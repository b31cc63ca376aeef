package im.parley.web.frame;

import static im.parley.web.i18n.I18n.tr;

import im.parley.bridge.Wire;
import im.parley.json.Json;
import im.parley.web.Deployment;
import im.parley.web.HostWire;
import im.parley.web.Settings;
import im.parley.web.dom.Dom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The Parley frame: a document of Parley's own origin (the fullscreen app page itself, or an iframe created by
 * embed.js or by an integrator). It reads the deployment's {@code parley-config.json}, takes settings from the
 * host over an origin-checked MessageChannel when framed, starts the worker and runs the UI.
 */
public final class FrameMain implements ChatUi.Actions {
    private Map<String, Object> settings;
    private JSObject hostPort;
    private ChatUi ui;
    private WorkerLink worker;
    private JSObject root;
    private String pendingPassword;
    private String selfJid;
    private boolean refusedHost;
    /** A login command went to the worker (possibly queued until it is ready). */
    private boolean loginSent;

    private FrameMain() {
    }

    private Deployment deployment;
    /** The plugins to load, [{name, url, integrity}]: the deployment's and the page's. */
    private List<Object> plugins = new ArrayList<>();
    private String hostOrigin;
    /** The host page's viewport as it last said (overlayed), or 0 before it has. */
    private double viewportWidth;
    private double viewportHeight;
    /** Created by embed.js (which names the view mode in the URL fragment): settings come from the host. */
    private boolean hostDriven;
    private final List<String> queuedHostMessages = new ArrayList<>();

    /** What a sandboxed iframe must allow, and why (README: the widget in a sandboxed iframe). */
    static final String SANDBOX_TOKENS = "allow-scripts allow-same-origin allow-forms";

    public static void main(String[] args) {
        if (isOAuthCallback()) {
            oauthCallback(); // the identity provider's answer, for the Parley window that opened this one
            return;
        }
        if (opaqueOrigin()) {
            // A sandbox without allow-same-origin: no worker, no storage, no config of Parley's own origin.
            String text = "Parley cannot run in this frame: its sandbox attribute must allow \"" + SANDBOX_TOKENS
                    + "\" (Parley needs its own origin for its worker and its encrypted storage).";
            Dom.consoleError("Parley: " + text);
            JSObject root = Dom.byId("parley-root");
            Dom.attr(root, "data-state", "refused");
            Dom.text(root, text);
            return;
        }
        FrameMain frame = new FrameMain();
        frame.hostDriven = isFramed() && !hostMode().isEmpty();
        if (frame.hostDriven) {
            // Listen at once: embed.js posts the handshake on the iframe's load event, which may come before
            // the deployment config has arrived. Host messages wait in a queue until it has.
            waitForHost(HostWire.HANDSHAKE, HostWire.VERSION, (port, origin) -> {
                frame.hostPort = port;
                frame.hostOrigin = origin;
                onHostMessages(port, frame::hostMessage, FrameMain::dropped);
            }, FrameMain::dropped);
        }
        fetchConfig(frame::configLoaded);
    }

    private void hostMessage(String text) {
        if (deployment == null) {
            queuedHostMessages.add(text);
        } else {
            onHostMessage(deployment, text);
        }
    }

    private void configLoaded(String configText) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (configText != null && !configText.isEmpty()) {
            try {
                config = Json.parseObject(configText);
            } catch (IllegalArgumentException e) {
                Dom.consoleError("Parley: parley-config.json is not valid JSON (" + e.getMessage() + "); ignored");
            }
        }
        List<String> problems = new ArrayList<>();
        Deployment deployment = new Deployment(config, problems);
        for (String p : problems) {
            Dom.consoleError("Parley: " + p);
        }
        this.deployment = deployment;
        if (hostDriven) {
            for (String text : queuedHostMessages) {
                onHostMessage(deployment, text);
            }
            queuedHostMessages.clear();
        } else {
            // The fullscreen app, or widget.html framed by an integrator without embed.js: the deployment's
            // parley-config.json is all the settings there are.
            Map<String, Object> s = deployment.defaults();
            plugins = deployment.plugins(new ArrayList<>(), problems);
            s.put("view_mode", isFramed() ? "embedded" : "fullscreen");
            start(s);
        }
    }

    /** Messages from the host side that were not accepted (malformed, unknown, forged, out of turn). */
    private static int droppedCount;

    /** Drops a message and counts it; the count is on the frame's root ({@code data-dropped}) for diagnostics. */
    private static void dropped() {
        droppedCount++;
        JSObject r = Dom.byId("parley-root");
        if (r != null) {
            Dom.attr(r, "data-dropped", String.valueOf(droppedCount));
        }
    }

    private void onHostMessage(Deployment base, String text) {
        Map<String, Object> msg;
        try {
            msg = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            Dom.consoleError("Parley: dropped a malformed message from the host page");
            dropped();
            return;
        }
        Object v = msg.get("v");
        Object t = msg.get("t");
        if (!(v instanceof Number) || ((Number) v).intValue() != HostWire.VERSION) {
            dropped();
            return;
        }
        if (!base.allowsHost(hostOrigin)) {
            // Only pages the deployment names may configure Parley (browsers also enforce this with the
            // frame-ancestors header; this check does not depend on the server sending it).
            if (!refusedHost) {
                refusedHost = true;
                String why = "this page's origin " + hostOrigin + " is not in allowed_host_origins of "
                        + "parley-config.json on Parley's origin";
                Dom.consoleError("Parley: refused to start: " + why);
                toHost(HostWire.ERROR, "text", "Parley refused to start: " + why);
            }
            dropped();
            return;
        }
        if (HostWire.INIT.equals(t) && settings == null && msg.get("settings") instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> hostSettings = (Map<String, Object>) msg.get("settings");
            List<String> errors = new ArrayList<>();
            Map<String, Object> merged = base.merge(hostSettings, errors);
            plugins = base.plugins(msg.get("plugins") instanceof List ? (List<?>) msg.get("plugins")
                    : new ArrayList<>(), errors);
            if (!refuse(errors)) {
                start(merged);
            }
        } else if (HostWire.VIEWPORT.equals(t) && msg.get("width") instanceof Number
                && msg.get("height") instanceof Number) {
            viewportWidth = Math.max(0, Math.min(100_000, ((Number) msg.get("width")).doubleValue()));
            viewportHeight = Math.max(0, Math.min(100_000, ((Number) msg.get("height")).doubleValue()));
            if (ui != null) {
                ui.viewport(viewportWidth, viewportHeight);
            }
        } else if (HostWire.OPEN.equals(t) && ui != null && msg.get("jid") instanceof String
                && selfJid != null) {
            String jid = (String) msg.get("jid");
            if (jid.indexOf('@') > 0 && jid.indexOf('/') < 0 && jid.length() < 3072) {
                ui.open(jid.toLowerCase());
            } else {
                dropped();
            }
        } else {
            dropped(); // an unknown type, a second init, fields of the wrong kind, or an open before login
        }
    }

    /** Reports settings problems to the console and the host; true if there were any (nothing starts then). */
    private boolean refuse(List<String> errors) {
        for (String e : errors) {
            Dom.consoleError("Parley: " + e);
        }
        if (!errors.isEmpty()) {
            toHost(HostWire.ERROR, "text", String.join("; ", errors));
        }
        return !errors.isEmpty();
    }

    private void start(Map<String, Object> raw) {
        List<String> errors = new ArrayList<>();
        Map<String, Object> checked = Settings.check(raw, errors);
        if (refuse(errors)) {
            return;
        }
        settings = checked;
        pendingPassword = (String) checked.remove("password");
        root = Dom.byId("parley-root");
        Dom.attr(root, "data-state", "starting");
        // The UI's language: the i18n setting, else the browser's preference, else English.
        Dom.rootAttr("lang", im.parley.web.i18n.I18n.choose((String) settings.get("i18n"), Dom.languages()));
        ui = new ChatUi(root, (String) settings.get("view_mode"), "passphrase".equals(settings.get("cache_key")),
                "anonymous".equals(settings.get("authentication")) ? (String) settings.get("jid") : null,
                Boolean.TRUE.equals(settings.get("allow_contact_removal")),
                !Boolean.FALSE.equals(settings.get("roster_groups")),
                Boolean.TRUE.equals(settings.get("hide_offline_users")), this);
        ui.setNotifications(!Boolean.FALSE.equals(settings.get("show_desktop_notifications")));
        if ("oauth".equals(settings.get("authentication"))) {
            ui.useIdentityProvider();
        } else if ("external".equals(settings.get("authentication"))) {
            ui.useClientCertificate();
        }
        if (viewportWidth > 0) {
            ui.viewport(viewportWidth, viewportHeight);
        }
        if (settings.get("jid") != null) {
            ui.prefillJid((String) settings.get("jid"));
        }
        if (staysLoggedIn()) {
            ui.offerStayLoggedIn();
            ui.hideLogin(); // until the worker says whether this device kept a login
        }
        ui.setStatus(tr("Starting…"));
        worker = new WorkerLink((String) settings.get("worker_build"), this::onWorkerEvent);
        startIdleWatch();
        applyTheme();
        onSchemeChange(this::applyTheme);
        onVisibility(visible -> {
            worker.send(Wire.VISIBILITY, "visible", visible);
            ui.visible(visible);
        });
    }

    /**
     * A message item from the worker ({id, body, outgoing, ts, state, edited, retracted, spoiler, oob}) as
     * {id, body, outgoing, ts, state, edited, retracted, spoiler, oob}; null if it lacks what every message has.
     */
    private static Object[] messageItem(Object o) {
        if (!(o instanceof Map)) {
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) o;
        if (!(m.get("id") instanceof String) || !(m.get("body") instanceof String) || !(m.get("ts") instanceof Number)) {
            return null;
        }
        return new Object[] {m.get("id"), m.get("body"), Boolean.TRUE.equals(m.get("outgoing")),
            ((Number) m.get("ts")).doubleValue(), m.get("state") instanceof String ? m.get("state") : null,
            Boolean.TRUE.equals(m.get("edited")), Boolean.TRUE.equals(m.get("retracted")),
            m.get("spoiler") instanceof String ? m.get("spoiler") : null,
            m.get("oob") instanceof String ? m.get("oob") : null};
    }

    private void onWorkerEvent(Wire.Msg msg) {
        switch (msg.type()) {
            case Wire.READY:
                Dom.attr(root, "data-build", msg.str("build"));
                Dom.attr(root, "data-state", "offline");
                debug("worker ready (" + msg.str("build") + " build)");
                ui.setStatus("");
                String jid = (String) settings.get("jid");
                boolean anonymous = "anonymous".equals(settings.get("authentication"));
                if (Boolean.TRUE.equals(settings.get("auto_login")) && jid != null && anonymous) {
                    login(jid, "", null); // the server makes up an account: nothing to ask
                } else if (Boolean.TRUE.equals(settings.get("auto_login")) && settings.get("credentials_url") != null
                        && !"passphrase".equals(settings.get("cache_key"))) {
                    login("", "", null); // the worker fetches the address and password from credentials_url
                } else if (Boolean.TRUE.equals(settings.get("auto_login")) && jid != null && pendingPassword != null
                        && !"passphrase".equals(settings.get("cache_key"))) {
                    login(jid, pendingPassword, null);
                } else if (!loginSent && staysLoggedIn()) {
                    ui.hideLogin();
                    sendLogin((String) settings.get("jid") == null ? "" : (String) settings.get("jid"), "", null,
                            false, true); // a login this device kept; the worker answers SAVED
                } else if (!loginSent) {
                    ui.showLogin();
                }
                pendingPassword = null;
                break;
            case Wire.SAVED:
                if (msg.bool("found")) {
                    ui.setStatus(tr("Logging in as {0}…", msg.str("jid")));
                } else {
                    loginSent = false;
                    if (msg.bool("forgotten") && "provider".equals(msg.str("reason"))) {
                        ui.showLoginError(tr("Your identity provider no longer accepts the login kept on this device ({0}); log in again.",
                                msg.str("detail") == null ? "" : msg.str("detail")));
                    } else if (msg.bool("forgotten")) {
                        ui.showLoginError(tr("The login kept on this device no longer works (was the password changed?); log in again."));
                    }
                    ui.showLogin();
                }
                break;
            case Wire.STATE:
                onState(msg.str("state"), msg.str("error"), msg.str("detail"));
                break;
            case Wire.OAUTH_OPEN:
                if (!navigateOAuthWindow(msg.str("url"))) {
                    oauthWindowClosed();
                } else {
                    watchOAuthWindow(this::oauthWindowClosed);
                }
                break;
            case Wire.SELF:
                selfJid = msg.str("jid");
                ui.loginMethod(msg.str("login"));
                if (!chosenShow.isEmpty() || !chosenStatus.isEmpty() || autoShow != null) {
                    sendPresence(); // a new session (after a reconnect) starts out plainly available
                }
                if (idleWatch.idleSince() > 0) {
                    worker.send(Wire.IDLE, "since", idleWatch.idleSince());
                }
                break;
            case Wire.ROSTER: {
                // A large roster comes in parts, each taken in its own task; it is shown once the last has come.
                List<Object[]> items = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    if (o instanceof Map) {
                        Map<?, ?> m = (Map<?, ?>) o;
                        if (m.get("jid") instanceof String) {
                            items.add(new Object[] {m.get("jid"), m.get("name") instanceof String ? m.get("name") : null,
                                m.get("groups") instanceof List ? m.get("groups") : null});
                        }
                    }
                }
                ui.rosterPart(items, msg.bool("more"));
                break;
            }
            case Wire.PRESENCE:
                ui.presence(msg.str("jid"), msg.str("show"), msg.str("status"), msg.has("idle") ? msg.num("idle") : 0);
                break;
            case Wire.MESSAGE:
                ui.message(msg.str("id"), msg.str("peer"), msg.str("body"), msg.bool("outgoing"), msg.num("ts"),
                        msg.str("state"), msg.bool("edited"), msg.bool("retracted"), msg.str("spoiler"), msg.str("oob"));
                break;
            case Wire.PROFILE:
                ui.profile(msg.str("jid"), new String[] {msg.str("fn"), msg.str("nickname"), msg.str("email"),
                    msg.str("url"), msg.str("role")});
                break;
            case Wire.UPLOAD_STATE:
                ui.uploadState(msg.str("id"), msg.str("state"), msg.has("loaded") ? msg.num("loaded") : 0,
                        msg.has("total") ? msg.num("total") : 0, msg.str("error"));
                break;
            case Wire.EDIT:
                ui.edit(msg.str("peer"), msg.str("id"), msg.str("body"), msg.bool("outgoing"));
                break;
            case Wire.MESSAGES: {
                List<String> peers = new ArrayList<>();
                List<Object[]> items = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    Object[] item = messageItem(o);
                    if (item != null && ((Map<?, ?>) o).get("peer") instanceof String) {
                        peers.add((String) ((Map<?, ?>) o).get("peer"));
                        items.add(item);
                    }
                }
                ui.messages(peers, items);
                break;
            }
            case Wire.HISTORY: {
                List<Object[]> items = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    Object[] item = messageItem(o);
                    if (item != null) {
                        items.add(item);
                    }
                }
                if (msg.bool("older")) {
                    ui.olderPage(msg.str("peer"), items);
                } else {
                    ui.history(msg.str("peer"), items);
                }
                break;
            }
            case Wire.REACTIONS: {
                List<String> items = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    if (o instanceof String) {
                        items.add((String) o);
                    }
                }
                ui.reactions(msg.str("peer"), msg.str("id"), msg.bool("mine"), items);
                break;
            }
            case Wire.AVATAR:
                ui.avatar(msg.str("jid"), msg.str("type"), msg.str("data"));
                break;
            case Wire.BLOCKLIST: {
                List<String> jids = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    if (o instanceof String) {
                        jids.add((String) o);
                    }
                }
                ui.blocklist(jids);
                break;
            }
            case Wire.ARCHIVE:
                ui.archiveState(msg.str("peer"), msg.bool("complete"), msg.has("count") ? (int) msg.num("count") : 0);
                break;
            case Wire.CACHE:
                onCache(msg.str("status"), msg.str("text") == null ? null : localized(msg));
                break;
            case Wire.REQUESTS: {
                List<String[]> requests = new ArrayList<>();
                for (Object o : msg.list("items")) {
                    if (o instanceof Map && ((Map<?, ?>) o).get("jid") instanceof String) {
                        Map<?, ?> m = (Map<?, ?>) o;
                        requests.add(new String[] {(String) m.get("jid"),
                            m.get("nick") instanceof String ? (String) m.get("nick") : null});
                    }
                }
                ui.requests(requests);
                break;
            }
            case Wire.RESTORE:
                if (msg.str("open") != null) {
                    ui.restore(msg.str("open"));
                }
                break;
            case Wire.NOTICE:
                ui.setStatus(localized(msg));
                break;
            case Wire.PLUGINS: {
                List<String> loaded = new ArrayList<>();
                for (Object o : msg.list("loaded")) {
                    loaded.add(String.valueOf(o));
                }
                Dom.attr(root, "data-plugins", String.join(" ", loaded));
                for (Object o : msg.list("refused")) {
                    Map<?, ?> r = (Map<?, ?>) o;
                    String text = "Plugin '" + r.get("name") + "' was not loaded: " + r.get("reason");
                    Dom.consoleError("Parley: " + text);
                    ui.setStatus(text);
                }
                break;
            }
            case Wire.CHAT_STATE:
                ui.chatState(msg.str("jid"), msg.str("state"));
                break;
            case Wire.MESSAGE_STATE:
                ui.messageState(msg.str("id"), msg.str("peer"), msg.str("state"));
                break;
            case Wire.ERROR: {
                String text = localized(msg);
                Dom.consoleError("Parley: " + text);
                ui.setStatus(text);
                if (selfJid == null) {
                    loginSent = false;
                    ui.showLoginError(text);
                    ui.showLogin();
                }
                break;
            }
            default:
                break;
        }
    }

    /**
     * The text of a notice, error or cache notice from the worker in the UI's language: the worker sends English with
     * {0}, {1}... and the values; a text the catalog does not know is shown as it came.
     */
    private static String localized(Wire.Msg msg) {
        List<?> args = msg.list("args");
        return tr(msg.str("text"), args == null ? new Object[0] : args.toArray());
    }

    private void onCache(String status, String text) {
        Dom.attr(root, "data-cache", status);
        switch (status) {
            case "opening":
                ui.setStatus(tr("Opening the encrypted cache…"));
                break;
            case "warm":
                if (loginSent) { // not once the login has failed (a kept login the server refused is quicker)
                    ui.showMain(); // the cached roster and conversations, while the connection comes up
                    ui.setStatus(tr("Connecting…"));
                }
                break;
            default:
                if (text != null) {
                    debug("cache: " + status + ": " + text);
                    ui.notice(text);
                }
                break;
        }
    }

    private void onState(String state, String error, String detail) {
        Dom.attr(root, "data-state", state);
        toHost(HostWire.EVENT, "name", HostWire.EV_STATE, "value", state);
        switch (state) {
            case "connecting":
                if (selfJid == null) {
                    ui.connecting();
                }
                ui.setStatus(tr("Connecting…"));
                break;
            case "authenticating":
                ui.setStatus(tr("Logging in…"));
                break;
            case "binding":
                ui.setStatus(tr("Starting session…"));
                break;
            case "resuming":
                ui.setStatus(tr("Resuming session…"));
                break;
            case "reconnecting":
                ui.disconnected();
                ui.setStatus(tr("Connection lost: {0}", detail));
                break;
            case "online":
                ui.online(selfJid);
                ui.setStatus(tr("Online as {0}", selfJid));
                break;
            case "offline":
                ui.disconnected();
                selfJid = null;
                loginSent = false;
                ui.offline();
                chosenShow = "";
                chosenStatus = "";
                String text = errorText(error, detail);
                ui.setStatus(text == null ? tr("Logged out") : text);
                if (text != null) {
                    Dom.attr(root, "data-error", error);
                    ui.showLoginError(text);
                }
                break;
            default:
                break;
        }
    }

    private static String errorText(String code, String detail) {
        if (code == null) {
            return null;
        }
        switch (code) {
            case "wrong-password": return tr("Wrong password (or unknown account). Check them and try again.");
            case "unreachable": return tr("Cannot reach the chat server: {0}", detail);
            case "bad-xml": return tr("The server sent malformed XML, so Parley closed the connection: {0}", detail);
            default: return detail;
        }
    }

    private void debug(String text) {
        if ("debug".equals(settings.get("loglevel"))) {
            Dom.consoleInfo("Parley: " + text);
        }
    }

    // ChatUi.Actions

    /** The settings plugins may read, [[name, value], ...]: strings and booleans, never a secret. */
    private List<Object> pluginSettings() {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            if (e.getValue() instanceof String || e.getValue() instanceof Boolean) {
                List<Object> pair = new ArrayList<>();
                pair.add(e.getKey());
                pair.add(e.getValue());
                out.add(pair);
            }
        }
        return out;
    }

    private boolean oauthListening;

    /** The identity provider's window went away without an answer: the login form again, and a word why. */
    private void oauthWindowClosed() {
        loginSent = false;
        ui.showLoginError(tr("The identity provider's window was closed; log in again."));
        ui.showLogin();
    }

    /**
     * Whether this deployment lets a login stay on the device: authentication 'login', reuse_scram_keys, and a
     * cache that outlives the page and opens without a passphrase.
     */
    private boolean staysLoggedIn() {
        Object auth = settings.get("authentication");
        return (auth == null || "login".equals(auth) || "oauth".equals(auth))
                && !Boolean.FALSE.equals(settings.get("reuse_scram_keys"))
                && !"sessionStorage".equals(settings.get("persistent_store"))
                && !"passphrase".equals(settings.get("cache_key"));
    }

    @Override
    public void login(String jid, String password, String passphrase) {
        boolean oauth = "oauth".equals(settings.get("authentication"));
        if (oauth) {
            if (!openOAuthWindow()) {
                ui.showLoginError(tr("Allow pop-up windows for Parley to log in with your identity provider."));
                return;
            }
            if (!oauthListening) {
                oauthListening = true;
                onOAuthAnswer((code, state, error) -> worker.send(Wire.OAUTH_CODE, "code", code, "state", state,
                        "error", error));
            }
        }
        Object url = settings.get("websocket_url") != null ? settings.get("websocket_url")
                : settings.get("bosh_service_url");
        if (!(url instanceof String) && Boolean.FALSE.equals(settings.get("discover_connection_methods"))) {
            ui.showLoginError(tr("No chat server is configured (setting websocket_url or bosh_service_url)."));
            return;
        }
        sendLogin(jid, password, passphrase, ui.stayLoggedIn(), false);
    }

    /** The login command; {@code saved}: log in with what this device kept (jid may be empty, password is). */
    private void sendLogin(String jid, String password, String passphrase, boolean stay, boolean saved) {
        boolean oauth = "oauth".equals(settings.get("authentication"));
        Dom.attr(root, "data-error", null);
        loginSent = true;
        ui.connecting();
        // (checked with the other settings: parse cannot fail here)
        im.parley.bosh.ConnectionOptions options = im.parley.bosh.ConnectionOptions.parse(
                settings.get("connection_options"));
        worker.send(Wire.LOGIN, "websocket_url", settings.get("websocket_url"),
                "bosh_service_url", settings.get("bosh_service_url"), "jid", jid, "password", password,
                "with_credentials", options.withCredentials(), "custom_headers", options.headerPairs(),
                "allow_non_roster_messaging", settings.get("allow_non_roster_messaging"),
                "auto_reconnect", settings.get("auto_reconnect"), "persistent_store", settings.get("persistent_store"),
                "cache_key", settings.get("cache_key"), "passphrase", passphrase,
                "clear_cache_on_logout", settings.get("clear_cache_on_logout"),
                "allow_contact_requests", settings.get("allow_contact_requests"),
                "allow_contact_removal", settings.get("allow_contact_removal"),
                "allow_adhoc_commands", settings.get("allow_adhoc_commands"),
                "authentication", settings.get("authentication"),
                "send_chat_markers", settings.get("send_chat_markers"), "priority", settings.get("priority"),
                "ping_interval", settings.get("ping_interval"),
                "credentials_url", jid.isEmpty() && !saved ? settings.get("credentials_url") : null,
                "discover_connection_methods", settings.get("discover_connection_methods"),
                "oauth_issuer", oauth ? settings.get("oauth_issuer") : null,
                "oauth_client_id", oauth ? settings.get("oauth_client_id") : null,
                "oauth_scope", oauth ? settings.get("oauth_scope") : null,
                "oauth_redirect_uri", oauth ? pageOrigin() + "/oauth-callback.html" : null,
                "allow_muc_invitations", settings.get("allow_muc_invitations"),
                "plugins", plugins, "whitelisted_plugins", settings.get("whitelisted_plugins"),
                "blacklisted_plugins", settings.get("blacklisted_plugins"), "settings", pluginSettings(),
                "reuse_scram_keys", settings.get("reuse_scram_keys"), "stay_logged_in", stay, "saved", saved);
    }

    @Override
    public void correct(String to, String id, String body) {
        worker.send(Wire.CORRECT, "to", to, "id", id, "body", body);
    }

    @Override
    public void react(String to, String id, List<String> reactions) {
        worker.send(Wire.REACT, "to", to, "id", id, "reactions", new ArrayList<Object>(reactions));
    }

    @Override
    public void setAvatar(String type, String data) {
        worker.send(Wire.SET_AVATAR, "type", type, "data", data);
    }

    @Override
    public void displayed(String peer, String id) {
        worker.send(Wire.DISPLAYED, "peer", peer, "id", id);
    }

    @Override
    public void block(String jid, boolean block) {
        worker.send(Wire.BLOCK, "jid", jid, "block", block);
    }

    @Override
    public void older(String peer, double before, String oldestId) {
        if (before > 0) {
            worker.send(Wire.OLDER, "peer", peer, "before", before, "id", oldestId);
        } else {
            worker.send(Wire.OLDER, "peer", peer);
        }
    }

    @Override
    public void retract(String to, String id) {
        worker.send(Wire.RETRACT, "to", to, "id", id);
    }

    @Override
    public void send(String to, String body, String spoiler) {
        worker.send(Wire.SEND, "to", to, "body", body, "spoiler", spoiler);
    }

    @Override
    public void addContact(String jid, String name) {
        worker.send(Wire.ADD_CONTACT, "jid", jid, "name", name);
    }

    @Override
    public void removeContact(String jid) {
        worker.send(Wire.REMOVE_CONTACT, "jid", jid);
    }

    @Override
    public void upload(String id, String to, JSObject file, String name, double size, String type) {
        if (!worker.sendWithFile(file, Wire.UPLOAD, "id", id, "to", to, "name", name, "size", size, "type", type)) {
            ui.uploadState(id, "failed", 0, size, tr("the chat is still starting"));
        }
    }

    @Override
    public void getProfile(String jid) {
        worker.send(Wire.GET_PROFILE, "jid", jid);
    }

    @Override
    public void setProfile(String[] f) {
        worker.send(Wire.SET_PROFILE, "fn", f[0], "nickname", f[1], "email", f[2], "url", f[3], "role", f[4]);
    }

    @Override
    public void updateContact(String jid, String name, List<String> groups) {
        worker.send(Wire.UPDATE_CONTACT, "jid", jid, "name", name, "groups", new ArrayList<Object>(groups));
    }

    /** What the user chose as their availability; auto_away / auto_xa may show "away" / "xa" meanwhile. */
    private String chosenShow = "";
    private String chosenStatus = "";
    private String autoShow;

    @Override
    public void setPresence(String show, String status) {
        chosenShow = show;
        chosenStatus = status;
        sendPresence();
    }

    private void sendPresence() {
        // Automatic away applies only while the user shows as available (not when they chose dnd, say).
        boolean auto = autoShow != null && (chosenShow.isEmpty() || chosenShow.equals("chat"));
        worker.send(Wire.SET_PRESENCE, "show", auto ? autoShow : chosenShow, "status", chosenStatus);
    }

    /** Idle and automatic away (XEP-0319, Converse's idle_presence_timeout, auto_away, auto_xa). */
    private IdleWatch idleWatch;

    /**
     * Applies the theme: the user's choice on this device if any ("default" light, "dracula" dark), else Converse's
     * settings: {@code theme}, or {@code dark_theme} where the system prefers dark, followed as it changes.
     */
    private void applyTheme() {
        String choice = readPreference("parley-theme");
        if (!"default".equals(choice) && !"dracula".equals(choice)) {
            choice = "system";
        }
        ui.theme(choice);
        String theme = "system".equals(choice)
                ? (String) settings.get(prefersDark() ? "dark_theme" : "theme") : choice;
        Dom.rootAttr("data-theme", theme);
    }

    @Override
    public void themeChosen(String theme) {
        writePreference("parley-theme", theme);
        applyTheme();
    }

    /** A preference of this device in the frame origin's localStorage (never anything about the account). */
    @org.teavm.jso.JSBody(params = "key", script = "try { return localStorage.getItem(key); } catch (e) { return null; }")
    private static native String readPreference(String key);

    @org.teavm.jso.JSBody(params = {"key", "value"}, script = "try { localStorage.setItem(key, value); } catch (e) {}")
    private static native void writePreference(String key, String value);

    @org.teavm.jso.JSBody(script = "return !!(window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches);")
    private static native boolean prefersDark();

    @org.teavm.jso.JSBody(params = "f", script = "if (window.matchMedia) matchMedia('(prefers-color-scheme: dark)')"
            + ".addEventListener('change', function() { f(); });")
    private static native void onSchemeChange(Dom.Task f);

    private void startIdleWatch() {
        idleWatch = new IdleWatch(number("idle_presence_timeout"), number("auto_away"), number("auto_xa"), new IdleWatch.Sink() {
            @Override
            public void idle(double since) {
                if (selfJid != null) {
                    worker.send(Wire.IDLE, "since", since);
                }
            }

            @Override
            public void autoShow(String show) {
                autoShow = show;
                if (selfJid != null && (chosenShow.isEmpty() || chosenShow.equals("chat"))) {
                    sendPresence();
                }
            }
        });
        idleWatch.start();
    }

    private int number(String setting) {
        Object v = settings.get(setting);
        return v instanceof Number ? ((Number) v).intValue() : 0;
    }

    @Override
    public void chatShown(String peer) {
        worker.send(Wire.UI_STATE, "open", peer);
    }

    @Override
    public void changePassword(String newPassword) {
        worker.send(Wire.CHANGE_PASSWORD, "password", newPassword);
    }

    @Override
    public void answerRequest(String jid, boolean approve) {
        worker.send(approve ? Wire.APPROVE : Wire.DENY, "jid", jid);
    }

    @Override
    public void chatState(String to, String state) {
        worker.send(Wire.CHAT_STATE_CMD, "to", to, "state", state);
    }

    @Override
    public void logout() {
        worker.send(Wire.LOGOUT);
    }

    @Override
    public void unreadChanged(int total) {
        toHost(HostWire.EVENT, "name", HostWire.EV_UNREAD, "value", (double) total);
        Dom.title(total == 0 ? "Parley" : "(" + total + ") Parley");
    }

    @Override
    public void layout(List<double[]> sizes) {
        List<Object> boxes = new ArrayList<>();
        for (double[] size : sizes) {
            boxes.add(java.util.Arrays.asList((Object) size[0], size[1]));
        }
        toHost(HostWire.LAYOUT, "boxes", boxes, "gap", (double) ChatUi.GAP);
    }

    private void toHost(String type, Object... nameValues) {
        if (hostPort == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", HostWire.VERSION);
        m.put("t", type);
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        postToPort(hostPort, Json.write(m));
    }

    // Browser bindings

    @org.teavm.jso.JSFunctor
    interface PortHandler extends JSObject {
        void accept(JSObject port, String origin);
    }

    @JSBody(script = "var mode = location.hash.substring(1);"
            + "return mode === 'overlayed' || mode === 'fullscreen' || mode === 'embedded' ? mode : '';")
    private static native String hostMode();

    @org.teavm.jso.JSFunctor
    interface BooleanHandler extends JSObject {
        void accept(boolean value);
    }

    /** The page's visibility, for XEP-0352 (the server may hold back presence updates while hidden). */
    @JSBody(params = "h", script = "document.addEventListener('visibilitychange', function() {"
            + " h(document.visibilityState === 'visible'); });")
    private static native void onVisibility(BooleanHandler h);

    @JSBody(script = "return self.origin === 'null';")
    private static native boolean opaqueOrigin();

    @JSBody(script = "return /\\/oauth-callback\\.html$/.test(location.pathname);")
    private static native boolean isOAuthCallback();

    /**
     * On oauth-callback.html: posts the provider's answer (code, state or error) to the window that opened this one,
     * on Parley's own origin only, takes it out of the address bar, and closes.
     */
    @JSBody(script = ""
            + "var p = new URLSearchParams(location.search);"
            + "var msg = {parley: 'oauth', code: p.get('code'), state: p.get('state'), error: p.get('error')};"
            + "history.replaceState(null, '', location.pathname);"
            + "if (window.opener && !window.opener.closed) { window.opener.postMessage(msg, self.origin); window.close(); }"
            + "else { document.getElementById('parley-root').textContent = 'You can close this window.'; }")
    private static native void oauthCallback();

    /** Opens the identity provider's window at once (in the click that asked for it, so no pop-up blocker stops it). */
    @JSBody(script = "var w = window.open('about:blank', 'parley-oauth', 'popup,width=520,height=700');"
            + "self.parleyOAuthWindow = w || null; return !!w;")
    private static native boolean openOAuthWindow();

    /** Sends the identity provider's window to its authorization page (http(s) only). */
    @JSBody(params = "url", script = "var w = self.parleyOAuthWindow;"
            + "if (!w || w.closed || !/^https?:\\/\\//.test(url)) { return false; }"
            + "w.location.href = url; return true;")
    private static native boolean navigateOAuthWindow(String url);

    @org.teavm.jso.JSFunctor
    interface OAuthAnswer extends JSObject {
        void answer(String code, String state, String error);
    }

    /** Takes the provider's answer from the window Parley opened (same origin, that window only), once. */
    @JSBody(params = "h", script = "window.addEventListener('message', function(evt) {"
            + "  var w = self.parleyOAuthWindow;"
            + "  if (!w || evt.source !== w || evt.origin !== self.origin || !evt.data || evt.data.parley !== 'oauth') {"
            + "    return; }"
            + "  self.parleyOAuthWindow = null;"
            + "  var s = function(v) { return typeof v === 'string' ? v : null; };"
            + "  h(s(evt.data.code), s(evt.data.state), s(evt.data.error));"
            + "});")
    private static native void onOAuthAnswer(OAuthAnswer h);

    @JSBody(script = "return self.origin;")
    private static native String pageOrigin();

    /**
     * Calls {@code h} if the user closes the identity provider's window without an answer (checked twice a second;
     * a closed window gets a second's grace, for an answer posted just before it closed).
     */
    @JSBody(params = "h", script = "var w = self.parleyOAuthWindow; var timer = setInterval(function() {"
            + "  if (self.parleyOAuthWindow !== w) { clearInterval(timer); return; }"
            + "  if (w && w.closed) { clearInterval(timer);"
            + "    setTimeout(function() { if (self.parleyOAuthWindow === w) { self.parleyOAuthWindow = null; h(); } }, 1000); }"
            + "}, 500);")
    private static native void watchOAuthWindow(Dom.Task h);

    @JSBody(script = "return window.parent !== window;")
    private static native boolean isFramed();

    @JSBody(params = "done", script = "fetch('parley-config.json', {credentials: 'same-origin', cache: 'no-cache'})"
            + ".then(function(r) { return r.ok ? r.text() : ''; })"
            + ".then(function(t) { done(t); }, function() { done(''); });")
    private static native void fetchConfig(Dom.StringHandler done);

    /**
     * Accepts the first handshake posted by the embedding window itself (event.source is our parent) and
     * carrying exactly one MessagePort. The host's origin is recorded; later handshakes are ignored.
     */
    @JSBody(params = {"kind", "version", "h", "onDropped"}, script = ""
            + "var handshakeDone = false;"
            + "window.addEventListener('message', function(evt) {"
            + "  if (handshakeDone || evt.source !== window.parent || !evt.data || evt.data.parley !== kind"
            + "      || evt.data.v !== version || !evt.ports || evt.ports.length !== 1) { onDropped(); return; }"
            + "  handshakeDone = true; h(evt.ports[0], evt.origin);"
            + "});")
    private static native void waitForHost(String kind, int version, PortHandler h, Dom.Task onDropped);

    @JSBody(params = {"port", "h", "onDropped"}, script = "port.onmessage = function(evt) {"
            + " if (typeof evt.data === 'string') h(evt.data); else onDropped(); };")
    private static native void onHostMessages(JSObject port, Dom.StringHandler h, Dom.Task onDropped);

    @JSBody(params = {"port", "s"}, script = "port.postMessage(s);")
    private static native void postToPort(JSObject port, String s);
}
