package im.parley.bridge;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.crypto.Crypto;
import im.parley.plugin.Plugin;
import im.parley.plugin.PluginDescriptor;
import im.parley.plugin.PluginLoader;
import im.parley.plugin.PluginPolicy;
import im.parley.plugin.PluginRegistry;
import im.parley.plugin.PluginStorage;
import im.parley.policy.StanzaPolicy;
import im.parley.roster.RosterItem;
import im.parley.stream.ConnectionError;
import im.parley.stream.Scheduler;
import im.parley.store.AccountCache;
import im.parley.store.CacheCrypto;
import im.parley.store.Callback;
import im.parley.store.MemoryBackend;
import im.parley.store.StoreBackend;
import im.parley.stream.HttpGet;
import im.parley.stream.Transport;
import im.parley.util.Jid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The worker's side of the bridge, in plain Java: decodes commands from the frame, drives the client core and
 * encodes its events. Secrets enter here (the login command) and never leave: no event carries a password.
 */
public final class WorkerController implements ClientListener {
    private final Supplier<Transport> transports;
    private final Crypto crypto;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    /** To the frame: every event goes out after the messages waiting to go in a batch, so that order is kept. */
    private final Consumer<String> post;
    private final Consumer<String> rawPost;
    private final Supplier<StoreBackend> storage;
    private final CacheCrypto cacheCrypto;
    /** persistent_store "sessionStorage": kept for the life of this worker (the page), never on disk. */
    private final MemoryBackend sessionStore = new MemoryBackend();
    private XmppClient client;
    private AccountCache cache;
    /** The cache of a session being logged out, whose queued writes the "offline" state waits for. */
    private AccountCache draining;
    static final long DRAIN_MAX_MS = 3000;
    /** The backend the cache was opened from (a saved login's cache copy is only kept for the persistent one). */
    private StoreBackend cacheBackend;
    /** The saved login this login uses (no password), or null. */
    private im.parley.store.SavedLogin restoring;
    /** Whether the user asked to stay logged in with this login; cleared once saved. */
    private boolean stayLoggedIn;
    /** The account of the current login (bare). */
    private Jid accountJid;
    private boolean clearCacheOnLogout;
    /** Counts logins and logouts, so that a cache that finishes opening after a logout does not connect. */
    private int epoch;
    /** How many conversations a warm start shows, the most recent ones. */
    static final int WARM_CONVERSATIONS = 20;
    private int iterations = AccountCache.PBKDF2_ITERATIONS;

    /** Without a cache (nothing is stored, whatever the settings say): for tests of the bridge alone. */
    public WorkerController(Supplier<Transport> transports, Crypto crypto, Scheduler scheduler, LongSupplier clock,
            Consumer<String> post) {
        this(transports, crypto, scheduler, clock, post, null, null);
    }

    /**
     * @param storage     the persistent store (IndexedDB in the browser), asked for at each login
     * @param cacheCrypto the cache's cryptography (Web Crypto in the browser)
     */
    public WorkerController(Supplier<Transport> transports, Crypto crypto, Scheduler scheduler, LongSupplier clock,
            Consumer<String> post, Supplier<StoreBackend> storage, CacheCrypto cacheCrypto) {
        this.transports = transports;
        this.crypto = crypto;
        this.scheduler = scheduler;
        this.clock = clock;
        this.rawPost = post;
        this.post = event -> {
            flushMessages();
            post.accept(event);
        };
        this.storage = storage;
        this.cacheCrypto = cacheCrypto;
    }

    /** PBKDF2 iterations for new caches (tests lower it; the default is {@link AccountCache#PBKDF2_ITERATIONS}). */
    public void setIterations(int iterations) {
        this.iterations = iterations;
    }

    /** Tells the frame the worker is up, and which build it runs. */
    public void ready(String build) {
        post.accept(Wire.encode(Wire.READY, "build", build));
    }

    /** Handles one command from the frame. Malformed or invalid commands are answered with an error event. */
    public void onCommand(String json) {
        onCommand(json, null);
    }

    /** The HTTP PUT of shared files (XEP-0363); without one, uploads are refused. */
    private im.parley.upload.Uploader uploader;

    public void setUploader(im.parley.upload.Uploader uploader) {
        this.uploader = uploader;
    }

    /**
     * A command with what travels beside it: the file of an upload (a Blob in the worker, byte[] on the JVM), which
     * only the upload command takes.
     */
    public void onCommand(String json, Object attachment) {
        Wire.Msg msg;
        try {
            msg = Wire.decode(json);
        } catch (IllegalArgumentException e) {
            error("rejected command: " + e.getMessage());
            return;
        }
        try {
            if (attachment != null && !Wire.UPLOAD.equals(msg.type())) {
                throw new IllegalArgumentException(msg.type() + " takes no attachment");
            }
            switch (msg.type()) {
                case Wire.LOGIN: login(msg); break;
                case Wire.OAUTH_CODE: oauthCode(msg); break;
                case Wire.UPLOAD: upload(msg, attachment); break;
                case Wire.SEND: send(msg); break;
                case Wire.LOGOUT: logout(); break;
                case Wire.VISIBILITY:
                    if (client != null) {
                        client.setActive(msg.bool("visible"));
                    }
                    break;
                case Wire.ADD_CONTACT: {
                    Jid jid = Jid.parse(msg.str("jid").trim()).bare();
                    online().addContact(jid, msg.str("name"), err -> post.accept(err == null
                            ? noticeMsg("Added {0}; asked to see their presence.", jid)
                            : errorMsg("Could not add {0}: {1}", jid, err)));
                    break;
                }
                case Wire.UPDATE_CONTACT: {
                    Jid jid = Jid.parse(msg.str("jid").trim()).bare();
                    List<String> groups = new ArrayList<>();
                    for (Object o : msg.list("groups")) {
                        if (!(o instanceof String)) {
                            throw new IllegalArgumentException("update-contact: groups are strings");
                        }
                        groups.add((String) o);
                    }
                    online().updateContact(jid, msg.str("name"), groups, err -> post.accept(err == null
                            ? noticeMsg("Saved {0}.", jid)
                            : errorMsg("Could not change {0}: {1}", jid, err)));
                    break;
                }
                case Wire.GET_PROFILE: {
                    Jid jid = msg.str("jid") == null ? null : Jid.parse(msg.str("jid")).bare();
                    online().profile(jid, p -> post.accept(Wire.encode(Wire.PROFILE, "jid",
                            jid == null ? null : jid.toString(), "fn", p.fullName(), "nickname", p.nickname(),
                            "email", p.email(), "url", p.url(), "role", p.role())));
                    break;
                }
                case Wire.SET_PROFILE: {
                    im.parley.vcard.Profile p = im.parley.vcard.Profile.checked(msg.str("fn"), msg.str("nickname"),
                            msg.str("email"), msg.str("url"), msg.str("role"));
                    online().setProfile(p, err -> post.accept(err == null
                            ? noticeMsg("Profile saved.")
                            : errorMsg("The profile was not saved: {0}", err)));
                    break;
                }
                case Wire.SET_PRESENCE:
                    if (client == null) {
                        throw new IllegalStateException("not logged in");
                    }
                    client.setPresence(msg.str("show"), msg.str("status"));
                    break;
                case Wire.IDLE: {
                    double since = msg.num("since");
                    if (!(since >= 0) || since > 1e15) {
                        throw new IllegalArgumentException("idle: since is epoch milliseconds, or 0");
                    }
                    if (client != null) {
                        client.setIdle((long) since);
                    }
                    break;
                }
                case Wire.REMOVE_CONTACT: {
                    if (!allowContactRemoval) {
                        throw new IllegalStateException("removing contacts is switched off (allow_contact_removal)");
                    }
                    Jid jid = Jid.parse(msg.str("jid")).bare();
                    online().removeContact(jid, err -> post.accept(err == null
                            ? noticeMsg("Removed {0} from your contacts.", jid)
                            : errorMsg("Could not remove {0}: {1}", jid, err)));
                    break;
                }
                case Wire.CHANGE_PASSWORD: {
                    String password = msg.str("password");
                    AccountCache c = cache;
                    online().changePassword(password, err -> {
                        if (err != null) {
                            post.accept(errorMsg("The password was not changed: {0}", err));
                            return;
                        }
                        forgetSavedLogin(); // its keys belong to the old password: the next page load asks
                        if (c != null && c.isOpen() && c.protectedBySecret() && cacheKeyIsPassword) {
                            // The cache's key is wrapped anew under the new password; the data stays.
                            c.changeSecret(password, (v, err2) -> post.accept(err2 == null
                                    ? noticeMsg("Password changed.")
                                    : noticeMsg("Password changed, but the cache could not be re-keyed ({0}); it is rebuilt at the next login.", err2)));
                        } else {
                            post.accept(noticeMsg("Password changed."));
                        }
                    });
                    break;
                }
                case Wire.UI_STATE: {
                    String open = msg.str("open");
                    if (open != null) {
                        open = Jid.parse(open).bare().toString();
                    }
                    if (cache != null) {
                        cache.saveUiState(open);
                    }
                    break;
                }
                case Wire.CORRECT:
                    online().correct(Jid.parse(msg.str("to")).bare(), msg.str("id"), msg.str("body"));
                    break;
                case Wire.RETRACT:
                    online().retract(Jid.parse(msg.str("to")).bare(), msg.str("id"));
                    break;
                case Wire.REACT: {
                    List<String> set = new ArrayList<>();
                    for (Object o : msg.list("reactions")) {
                        if (!(o instanceof String)) {
                            throw new IllegalArgumentException("react: reactions are strings");
                        }
                        set.add((String) o);
                    }
                    online().react(Jid.parse(msg.str("to")).bare(), msg.str("id"), set);
                    break;
                }
                case Wire.SET_AVATAR: {
                    im.parley.vcard.Avatar avatar = msg.str("data") == null ? null
                            : im.parley.vcard.Avatar.of(msg.str("type"), msg.str("data"));
                    online().setAvatar(avatar, err -> post.accept(err == null
                            ? (avatar == null ? noticeMsg("Avatar removed.") : noticeMsg("Avatar published."))
                            : errorMsg("The avatar was not published: {0}", err)));
                    break;
                }
                case Wire.DISPLAYED:
                    if (client != null) {
                        client.markDisplayed(Jid.parse(msg.str("peer")).bare(), msg.str("id"));
                    }
                    break;
                case Wire.BLOCK: {
                    Jid jid = Jid.parse(msg.str("jid").trim()).bare();
                    boolean block = msg.bool("block");
                    online().setBlocked(jid, block, err -> post.accept(err == null
                            ? (block ? noticeMsg("Blocked {0}.", jid) : noticeMsg("Unblocked {0}.", jid))
                            : block ? errorMsg("Could not block {0}: {1}", jid, err)
                            : errorMsg("Could not unblock {0}: {1}", jid, err)));
                    break;
                }
                case Wire.OLDER:
                    scrollBack.older(Jid.parse(msg.str("peer")).bare(), msg.has("before") ? (long) msg.num("before") : 0,
                            msg.str("id"), cache, client, this::olderPage);
                    break;
                case Wire.APPROVE:
                    online().approve(Jid.parse(msg.str("jid")).bare());
                    break;
                case Wire.DENY:
                    online().deny(Jid.parse(msg.str("jid")).bare());
                    break;
                case Wire.CHAT_STATE_CMD:
                    if (client != null) {
                        client.setChatState(Jid.parse(msg.str("to")), msg.str("state"));
                    }
                    break;
                default: error("not a command: " + msg.type());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(e.getMessage());
        }
    }

    /** HTTP GET for discovery and credentials_url (fetch in the worker); null: neither is available. */
    private HttpGet httpGet;
    /** Counts login commands: a later stage of an older login (an HTTP answer) does nothing once a new one began. */
    private int loginAttempt;
    /** The most a credentials_url answer may hold. */
    static final int MAX_CREDENTIALS_CHARS = 16 * 1024;

    public void setHttpGet(HttpGet httpGet) {
        this.httpGet = httpGet;
    }

    /**
     * A login: its credentials from the settings or from Converse's {@code credentials_url} (fetched here, in the
     * worker, with the site's cookies: the password never passes through the frame or the host page), its endpoint
     * from the settings or discovered from the domain (XEP-0156), then the session.
     */
    private void login(Wire.Msg msg) {
        if (client != null && !"offline".equals(client.state())) {
            throw new IllegalStateException("already logged in");
        }
        int attempt = ++loginAttempt;
        oauth = null;
        stopTokenRefresh();
        restoring = null;
        stayLoggedIn = false;
        keptOAuth = false;
        restoredOAuth = false;
        if (msg.bool("saved")) {
            restoreSaved(msg, attempt);
            return;
        }
        if ("oauth".equals(msg.str("authentication"))) {
            // The provider's page opens in the frame's popup; the code comes back with OAUTH_CODE.
            if (httpGet == null) {
                throw new IllegalStateException("OAuth logins need HTTP, which this platform lacks");
            }
            String jidText = msg.str("jid") == null ? "" : msg.str("jid").trim();
            Jid account = Jid.parse(jidText);
            if (account.local() == null || !account.isBare()) {
                throw new IllegalArgumentException("jid must look like user@domain");
            }
            im.parley.oauth.OAuthFlow flow = new im.parley.oauth.OAuthFlow(httpGet, crypto, msg.str("oauth_issuer"),
                    msg.str("oauth_client_id"), msg.str("oauth_redirect_uri"), msg.str("oauth_scope"));
            oauth = new PendingOAuth(flow, msg, jidText, attempt);
            flow.begin((url, problem) -> later(attempt, () -> {
                if (url == null) {
                    throw new IllegalArgumentException(problem);
                }
                post.accept(Wire.encode(Wire.OAUTH_OPEN, "url", url));
            }));
            return;
        }
        String credentialsUrl = msg.str("credentials_url");
        if (credentialsUrl != null && !"anonymous".equals(msg.str("authentication"))) {
            if (!(credentialsUrl.startsWith("https://") || credentialsUrl.startsWith("http://"))
                    || !im.parley.stream.Urls.isSecure(credentialsUrl)) {
                throw new IllegalArgumentException("credentials_url must be an https:// URL (http:// only to this computer)");
            }
            if (httpGet == null) {
                throw new IllegalStateException("credentials_url cannot be fetched here");
            }
            httpGet.get(credentialsUrl, true, (status, text) -> later(attempt, () -> {
                String[] jidAndPassword = credentials(status, text);
                withEndpoint(msg, jidAndPassword[0], jidAndPassword[1], attempt);
            }));
            return;
        }
        withEndpoint(msg, msg.str("jid"), msg.str("password"), attempt);
    }

    /**
     * A login from what an earlier one saved ("stay logged in"): the frame asks at start; the answer says whether
     * there is one (then the login goes on as that account, with its SCRAM keys) or not (the frame shows the form).
     */
    private void restoreSaved(Wire.Msg msg, int attempt) {
        if (storage == null || cacheCrypto == null || !msg.bool("reuse_scram_keys", true)
                || "sessionStorage".equals(msg.str("persistent_store"))
                || AccountCache.PASSPHRASE.equals(msg.str("cache_key"))) {
            post.accept(Wire.encode(Wire.SAVED, "found", false));
            return;
        }
        im.parley.store.SavedLogin.load(storage.get(), cacheCrypto, this::cacheNotice, (saved, err) -> later(attempt,
                () -> {
                    String wanted = msg.str("jid") == null ? "" : msg.str("jid").trim();
                    if (saved == null || !wanted.isEmpty() && !Jid.parse(wanted).bare().toString().equals(saved.jid())) {
                        post.accept(Wire.encode(Wire.SAVED, "found", false));
                        return;
                    }
                    if (saved.isOAuth()) {
                        resumeOAuth(msg, saved, attempt);
                        return;
                    }
                    if (!"login".equals(msg.str("authentication") == null ? "login" : msg.str("authentication"))) {
                        post.accept(Wire.encode(Wire.SAVED, "found", false));
                        return;
                    }
                    restoring = saved;
                    post.accept(Wire.encode(Wire.SAVED, "found", true, "jid", saved.jid()));
                    withEndpoint(msg, saved.jid(), null, attempt);
                }));
    }

    /**
     * A login with an identity provider that this device kept: its refresh token gets a new access token (no
     * provider window); the provider's new refresh token, where it rotates them, is kept at once, since the old one
     * no longer works. A provider that refuses it (revoked, expired) ends the kept login: the user logs in again.
     */
    private void resumeOAuth(Wire.Msg msg, im.parley.store.SavedLogin saved, int attempt) {
        im.parley.oauth.OAuthFlow configured = null;
        if ("oauth".equals(msg.str("authentication")) && httpGet != null) {
            try { // (the settings' provider, its issuer written as the flow writes it)
                configured = new im.parley.oauth.OAuthFlow(httpGet, crypto, msg.str("oauth_issuer"),
                        msg.str("oauth_client_id"), msg.str("oauth_redirect_uri"), msg.str("oauth_scope"));
            } catch (IllegalArgumentException e) {
                configured = null;
            }
        }
        im.parley.oauth.OAuthFlow flow = configured;
        if (flow == null || !saved.issuer().equals(flow.issuer()) || !saved.clientId().equals(flow.clientId())) {
            post.accept(Wire.encode(Wire.SAVED, "found", false)); // kept for another provider: not this one's
            return;
        }
        post.accept(Wire.encode(Wire.SAVED, "found", true, "jid", saved.jid()));
        flow.resume(saved.refreshToken(), (token, problem) -> later(attempt, () -> {
            if (token == null) {
                forgetSavedLogin();
                post.accept(Wire.encode(Wire.SAVED, "found", false, "forgotten", true, "reason", "provider",
                        "detail", problem));
                return;
            }
            activeOAuth = flow;
            keptOAuth = true;
            restoredOAuth = true;
            keepOAuthLogin(flow, saved.jid());
            withEndpoint(msg, saved.jid(), token, attempt);
        }));
    }

    /** Whether this session's OAuth login is kept on the device (its refresh token is saved again as it rotates). */
    private boolean keptOAuth;
    /** Whether this session's OAuth login came from the kept one (forgotten if the server refuses its token). */
    private boolean restoredOAuth;

    /** Keeps (again) the OAuth login's latest refresh token, sealed on the device. */
    private void keepOAuthLogin(im.parley.oauth.OAuthFlow flow, String jid) {
        if (storage == null || cacheCrypto == null || flow.refreshToken() == null) {
            return;
        }
        im.parley.store.SavedLogin.oauth(jid, flow.issuer(), flow.clientId(), flow.refreshToken()).save(
                storage.get(), cacheCrypto, this::cacheNotice, null, (v, err) -> {
                    if (err != null) {
                        post.accept(errorMsg("This device could not keep the login: {0}", err));
                    }
                });
    }

    /** An OAuth login waiting for the provider's answer (the code, through the frame). */
    private static final class PendingOAuth {
        final im.parley.oauth.OAuthFlow flow;
        final Wire.Msg login;
        final String jid;
        final int attempt;

        PendingOAuth(im.parley.oauth.OAuthFlow flow, Wire.Msg login, String jid, int attempt) {
            this.flow = flow;
            this.login = login;
            this.jid = jid;
            this.attempt = attempt;
        }
    }

    private PendingOAuth oauth;
    /** The OAuth login of the current session (for refreshing its token), or null. */
    private im.parley.oauth.OAuthFlow activeOAuth;
    private Scheduler.Task tokenRefresh;

    /**
     * Refreshes the access token at four fifths of its lifetime (where the provider gave a refresh token and a
     * lifetime), so that a reconnect after the token's expiry still logs in without the provider's window.
     */
    private void keepTokenFresh(im.parley.oauth.OAuthFlow flow, XmppClient target) {
        long life = flow.expiresInSeconds();
        if (!flow.canRefresh() || life <= 0 || scheduler == null) {
            return;
        }
        java.util.function.BooleanSupplier over = () -> client != target || activeOAuth != flow
                || "offline".equals(target.state());
        tokenRefresh = scheduler.schedule(Math.max(1000, life * 800), () -> {
            tokenRefresh = null;
            if (over.getAsBoolean()) {
                return;
            }
            flow.refresh((token, problem) -> {
                if (over.getAsBoolean()) {
                    return;
                }
                if (token == null) {
                    post.accept(noticeMsg("The identity provider did not renew the login ({0}); after the next disconnection you will log in with it again.", problem));
                    return;
                }
                target.renewToken(token);
                if (keptOAuth) {
                    keepOAuthLogin(flow, accountJid.toString()); // a rotated refresh token replaces the kept one
                }
                keepTokenFresh(flow, target);
            });
        });
    }

    private void stopTokenRefresh() {
        activeOAuth = null;
        if (tokenRefresh != null) {
            tokenRefresh.cancel();
            tokenRefresh = null;
        }
    }

    /** The provider sent the user back (the frame passes the code on): the token is fetched here, then the login. */
    private void oauthCode(Wire.Msg msg) {
        PendingOAuth pending = oauth;
        oauth = null;
        if (pending == null || pending.attempt != loginAttempt) {
            throw new IllegalStateException("no OAuth login is waiting for an answer");
        }
        pending.flow.finish(msg.str("code"), msg.str("state"), msg.str("error"), (token, problem) ->
                later(pending.attempt, () -> {
                    if (token == null) {
                        throw new IllegalArgumentException(problem);
                    }
                    activeOAuth = pending.flow; // its refresh token keeps the login's access token fresh
                    withEndpoint(pending.login, pending.jid, token, pending.attempt);
                }));
    }

    /** A later stage of login {@code attempt}, unless a newer login began; its errors are reported as a command's. */
    private void later(int attempt, Runnable stage) {
        if (attempt != loginAttempt) {
            return;
        }
        try {
            stage.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(e.getMessage());
        }
    }

    /** The answer of a credentials_url: JSON {@code {"jid": "user@domain", "password": "..."}}, as Converse reads it. */
    static String[] credentials(int status, String text) {
        if (status != 200) {
            throw new IllegalArgumentException("credentials_url answered " + (status == 0 ? text : "HTTP " + status));
        }
        Map<String, Object> answer;
        try {
            if (text.length() > MAX_CREDENTIALS_CHARS) {
                throw new IllegalArgumentException("too long");
            }
            answer = im.parley.json.Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("credentials_url did not answer JSON with jid and password");
        }
        Object jid = answer.get("jid");
        Object password = answer.get("password");
        if (!(jid instanceof String) || !(password instanceof String) || ((String) password).isEmpty()) {
            throw new IllegalArgumentException("credentials_url must answer {\"jid\": \"user@domain\", \"password\": \"...\"}");
        }
        return new String[] {(String) jid, (String) password};
    }

    /** The endpoint: websocket_url, else bosh_service_url, else discovered from the domain (XEP-0156). */
    private void withEndpoint(Wire.Msg msg, String jidText, String password, int attempt) {
        String ws = msg.str("websocket_url");
        String bosh = msg.str("bosh_service_url");
        if (ws == null && bosh == null) {
            if (!msg.bool("discover_connection_methods", true) || httpGet == null) {
                throw new IllegalArgumentException("no chat server is configured: set websocket_url or bosh_service_url");
            }
            String domain = Jid.parse(jidText.trim()).domain();
            new im.parley.discovery.ConnectionDiscovery(httpGet).discover(domain, (url, problem) -> later(attempt, () -> {
                if (url == null) {
                    throw new IllegalArgumentException(problem);
                }
                startLogin(msg, url, url.startsWith("ws"), jidText, password);
            }));
            return;
        }
        startLogin(msg, ws != null ? ws : bosh, ws != null, jidText, password);
    }

    private void startLogin(Wire.Msg msg, String url, boolean websocket, String jidText, String password) {
        if (client != null && !"offline".equals(client.state())) {
            throw new IllegalStateException("already logged in");
        }
        // WebSocket (RFC 7395) when there is an endpoint for it, else BOSH (XEP-0206).
        if (websocket && !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            throw new IllegalArgumentException("websocket_url must start with ws:// or wss://");
        }
        if (!websocket && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("bosh_service_url must start with http:// or https://");
        }
        String authentication = msg.str("authentication") == null ? "login" : msg.str("authentication");
        boolean anonymous = authentication.equals("anonymous");
        boolean withToken = authentication.equals("oauth");
        boolean withCertificate = authentication.equals("external");
        if (!authentication.equals("login") && !anonymous && !withToken && !withCertificate) {
            throw new IllegalArgumentException("authentication must be 'login', 'anonymous', 'oauth' or 'external', not '"
                    + authentication + "'");
        }
        Jid jid = Jid.parse(jidText.trim());
        if (anonymous ? jid.local() != null || !jid.isBare() : jid.local() == null || !jid.isBare()) {
            throw new IllegalArgumentException(anonymous
                    ? "with authentication 'anonymous', jid is the server's domain, like anon.example.org"
                    : "jid must look like user@domain");
        }
        im.parley.bosh.ConnectionOptions connectionOptions = im.parley.bosh.ConnectionOptions.fromWire(
                msg.bool("with_credentials"), msg.list("custom_headers"));
        String store = msg.str("persistent_store") == null ? "IndexedDB" : msg.str("persistent_store");
        String cacheKey = msg.str("cache_key") == null ? AccountCache.PASSWORD : msg.str("cache_key");
        if ((withToken || withCertificate) && AccountCache.PASSWORD.equals(cacheKey)) {
            cacheKey = AccountCache.DEVICE; // no password to derive the cache key from: the device's key
        }
        if (!store.equals("IndexedDB") && !store.equals("localStorage") && !store.equals("sessionStorage")) {
            throw new IllegalArgumentException("persistent_store must be IndexedDB, localStorage or sessionStorage");
        }
        accountJid = jid.bare();
        im.parley.store.SavedLogin saved = restoring;
        if (saved != null && (anonymous || withToken || withCertificate || AccountCache.PASSPHRASE.equals(cacheKey))) {
            throw new IllegalArgumentException("a saved login is for authentication 'login' with a cache_key other than 'passphrase'");
        }
        stayLoggedIn = saved == null && msg.bool("stay_logged_in") && msg.bool("reuse_scram_keys", true)
                && (authentication.equals("login") || withToken) && !AccountCache.PASSPHRASE.equals(cacheKey)
                && !store.equals("sessionStorage") && storage != null && cacheCrypto != null;
        String secret = AccountCache.PASSPHRASE.equals(cacheKey) ? msg.str("passphrase") : password;
        if (AccountCache.PASSPHRASE.equals(cacheKey) && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("enter the passphrase that protects the cache on this device");
        }
        List<PluginDescriptor> declared = descriptors(msg.list("plugins"));
        PluginPolicy pluginPolicy = new PluginPolicy(strings(msg.list("whitelisted_plugins")),
                strings(msg.list("blacklisted_plugins")));
        Map<String, String> visible = new LinkedHashMap<>();
        if (msg.list("settings") != null) {
            for (Object o : msg.list("settings")) {
                List<?> pair = o instanceof List ? (List<?>) o : null;
                if (pair == null || pair.size() != 2 || !(pair.get(0) instanceof String)) {
                    throw new IllegalArgumentException("login: settings must be [name, value] pairs");
                }
                String name = (String) pair.get(0);
                if (!name.equals("password") && !name.equals("passphrase") && pair.get(1) != null) {
                    visible.put(name, String.valueOf(pair.get(1)));
                }
            }
        }
        visible.put("jid", jid.toString());
        pluginSettings = visible;
        StanzaPolicy stanzaPolicy = new StanzaPolicy(msg.bool("allow_adhoc_commands", true),
                msg.bool("allow_muc_invitations", true));
        clearCacheOnLogout = msg.bool("clear_cache_on_logout");
        cacheKeyIsPassword = AccountCache.PASSWORD.equals(cacheKey);
        cache = null;
        scrollBack.reset();
        int mine = ++epoch;
        XmppClient c = new XmppClient(() -> {
            Transport t = transports.get();
            t.configure(connectionOptions);
            return t;
        }, crypto, scheduler, clock, this);
        client = c;
        c.setStanzaPolicy(stanzaPolicy);
        // Converse's send_chat_markers: absent means all; Parley sends "displayed" only.
        c.setSendDisplayed(msg.list("send_chat_markers") == null || msg.list("send_chat_markers").contains("displayed"));
        // Converse's defaults: both allowed unless the settings say otherwise.
        c.setAllowContactRequests(msg.bool("allow_contact_requests", true));
        if (msg.has("priority")) {
            double priority = msg.num("priority");
            if (priority != Math.rint(priority) || priority < -128 || priority > 127) {
                throw new IllegalArgumentException("priority is a whole number from -128 to 127");
            }
            c.setPriority((int) priority);
        }
        if (msg.has("ping_interval")) {
            double seconds = msg.num("ping_interval");
            if (!(seconds >= 0 && seconds <= 3600)) {
                throw new IllegalArgumentException("ping_interval is 0 to 3600 seconds");
            }
            c.setKeepalive((long) (seconds * 1000));
        }
        allowContactRemoval = msg.bool("allow_contact_removal", true);
        boolean nonRoster = msg.bool("allow_non_roster_messaging");
        boolean reconnect = msg.bool("auto_reconnect");
        Runnable start = () -> {
            if (mine == epoch) {
                c.usePlugins(registry.plugins(), name -> pluginSettings.get(name), this::pluginStorage);
                if (anonymous) {
                    c.loginAnonymously(url, jid, nonRoster, reconnect);
                } else if (withToken) {
                    c.loginWithToken(url, jid, password, nonRoster, reconnect);
                } else if (withCertificate) {
                    c.loginExternal(url, jid, nonRoster, reconnect);
                } else if (saved != null) {
                    c.loginWithKeys(url, jid, im.parley.sasl.Credentials.saved(jid.local(), saved.mechanism(),
                            saved.salt(), saved.iterations(), saved.saltedPassword(), saved.offer()), nonRoster,
                            reconnect);
                } else {
                    c.login(url, jid, password, nonRoster, reconnect);
                }
            }
        };
        // The first login loads the plugins (registration closes then), and the session starts after them.
        Runnable connect = registry.isClosed() ? start : () -> loadPlugins(declared, pluginPolicy, start);
        if (registry.isClosed()) {
            refusedPlugins.clear();
            for (PluginDescriptor d : declared) {
                if (!registry.names().contains(d.name())) {
                    pluginRefused(d.name(), "plugin registration is closed: plugins register before the client "
                            + "first starts (reload the page)");
                }
            }
            reportPlugins();
        }
        if (storage == null || cacheCrypto == null || anonymous) {
            connect.run(); // an anonymous account is gone after the session: nothing of it is cached
            return;
        }
        // "localStorage" (Converse's default) and "IndexedDB" both mean the encrypted IndexedDB cache: Parley
        // never writes to localStorage.
        StoreBackend backend = store.equals("sessionStorage") ? sessionStore : storage.get();
        post.accept(Wire.encode(Wire.CACHE, "status", "opening", "text", null));
        if (AccountCache.PASSPHRASE.equals(cacheKey)) {
            // A wrong passphrase must stop the login before anything goes to the server.
            openCache(backend, jid, cacheKey, secret, mine, c, connect);
        } else if (saved != null) {
            c.awaitCache();
            connect.run();
            openSavedCache(backend, saved, mine, c, c::cacheSettled);
        } else {
            // The login runs while the cache is unlocked; after binding, the session waits for it.
            c.awaitCache();
            connect.run();
            openCache(backend, jid, cacheKey, secret, mine, c, c::cacheSettled);
        }
    }

    /** The cache of a saved login, opened by the device key's copy of its master secret; without it, no cache. */
    private void openSavedCache(StoreBackend backend, im.parley.store.SavedLogin saved, int mine, XmppClient target,
            Runnable connect) {
        AccountCache.openSaved(backend, cacheCrypto, crypto::randomBytes, saved, iterations, this::cacheNotice,
                (opened, err) -> {
                    if (mine != epoch) {
                        return;
                    }
                    if (err != null) {
                        cacheNotice("unavailable", "This device's cache of the account could not be opened without the password ({0}); nothing is cached in this session.", err);
                        connect.run();
                        return;
                    }
                    cache = opened;
                    cacheBackend = backend;
                    warmStart(opened, target, connect);
                });
    }

    private void openCache(StoreBackend backend, Jid jid, String cacheKey, String secret, int mine,
            XmppClient target, Runnable connect) {
        AccountCache.open(backend, cacheCrypto, crypto::randomBytes, jid.toString(), cacheKey, secret, iterations,
                this::cacheNotice, (opened, err) -> {
                    if (mine != epoch) {
                        return;
                    }
                    if ("passphrase".equals(Callback.code(err))) {
                        client = null;
                        error("The cache passphrase is wrong. The cache on this device is kept; enter the passphrase it was made with.");
                        return;
                    }
                    if (err != null) {
                        if (backend != sessionStore) {
                            cacheNotice("unavailable", "This browser does not let Parley store data here (private browsing?), so this session's history is kept in memory only.");
                            openCache(sessionStore, jid, cacheKey, secret, mine, target, connect);
                        } else {
                            cacheNotice("unavailable", "The cache could not be opened ({0}); nothing is cached in this session.", err);
                            connect.run();
                        }
                        return;
                    }
                    cache = opened;
                    cacheBackend = backend;
                    if (!opened.isOpen()) {
                        connect.run(); // password changed elsewhere: the cache opens once the server accepts it
                        return;
                    }
                    warmStart(opened, target, connect);
                });
    }

    /** Shows the cached roster and the latest messages of the most recent conversations, then connects. */
    private void warmStart(AccountCache c, XmppClient target, Runnable connect) {
        boolean[] any = {false};
        List<RosterItem> cachedRoster = new ArrayList<>();
        String[] rosterVersion = {null};
        c.roster((items, err) -> {
            if (items != null && !items.isEmpty()) {
                any[0] = true;
                cachedRoster.addAll(items);
                postRoster(items);
            }
        });
        c.rosterVersion((ver, err) -> rosterVersion[0] = ver);
        List<String> peers = c.conversations();
        if (peers.size() > WARM_CONVERSATIONS) {
            peers = peers.subList(0, WARM_CONVERSATIONS);
        }
        List<ChatMessage> unsent = new ArrayList<>();
        long now = clock.getAsLong();
        // The newest cached message with an archive id (and its time): the catch-up reads after it.
        String[] lastArchiveId = {null};
        long[] lastArchiveTime = {0};
        for (int i = peers.size() - 1; i >= 0; i--) { // the most recent last, so that the UI shows it on top
            String peer = peers.get(i);
            c.recent(peer, AccountCache.WARM_MESSAGES, (messages, err) -> {
                if (messages != null && !messages.isEmpty()) {
                    any[0] = true;
                    List<Object> items = new ArrayList<>();
                    for (ChatMessage m : messages) {
                        if (m.archiveId() != null && m.timestamp() >= lastArchiveTime[0]) {
                            lastArchiveId[0] = m.archiveId();
                            lastArchiveTime[0] = m.timestamp();
                        }
                        // A message still waiting in the last page's outbox goes out now if it is recent, and is
                        // shown as not sent if it is not.
                        String state = m.state();
                        if ("pending".equals(state)) {
                            if (now - m.timestamp() < XmppClient.OUTBOX_MAX_AGE_MS) {
                                unsent.add(m);
                            } else {
                                state = "failed";
                            }
                        }
                        items.add(historyItem(m, state));
                    }
                    post.accept(Wire.encode(Wire.HISTORY, "peer", peer, "items", items));
                    postReactions(messages);
                    target.knownMessages(messages);
                }
            });
        }
        String[] openChat = {null};
        c.openChat((open, err) -> openChat[0] = open);
        c.then(() -> {
            if (any[0]) {
                post.accept(Wire.encode(Wire.CACHE, "status", "warm", "text", null));
            }
            if (openChat[0] != null) {
                post.accept(Wire.encode(Wire.RESTORE, "open", openChat[0]));
            }
            unsent.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            target.queueFromLastSession(unsent); // before the session may start (useCache lets it go on)
            target.useCache(cachedRoster, rosterVersion[0], c.lastActivity(), lastArchiveId[0], lastArchiveTime[0]);
            connect.run();
        });
    }

    private static List<PluginDescriptor> descriptors(List<Object> raw) {
        List<PluginDescriptor> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (Object o : raw) {
            Map<?, ?> m = o instanceof Map ? (Map<?, ?>) o : null;
            if (m == null || !(m.get("name") instanceof String) || !(m.get("url") instanceof String)
                    || !(m.get("integrity") instanceof String) || m.size() != 3) {
                throw new IllegalArgumentException("login: each plugin is {name, url, integrity}");
            }
            out.add(new PluginDescriptor((String) m.get("name"), (String) m.get("url"), (String) m.get("integrity")));
        }
        return out;
    }

    private static List<String> strings(List<Object> raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (Object o : raw) {
                if (!(o instanceof String)) {
                    throw new IllegalArgumentException("login: plugin names must be strings");
                }
                out.add((String) o);
            }
        }
        return out;
    }

    private void loadPlugins(List<PluginDescriptor> declared, PluginPolicy policy, Runnable then) {
        refusedPlugins.clear();
        if (scripts == null) {
            for (PluginDescriptor d : declared) {
                pluginRefused(d.name(), "this build of Parley cannot run plugin scripts");
            }
            registry.close();
            reportPlugins();
            then.run();
            return;
        }
        new PluginLoader(scripts).load(declared, policy, registry, this::pluginRefused, () -> {
            reportPlugins();
            then.run();
        });
    }

    private void pluginRefused(String name, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("reason", reason);
        refusedPlugins.add(m);
    }

    private void reportPlugins() {
        List<Object> loaded = new ArrayList<>();
        for (Plugin p : registry.plugins()) {
            loaded.add(p.name());
        }
        post.accept(Wire.encode(Wire.PLUGINS, "loaded", loaded, "refused", new ArrayList<Object>(refusedPlugins)));
    }

    /** A plugin's storage: its namespace in the encrypted cache, or memory when nothing is cached. */
    private PluginStorage pluginStorage(String plugin) {
        return new PluginStorage() {
            @Override
            public void get(String key, Callback<String> done) {
                AccountCache c = cache;
                if (c != null && c.isOpen()) {
                    c.pluginGet(plugin, key, done);
                } else {
                    done.done(pluginMemory.get(plugin + "\u0000" + key), null);
                }
            }

            @Override
            public void set(String key, String value, Callback<Void> done) {
                AccountCache c = cache;
                if (c != null && c.isOpen()) {
                    c.pluginSet(plugin, key, value, done);
                } else {
                    if (value == null) {
                        pluginMemory.remove(plugin + "\u0000" + key);
                    } else {
                        pluginMemory.put(plugin + "\u0000" + key, value);
                    }
                    done.done(null, null);
                }
            }
        };
    }

    private final PluginRegistry registry = new PluginRegistry(XmppClient.FEATURES);
    private PluginLoader.ScriptHost scripts;
    private final List<Object> refusedPlugins = new ArrayList<>();
    private final Map<String, String> pluginMemory = new java.util.HashMap<>();
    private Map<String, String> pluginSettings = new LinkedHashMap<>();

    /** Where plugin scripts are fetched and run (the worker's scope); without one, plugins are refused. */
    public void setScriptHost(PluginLoader.ScriptHost host) {
        this.scripts = host;
    }

    /** Messages per page when scrolling back through the archive. */
    static final int ARCHIVE_PAGE = 50;
    /** Scrolling back: the cache while it can, the archive after. */
    private final ScrollBack scrollBack = new ScrollBack(ARCHIVE_PAGE);

    /** A page of older messages for the frame, and whether more can be loaded. */
    private void olderPage(String peer, List<ChatMessage> page, boolean complete, boolean ok) {
        if (!ok) {
            error("The message archive could not be read.");
        }
        List<Object> items = new ArrayList<>();
        for (ChatMessage m : page) {
            items.add(historyItem(m, m.state()));
        }
        post.accept(Wire.encode(Wire.HISTORY, "peer", peer, "items", items, "older", true));
        postReactions(page);
        if (client != null) {
            client.knownMessages(page);
        }
        post.accept(Wire.encode(Wire.ARCHIVE, "peer", peer, "complete", complete, "count", (double) page.size()));
    }

    /** The cached reactions of messages just shown (XEP-0444), each side's set as its own event. */
    private void postReactions(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            for (boolean mine : new boolean[] {true, false}) {
                if (!m.reactions(mine).isEmpty()) {
                    post.accept(Wire.encode(Wire.REACTIONS, "peer", m.peer(), "id", m.id(), "mine", mine, "items",
                            new ArrayList<Object>(m.reactions(mine))));
                }
            }
        }
    }

    private static Map<String, Object> historyItem(ChatMessage m, String state) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", m.id());
        item.put("body", m.body());
        item.put("outgoing", m.outgoing());
        item.put("ts", (double) m.timestamp());
        item.put("edited", m.isEdited());
        item.put("retracted", m.isRetracted());
        item.put("state", state);
        item.put("spoiler", m.spoiler());
        item.put("oob", m.oob());
        return item;
    }

    /**
     * A notice about the cache: its code, and the English text with {n} placeholders and their values, which the
     * frame translates (the key is the English text, as in the UI's catalogs).
     */
    private void cacheNotice(String code, String text, Object... args) {
        post.accept(Wire.encode(Wire.CACHE, "status", code, "text", text, "args", argList(args)));
    }

    /** The status line's notice: English text with {n} placeholders, and the values; the frame translates it. */
    private static String noticeMsg(String text, Object... args) {
        return Wire.encode(Wire.NOTICE, "text", text, "args", argList(args));
    }

    /** An error for the status line, like {@link #noticeMsg}. */
    private static String errorMsg(String text, Object... args) {
        return Wire.encode(Wire.ERROR, "text", text, "args", argList(args));
    }

    private static List<Object> argList(Object... args) {
        if (args.length == 0) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object a : args) {
            out.add(String.valueOf(a));
        }
        return out;
    }

    private boolean allowContactRemoval = true;
    private boolean cacheKeyIsPassword;

    private XmppClient online() {
        if (client == null) {
            throw new IllegalStateException("not connected");
        }
        return client;
    }

    private void send(Wire.Msg msg) {
        if (client == null) {
            throw new IllegalStateException("not connected");
        }
        Jid to = Jid.parse(msg.str("to"));
        onMessage(client.send(to, msg.str("body"), msg.str("spoiler")));
    }

    /** Largest file the frame may hand over, whatever the server allows. */
    static final double MAX_UPLOAD = 512L * 1024 * 1024;

    /** Uploads a file (XEP-0363) and shares its link with a contact; progress goes to the frame as upload-state. */
    private void upload(Wire.Msg msg, Object file) {
        String id = msg.str("id");
        if (file == null) {
            throw new IllegalArgumentException("upload: the file is missing");
        }
        if (uploader == null) {
            throw new IllegalStateException("file upload is not available here");
        }
        double size = msg.num("size");
        if (!(size > 0) || size > MAX_UPLOAD || size != Math.rint(size)) {
            throw new IllegalArgumentException("upload: the file must have 1 byte to 512 MB");
        }
        Jid to = Jid.parse(msg.str("to")).bare();
        XmppClient c = online();
        int mine = epoch;
        String type = msg.str("type") == null || msg.str("type").isEmpty() ? "application/octet-stream"
                : msg.str("type");
        c.requestUploadSlot(msg.str("name"), (long) size, type, (slot, why) -> {
            if (mine != epoch) {
                return;
            }
            if (slot == null) {
                uploadState(id, "failed", 0, size, why);
                return;
            }
            uploadState(id, "slot", 0, size, null);
            uploader.put(slot.putUrl(), slot.headers(), type, file,
                    (loaded, total) -> uploadState(id, "progress", loaded, total, null), err -> {
                if (mine != epoch) {
                    return;
                }
                if (err != null) {
                    uploadState(id, "failed", 0, size, "the upload failed: " + err);
                    return;
                }
                try {
                    onMessage(c.sendLink(to, slot.getUrl()));
                    uploadState(id, "done", size, size, null);
                } catch (IllegalStateException | IllegalArgumentException e) {
                    uploadState(id, "failed", size, size, e.getMessage());
                }
            });
        });
    }

    private void uploadState(String id, String state, double loaded, double total, String error) {
        post.accept(Wire.encode(Wire.UPLOAD_STATE, "id", id, "state", state, "loaded", loaded, "total", total,
                "error", error));
    }

    /** The browser's network came back: reconnect now rather than at the end of the backoff. */
    public void networkOnline() {
        if (client != null) {
            client.networkOnline();
        }
    }

    public void networkOffline() {
        if (client != null) {
            client.networkOffline();
        }
    }

    private void logout() {
        epoch++;
        if (cache != null && cache.isOpen() && !clearCacheOnLogout) {
            draining = cache; // "logged out" is said once what the session wrote is stored (a reload may follow)
        }
        if (client != null) {
            client.logout();
        }
        stayLoggedIn = false;
        keptOAuth = false;
        restoredOAuth = false;
        stopTokenRefresh();
        forgetSavedLogin(); // logging out means this device no longer logs in by itself
        AccountCache c = cache;
        cache = null;
        if (c != null && clearCacheOnLogout) {
            c.clear((v, err) -> post.accept(Wire.encode(Wire.CACHE, "status", err == null ? "cleared" : "clear-failed",
                    "text", err == null ? "Everything this account had cached on this device was deleted."
                            : "Deleting the cache left something behind: " + err)));
        }
    }

    private void error(String text) {
        post.accept(Wire.encode(Wire.ERROR, "text", text));
    }

    @Override
    public void onState(String state, ConnectionError error) {
        if ("online".equals(state) && cache != null) {
            cache.accepted();
        }
        if ("online".equals(state) && stayLoggedIn) {
            saveLogin();
        }
        if ("online".equals(state) && activeOAuth != null && tokenRefresh == null && client != null) {
            keepTokenFresh(activeOAuth, client);
        }
        String stateMsg = Wire.encode(Wire.STATE, "state", state, "error", error == null ? null : error.code(),
                "detail", error == null ? null : error.detail());
        if ("offline".equals(state) && draining != null) {
            // After a logout: the cache's queued writes (a reaction, a delivery state) finish first, for at most a
            // few seconds, so that a page reloaded right after "logged out" finds them.
            AccountCache d = draining;
            draining = null;
            boolean[] sent = {false};
            Runnable send = () -> {
                if (!sent[0]) {
                    sent[0] = true;
                    post.accept(stateMsg);
                }
            };
            d.then(send);
            if (scheduler != null && !sent[0]) {
                scheduler.schedule(DRAIN_MAX_MS, send);
            }
        } else {
            post.accept(stateMsg);
        }
        if ("offline".equals(state) && (restoring != null || restoredOAuth) && error != null
                && (ConnectionError.WRONG_PASSWORD.equals(error.code())
                    || ConnectionError.AUTH_FAILED.equals(error.code()))) {
            restoredOAuth = false;
            keptOAuth = false;
            // The saved keys no longer log in (the password was changed, or the account is gone): forget them.
            forgetSavedLogin();
            post.accept(Wire.encode(Wire.SAVED, "found", false, "forgotten", true));
        }
    }

    /** Deletes the login this device kept, if any (it is used no more in this session either). */
    private void forgetSavedLogin() {
        restoring = null;
        if (storage != null) {
            im.parley.store.SavedLogin.forget(storage.get(), this::cacheNotice, (v, err) -> { });
        }
    }

    /** Keeps this login's SCRAM keys (and a device-key copy of the cache's key) sealed on the device. */
    private void saveLogin() {
        XmppClient c = client;
        stayLoggedIn = false;
        if (activeOAuth != null) {
            if (!activeOAuth.canRefresh()) {
                post.accept(noticeMsg("Staying logged in needs a refresh token from the identity provider; it gave none, so you will log in with it again next time."));
                return;
            }
            keptOAuth = true;
            keepOAuthLogin(activeOAuth, accountJid.toString());
            return;
        }
        im.parley.sasl.Credentials keys = c == null ? null : c.scramKeys();
        if (keys == null) {
            post.accept(noticeMsg("Staying logged in needs a SCRAM login; this server did not offer one, so you will be asked for the password next time."));
            return;
        }
        im.parley.store.SavedLogin login = new im.parley.store.SavedLogin(accountJid.toString(),
                keys.scramMechanism(), keys.scramSalt(), keys.scramIterations(), keys.saltedPassword(),
                keys.firstOffer());
        StoreBackend backend = storage.get();
        AccountCache withCache = cache != null && cacheBackend == backend ? cache : null;
        login.save(backend, cacheCrypto, this::cacheNotice, withCache, (v, err) -> {
            if (err != null) {
                post.accept(errorMsg("This device could not keep the login: {0}", err));
            }
        });
    }

    @Override
    public void onSelf(String fullJid) {
        post.accept(Wire.encode(Wire.SELF, "jid", fullJid, "login", client == null ? null : client.loginMethod()));
    }

    @Override
    public void onRoster(List<RosterItem> items) {
        postRoster(items);
        lastRoster = items; // cached with its version, which the client reports right after
    }

    private List<RosterItem> lastRoster;

    /** Roster items per event: a large roster goes in several, so that no single message is big to decode. */
    static final int ROSTER_CHUNK = 250;

    /**
     * Posts the roster in parts, sorted as the contact list shows it (name, then address): sorting here, off the
     * page's thread, leaves the frame an already ordered list, which the browser's sort then passes in one sweep.
     */
    private void postRoster(List<RosterItem> items) {
        List<RosterItem> ordered = new ArrayList<>(items);
        ordered.sort(java.util.Comparator.comparing(WorkerController::listOrder));
        List<Object> list = new ArrayList<>();
        for (RosterItem item : ordered) {
            if (list.size() == ROSTER_CHUNK) {
                post.accept(Wire.encode(Wire.ROSTER, "items", list, "more", true));
                list = new ArrayList<>();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jid", item.jid());
            m.put("name", item.name());
            m.put("subscription", item.subscription());
            m.put("groups", new ArrayList<Object>(item.groups()));
            list.add(m);
        }
        post.accept(Wire.encode(Wire.ROSTER, "items", list));
    }

    /** The contact list's order within one availability: the shown name (or address), lower case, then the address. */
    static String listOrder(RosterItem item) {
        String name = item.name() == null || item.name().isEmpty() ? item.jid() : item.name();
        return name.toLowerCase() + "\n" + item.jid();
    }

    @Override
    public void onRosterVersion(String version) {
        if (cache != null && lastRoster != null) {
            cache.saveRoster(lastRoster, version);
        }
    }

    @Override
    public void onContactRequests(Map<String, String> pending) {
        List<Object> items = new ArrayList<>();
        for (Map.Entry<String, String> e : pending.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jid", e.getKey());
            m.put("nick", e.getValue());
            items.add(m);
        }
        post.accept(Wire.encode(Wire.REQUESTS, "items", items));
    }

    @Override
    public void onPresence(String bareJid, String show, String status, long idleSince) {
        post.accept(Wire.encode(Wire.PRESENCE, "jid", bareJid, "show", show, "status", status, "idle",
                idleSince > 0 ? (Object) (double) idleSince : null));
    }

    @Override
    public void onMessage(ChatMessage m) {
        if (cache != null) {
            cache.putMessage(m);
        }
        pendingMessages.add(m);
        if (scheduler == null || pendingMessages.size() >= MESSAGE_BATCH_MAX) {
            flushMessages();
        } else if (!flushScheduled) {
            flushScheduled = true;
            scheduler.schedule(MESSAGE_BATCH_MS, this::flushMessages);
        }
    }

    /**
     * How long a message waits for others to go to the frame with it: a burst (a busy chat, a catch-up, what a
     * reconnect brings) then costs the page one task and one layout per batch, not one per message.
     */
    static final long MESSAGE_BATCH_MS = 10;
    /** At most this many go in one batch: the page handles each batch in one task, which should stay short. */
    static final int MESSAGE_BATCH_MAX = 32;
    private final List<ChatMessage> pendingMessages = new ArrayList<>();
    private boolean flushScheduled;

    /** Sends the messages waiting to go: one MESSAGE, or MESSAGES with several. */
    private void flushMessages() {
        flushScheduled = false;
        if (pendingMessages.isEmpty()) {
            return;
        }
        List<ChatMessage> batch = new ArrayList<>(pendingMessages);
        pendingMessages.clear();
        if (batch.size() == 1) {
            ChatMessage m = batch.get(0);
            rawPost.accept(Wire.encode(Wire.MESSAGE, "id", m.id(), "peer", m.peer(), "body", m.body(), "outgoing",
                    m.outgoing(), "ts", (double) m.timestamp(), "state", m.state(), "edited", m.isEdited(),
                    "retracted", m.isRetracted(), "spoiler", m.spoiler(), "oob", m.oob()));
            return;
        }
        List<Object> items = new ArrayList<>();
        for (ChatMessage m : batch) {
            Map<String, Object> item = historyItem(m, m.state());
            item.put("peer", m.peer());
            items.add(item);
        }
        rawPost.accept(Wire.encode(Wire.MESSAGES, "items", items));
    }

    @Override
    public void onReactions(String peer, String id, boolean mine, List<String> reactions) {
        if (cache != null) {
            cache.react(id, peer, mine, reactions);
        }
        post.accept(Wire.encode(Wire.REACTIONS, "peer", peer, "id", id, "mine", mine, "items",
                new ArrayList<Object>(reactions)));
    }

    @Override
    public void onAvatar(String jid, im.parley.vcard.Avatar avatar) {
        post.accept(Wire.encode(Wire.AVATAR, "jid", jid, "type", avatar == null ? null : avatar.type(), "data",
                avatar == null ? null : avatar.base64()));
    }

    @Override
    public void onBlocklist(List<String> blocked) {
        post.accept(Wire.encode(Wire.BLOCKLIST, "items", new ArrayList<Object>(blocked)));
    }

    @Override
    public void onEdit(String peer, String id, String body, boolean outgoing) {
        if (cache != null) {
            cache.edit(id, peer, outgoing, body);
        }
        post.accept(Wire.encode(Wire.EDIT, "peer", peer, "id", id, "body", body, "outgoing", outgoing));
    }

    @Override
    public void onChatState(String bareJid, String state) {
        post.accept(Wire.encode(Wire.CHAT_STATE, "jid", bareJid, "state", state));
    }

    @Override
    public void onLink(String peer, String id, String prev) {
        if (cache != null) {
            cache.link(peer, id, prev);
        }
    }

    @Override
    public void onMessageState(String id, String peer, String state) {
        if (id == null || peer == null) {
            return; // not a message the conversation shows
        }
        if (cache != null) {
            cache.updateState(id, peer, state);
        }
        post.accept(Wire.encode(Wire.MESSAGE_STATE, "id", id, "peer", peer, "state", state));
    }
}
