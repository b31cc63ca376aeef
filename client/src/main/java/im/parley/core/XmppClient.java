package im.parley.core;

import im.parley.chat.ChatManager;
import im.parley.chat.ChatMessage;
import im.parley.chat.ContinuityTracker;
import im.parley.chatstates.ChatStateManager;
import im.parley.carbons.CarbonsManager;
import im.parley.crypto.Crypto;
import im.parley.mam.MamManager;
import im.parley.plugin.Plugin;
import im.parley.plugin.PluginContext;
import im.parley.plugin.PluginStorage;
import im.parley.policy.StanzaPolicy;
import im.parley.presence.PresenceManager;
import im.parley.receipts.ReceiptsManager;
import im.parley.register.AccountManager;
import im.parley.roster.RosterItem;
import im.parley.roster.RosterManager;
import im.parley.roster.SubscriptionManager;
import im.parley.sasl.Credentials;
import im.parley.sm.StreamManagement;
import im.parley.stream.ConnectionError;
import im.parley.stream.ConnectionListener;
import im.parley.stream.StanzaHandler;
import im.parley.stream.Scheduler;
import im.parley.stream.Transport;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import im.parley.xml.XmlLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The client core: one account's session with its features composed around an {@link XmppConnection}. Plain
 * Java; the platform gives it transports, crypto, timers and a clock. It keeps the session alive: stream
 * management (XEP-0198) with resumption, reconnection with exponential backoff and jitter, and an outbox for
 * messages written while the connection is down. One instance per login.
 */
public final class XmppClient implements ConnectionListener {
    /** Backoff: the first retry within half a second, doubling up to a minute. */
    static final long BACKOFF_BASE_MS = 500;
    static final long BACKOFF_MAX_MS = 60_000;

    private final Supplier<Transport> transports;
    private final Crypto crypto;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final ClientListener listener;

    private XmppConnection connection;
    private StreamManagement sm;
    private RosterManager roster;
    private PresenceManager presence;
    private ChatManager chat;
    private MamManager mam;
    private CarbonsManager carbons;
    private ChatStateManager chatStates;
    private SubscriptionManager subscriptions;
    private AccountManager account;
    private im.parley.blocking.BlockingManager blocking;
    private im.parley.disco.DiscoManager disco;
    private im.parley.markers.MarkersManager markers;
    private im.parley.vcard.AvatarManager avatars;
    private im.parley.useravatar.UserAvatarManager userAvatars;
    private im.parley.upload.HttpUpload uploads;

    /**
     * Asks the server's upload service (XEP-0363) for a slot for a file; {@code done} gets the slot, or null and why
     * not. The PUT is the platform's ({@link im.parley.upload.Uploader}); then {@link #sendLink} shares the file.
     */
    public void requestUploadSlot(String filename, long size, String contentType,
            java.util.function.BiConsumer<im.parley.upload.UploadSlot, String> done) {
        requireOnline();
        uploads.requestSlot(filename, size, contentType, done);
    }

    /** The user's own availability, kept across reconnects: show ("" available), status message, priority. */
    private String ownShow = "";
    private String ownStatus;
    private int ownPriority;
    /** Since when the user has been idle (XEP-0319, epoch ms), or 0 while they are active. */
    private long idleSince;

    /**
     * The user's available presence: show, status, priority and idle, caps (XEP-0115) and the avatar's hash
     * (XEP-0153; empty until known).
     */
    private void sendPresence() {
        XmlElement.Builder update = avatars.updateElement();
        presence.sendAvailable(ownShow, ownStatus, ownPriority, idleSince, disco.capsElement(),
                update != null ? update : XmlElement.builder("x", im.parley.vcard.AvatarManager.UPDATE));
    }

    /**
     * Sets the user's availability ({@code show}: "", chat, away, xa or dnd) and status message (null or empty for
     * none). It is sent at once when online, and with every later session's presence.
     */
    public void setPresence(String show, String status) {
        if (!PresenceManager.SHOWS.contains(show)) {
            throw new IllegalArgumentException("show is one of chat, away, xa, dnd, or empty");
        }
        if (status != null && status.length() > PresenceManager.MAX_STATUS) {
            throw new IllegalArgumentException("a status message is at most " + PresenceManager.MAX_STATUS
                    + " characters");
        }
        ownShow = show;
        ownStatus = status == null || status.isEmpty() ? null : status;
        presenceChanged();
    }

    /** The priority of this resource (RFC 6121 4.7.2.3; Converse's {@code priority}), -128 to 127. */
    public void setPriority(int priority) {
        if (priority < -128 || priority > 127) {
            throw new IllegalArgumentException("a priority is between -128 and 127");
        }
        ownPriority = priority;
        presenceChanged();
    }

    /**
     * The user has been idle since {@code sinceMillis} (epoch ms; 0: active again). Contacts see it in presence
     * (XEP-0319); a time in the future is taken as now.
     */
    public void setIdle(long sinceMillis) {
        long since = sinceMillis <= 0 ? 0 : Math.min(sinceMillis, clock.getAsLong());
        if (since == idleSince) {
            return;
        }
        idleSince = since;
        presenceChanged();
    }

    private void presenceChanged() {
        if (connection != null && "online".equals(state) && presence != null && avatars != null) {
            sendPresence();
        }
    }

    /**
     * Publishes the user's avatar (null removes it) both ways clients look for it: over PEP (XEP-0084) and in the own
     * vCard, announced in presence (XEP-0153). {@code done} gets null if either took it, else why the server refused
     * (the vCard's reason). A server that mirrors one into the other (Prosody's vcard_legacy) gets the same twice.
     */
    public void setAvatar(im.parley.vcard.Avatar avatar, java.util.function.Consumer<String> done) {
        requireOnline();
        userAvatars.publish(avatar, pepErr -> avatars.publish(avatar, err -> {
            if (err == null) {
                sendPresence(); // the vCard's hash, for XEP-0153
            }
            if (err == null || pepErr == null) {
                listener.onAvatar(connection.boundJid().bare().toString(), avatar);
            }
            done.accept(err == null || pepErr == null ? null : err);
        }));
    }

    /** An account's current PEP avatar (XEP-0084; the own when {@code jid} is null), or null if there is none. */
    public void pepAvatar(Jid jid, java.util.function.Consumer<im.parley.vcard.Avatar> done) {
        requireOnline();
        userAvatars.fetch(jid, done);
    }

    private long keepaliveMs = XmppConnection.KEEPALIVE_MS;
    private long probeTimeoutMs = XmppConnection.PROBE_TIMEOUT_MS;

    /**
     * Converse's ping_interval: how long a silent connection waits before it is probed (0: not while silent; ack
     * requests are still answered in time or the connection counts as dead). For the next login.
     */
    public void setKeepalive(long intervalMs) {
        setKeepalive(intervalMs, probeTimeoutMs);
    }

    /** The same, with how long a probe or an ack request may stay unanswered. */
    public void setKeepalive(long intervalMs, long timeoutMs) {
        keepaliveMs = intervalMs;
        probeTimeoutMs = timeoutMs;
        if (connection != null) {
            connection.setKeepalive(intervalMs, timeoutMs);
        }
    }

    /** A contact's profile (vCard-temp), or the user's own when {@code jid} is null. */
    public void profile(Jid jid, java.util.function.Consumer<im.parley.vcard.Profile> done) {
        requireOnline();
        avatars.profile(jid, done);
    }

    /** Publishes the user's profile; the avatar and the vCard's other fields stay. */
    public void setProfile(im.parley.vcard.Profile profile, java.util.function.Consumer<String> done) {
        requireOnline();
        avatars.publishProfile(profile, done);
    }

    /** Converse's send_chat_markers includes "displayed": the user's reading is shown to contacts. */
    private boolean sendDisplayed = true;

    public void setSendDisplayed(boolean send) {
        this.sendDisplayed = send;
    }

    /**
     * The user has seen message {@code id} from {@code peer} (XEP-0333): a displayed marker goes to the peer if the
     * message asked for one and the settings allow it. Nothing happens while the connection is down.
     */
    public void markDisplayed(Jid peer, String id) {
        if (sendDisplayed && markers != null && connection != null && connection.isBound() && "online".equals(state)) {
            markers.displayed(peer, id);
        }
    }

    /** A contact's marker on one of the user's messages: its delivery state moves on (never back). */
    private void marked(String peer, String id, String type) {
        if (!(peer + "|true").equals(authors.get(id))) {
            log("ignored a chat marker from " + peer + " on message " + id + ", which is not one the user sent them");
            return;
        }
        listener.onMessageState(id, peer, "received".equals(type) ? "delivered" : "displayed");
    }
    private boolean allowContactRequests = true;
    private StanzaPolicy policy = StanzaPolicy.defaults();
    private List<Plugin> plugins = new ArrayList<>();
    private java.util.function.Function<String, String> settings = name -> null;
    private java.util.function.Function<String, PluginStorage> storages = name -> null;
    /** Listeners of the current session's plugins to the client's events. */
    private final List<java.util.function.BiConsumer<String, String>> sessionEvents = new ArrayList<>();
    private Credentials credentials;
    private boolean autoReconnect;
    private boolean everOnline;
    private int attempts;
    private Scheduler.Task retryTask;
    private String state = "offline";
    /** Messages written while the connection was down, in order; sent once the session is back. */
    private final List<XmlElement> outbox = new ArrayList<>();
    /** Messages of a session that could not be resumed, which the server may not have received. */
    private final List<XmlElement> resend = new ArrayList<>();
    /** When each message still unacknowledged went out, to bound the archive query after a lost session. */
    private final java.util.Map<String, Long> sentAt = new java.util.HashMap<>();
    /** Clock skew tolerated between this device and the server when asking the archive for recent messages. */
    static final long ARCHIVE_SLACK_MS = 5 * 60_000;

    public XmppClient(Supplier<Transport> transports, Crypto crypto, Scheduler scheduler, LongSupplier clock,
            ClientListener listener) {
        this.transports = transports;
        this.crypto = crypto;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
    }

    /** For a single transport and no timers (tests). */
    public XmppClient(Transport transport, Crypto crypto, LongSupplier clock, ClientListener listener) {
        this(() -> transport, crypto, null, clock, listener);
    }

    public String state() {
        return state;
    }

    /**
     * How the current session logged in, e.g. "SASL2 SCRAM-SHA-256, Bind 2" or "SASL SCRAM-SHA-1, resumed"; null
     * before the first login.
     */
    public String loginMethod() {
        return connection == null ? null : connection.loginMethod();
    }

    private boolean sasl2 = true;

    /**
     * Whether the next login uses SASL2 (XEP-0388) with Bind 2 (XEP-0386) where the server offers them (on by
     * default; never over BOSH, see {@link im.parley.stream.Transport#allowsSasl2}).
     */
    public void useSasl2(boolean use) {
        sasl2 = use;
    }

    /**
     * Logs in. The password goes to SASL; afterwards only SCRAM's salted password stays in memory for
     * reconnects.
     *
     * @param allowNonRosterMessaging whether messages from JIDs outside the roster open chats
     * @param autoReconnect           whether a lost connection is re-established (Converse's auto_reconnect)
     */
    public void login(String websocketUrl, Jid jid, String password, boolean allowNonRosterMessaging,
            boolean autoReconnect) {
        login(websocketUrl, jid, new Credentials(jid.local(), password), allowNonRosterMessaging, autoReconnect);
    }

    /**
     * Logs in anonymously (SASL ANONYMOUS, RFC 4505) to {@code domain}: the server makes up a temporary account,
     * whose JID the session reports once bound. Converse's {@code authentication: 'anonymous'}.
     */
    public void loginAnonymously(String url, Jid domain, boolean allowNonRosterMessaging, boolean autoReconnect) {
        if (domain.local() != null || !domain.isBare()) {
            throw new IllegalArgumentException("an anonymous login names only the server's domain, like anon.example.org");
        }
        login(url, domain, Credentials.anonymous(), allowNonRosterMessaging, autoReconnect);
    }

    /**
     * Logs in with an OAuth 2.0 access token from the account's identity provider (SASL OAUTHBEARER, RFC 7628):
     * Converse's {@code authentication: 'oauth'}. Reconnects use the same token; once the server refuses it
     * (expired), the session ends and the user logs in with the provider again.
     */
    public void loginWithToken(String url, Jid jid, String token, boolean allowNonRosterMessaging,
            boolean autoReconnect) {
        if (jid.local() == null || !jid.isBare()) {
            throw new IllegalArgumentException("jid must look like user@domain");
        }
        login(url, jid, Credentials.oauth(jid.toString(), token), allowNonRosterMessaging, autoReconnect);
    }

    /**
     * Logs in with the client certificate the TLS connection presented (SASL EXTERNAL, XEP-0178): Converse's
     * {@code authentication: 'external'}. The certificate is the browser's business (or, on the JVM, the transport's).
     */
    public void loginExternal(String url, Jid jid, boolean allowNonRosterMessaging, boolean autoReconnect) {
        if (jid.local() == null || !jid.isBare()) {
            throw new IllegalArgumentException("jid must look like user@domain");
        }
        login(url, jid, Credentials.external(jid.toString()), allowNonRosterMessaging, autoReconnect);
    }

    /**
     * Logs in with SCRAM keys kept from an earlier login ({@link Credentials#saved}): no password exists, so only
     * the mechanism the keys belong to will do, with the salt and iteration count they were made with.
     */
    public void loginWithKeys(String url, Jid jid, Credentials keys, boolean allowNonRosterMessaging,
            boolean autoReconnect) {
        if (jid.local() == null || !jid.isBare() || keys.password() != null || !keys.hasScramKeys()) {
            throw new IllegalArgumentException("a login with saved keys needs user@domain and SCRAM keys only");
        }
        login(url, jid, keys, allowNonRosterMessaging, autoReconnect);
    }

    /** An OAuth login's access token was refreshed: reconnects authenticate with the new one. */
    public void renewToken(String token) {
        if (credentials == null || !credentials.isOAuth()) {
            throw new IllegalStateException("not an OAuth login");
        }
        credentials.renewOAuthToken(token);
    }

    /**
     * The SCRAM keys this login keeps for reconnects (never the password), or null when there are none (PLAIN,
     * a token, a certificate, anonymous, or before the first SCRAM login).
     */
    public Credentials scramKeys() {
        return credentials != null && credentials.hasScramKeys() && credentials.password() == null ? credentials : null;
    }

    private void login(String websocketUrl, Jid jid, Credentials creds, boolean allowNonRosterMessaging,
            boolean autoReconnect) {
        if (connection != null) {
            throw new IllegalStateException("already logged in");
        }
        this.autoReconnect = autoReconnect;
        credentials = creds;
        sm = new StreamManagement(this::onAcked);
        serverOffset = null;
        connection = new XmppConnection(transports, crypto, this, XmlLimits.DEFAULT, sm, scheduler);
        connection.setPreferSasl2(sasl2);
        connection.setKeepalive(keepaliveMs, probeTimeoutMs);
        sessionEvents.clear();
        // Who may open a chat, get receipts and see typing: contacts, or anyone if non-roster messaging is on.
        java.util.function.Predicate<Jid> accepted = from -> allowNonRosterMessaging || roster.contains(from);
        // Parley's own features, through the same interface as third-party plugins, in this order (a handler
        // registered earlier is asked first), then the registered plugins.
        List<Plugin> features = new ArrayList<>();
        features.add(Plugin.of("policy", ctx -> ctx.addHandler(stanza -> {
            if (policy.dropInbound(stanza)) {
                log("dropped an invitation from " + stanza.attr("from") + " (allow_muc_invitations is off)");
                return true;
            }
            return false;
        })));
        features.add(Plugin.of("mam", ctx -> mam = new MamManager(ctx.connection())));
        features.add(Plugin.of("roster", ctx -> roster = new RosterManager(ctx.connection(), items -> {
            listener.onRoster(items);
            listener.onRosterVersion(roster.version());
        })));
        features.add(Plugin.of("receipts", ctx -> new ReceiptsManager(ctx.connection(), accepted,
                (id, peer) -> listener.onMessageState(id, peer, "delivered"))));
        features.add(Plugin.of("markers", ctx -> markers = new im.parley.markers.MarkersManager(ctx.connection(),
                accepted, this::marked)));
        features.add(Plugin.of("chatstates", ctx -> chatStates = new ChatStateManager(ctx.connection(), accepted,
                listener::onChatState)));
        features.add(Plugin.of("avatars", ctx -> avatars = new im.parley.vcard.AvatarManager(ctx.connection(), crypto,
                listener::onAvatar)));
        features.add(Plugin.of("user-avatars", ctx -> userAvatars = new im.parley.useravatar.UserAvatarManager(
                ctx.connection(), avatars, listener::onAvatar)));
        features.add(Plugin.of("presence", ctx -> presence = new PresenceManager(ctx.connection(), clock,
                listener::onPresence)));
        features.add(Plugin.of("subscriptions", ctx -> subscriptions = new SubscriptionManager(ctx.connection(),
                roster, allowContactRequests, listener::onContactRequests)));
        features.add(Plugin.of("register", ctx -> account = new AccountManager(ctx.connection())));
        features.add(Plugin.of("chat", ctx -> chat = new ChatManager(ctx.connection(),
                m -> received(continuity.live(m)), accepted, clock)));
        features.add(Plugin.of("carbons", ctx -> carbons = new CarbonsManager(ctx.connection(), chat)));
        features.add(Plugin.of("corrections", ctx -> chat.onEdits(this::edited)));
        features.add(Plugin.of("reactions", ctx -> chat.onReactions(this::reacted)));
        features.add(Plugin.of("ping", ctx -> new im.parley.ping.PingResponder(ctx.connection())));
        features.add(Plugin.of("disco", ctx -> disco = new im.parley.disco.DiscoManager(ctx.connection(), crypto,
                DISCO_FEATURES)));
        features.add(Plugin.of("upload", ctx -> uploads = new im.parley.upload.HttpUpload(ctx.connection())));
        features.add(Plugin.of("blocking", ctx -> blocking = new im.parley.blocking.BlockingManager(ctx.connection(),
                listener::onBlocklist)));
        features.addAll(plugins);
        for (Plugin p : features) {
            p.initialize(new Session(p.name()));
        }
        connection.connect(websocketUrl, jid, credentials, null);
    }

    /**
     * What this device has cached, given before {@link #login}: the roster and its version, sent with the roster
     * request so that the server can answer "unchanged" (RFC 6121 2.6), and the time of the last cached message,
     * from which the own archive is read after login to catch up with what arrived meanwhile.
     */
    public void useCache(List<RosterItem> cachedRoster, String cachedRosterVersion, long lastActivity) {
        useCache(cachedRoster, cachedRosterVersion, lastActivity, null, 0);
    }

    /**
     * {@link #useCache(List, String, long)}, with the archive id of the newest cached message that has one (and
     * its time): if it is recent enough that nothing cached is much newer, the catch-up reads exactly what the
     * archive got after it (no clock, no slack, nothing read twice), and by time only if the archive no longer
     * has it.
     */
    public void useCache(List<RosterItem> cachedRoster, String cachedRosterVersion, long lastActivity,
            String lastArchiveId, long lastArchiveTime) {
        this.cachedRoster = cachedRoster;
        this.cachedRosterVersion = cachedRosterVersion;
        this.catchUpSince = lastActivity;
        if (lastArchiveId != null && lastActivity > 0 && lastActivity - lastArchiveTime <= ARCHIVE_SLACK_MS) {
            catchUpAfterId = lastArchiveId;
        }
        cacheSettled();
    }

    /**
     * Makes the session's start-up wait, after binding, until the cache has been read ({@link #useCache} or
     * {@link #cacheSettled}): the login runs alongside the unlocking of the cache, and the roster request still
     * carries the cached version, and nothing live is shown before the cached history.
     */
    public void awaitCache() {
        cachePending = true;
    }

    /** The cache is read (or there is none): a start-up that waited for it goes on. */
    public void cacheSettled() {
        cachePending = false;
        if (waitingForCache) {
            waitingForCache = false;
            startSession();
        }
    }

    private boolean cachePending;
    private boolean waitingForCache;

    private List<RosterItem> cachedRoster;
    private String cachedRosterVersion;
    /** Epoch ms from which the archive is read when a new session starts; 0: no catch-up. */
    private long catchUpSince;
    /**
     * After a failed resumption: the archive id of the last message that came live before, after which the new
     * session's catch-up reads (exact, where the time of the loss is not: the lost session's queue on the server
     * may hold messages archived long before the connection dropped); null: read by time.
     */
    private String catchUpAfterId;
    /** The longest live messages wait for a catch-up before they are shown anyway. */
    static final long HOLD_MAX_MS = 60_000;
    /**
     * At most this many archived messages are fetched to catch up, the newest: a busy account's few minutes away
     * (its own sent messages count too) can exceed a couple of thousand.
     */
    static final int CATCH_UP_MAX = 5000;
    private int catchUpMax = CATCH_UP_MAX;

    /** How many archived messages at most a catch-up reads (the newest); {@link #CATCH_UP_MAX} unless set. */
    public void catchUpLimit(int messages) {
        this.catchUpMax = Math.max(1, messages);
    }

    public void login(String websocketUrl, Jid jid, String password, boolean allowNonRosterMessaging) {
        login(websocketUrl, jid, password, allowNonRosterMessaging, false);
    }

    @Override
    public void onProgress(String phase) {
        setState(phase, null);
    }

    /**
     * A new session's start-up (roster, then the archive check after a lost session) is in flight; it flushes the
     * queued messages when done, even if the connection drops and the session is resumed meanwhile.
     */
    private boolean settling;

    @Override
    public void onConnected(Jid boundJid) {
        continuity.newSession(); // what it brings may not follow what the last one showed
        listener.onSelf(boundJid.toString());
        emit("self", boundJid.toString());
        settling = true;
        catchingUp = false; // a catch-up of the lost session will never answer
        if (gapSince > 0) {
            catchUpFrom(gapSince);
            gapSince = 0;
            gapAfterId = null;
        }
        if (catchUpSince > 0 || cachePending) {
            holdLive(); // live messages wait for the archive's older ones (released by catchUp)
        }
        if (cachePending) {
            waitingForCache = true;
            return;
        }
        startSession();
    }

    /** Holds live messages back until a catch-up releases them, or for {@link #HOLD_MAX_MS} at most. */
    private void holdLive() {
        chat.hold();
        if (scheduler != null) {
            // Whatever keeps the catch-up from finishing, live messages are never held for longer than this (from
            // the latest hold: an earlier one's timer must not cut a later catch-up short).
            if (holdTimer != null) {
                holdTimer.cancel();
            }
            ChatManager held = chat;
            holdTimer = scheduler.schedule(HOLD_MAX_MS, () -> {
                holdTimer = null;
                held.release();
            });
        }
    }

    private Scheduler.Task holdTimer;

    /** A catch-up from the archive is in flight. */
    private boolean catchingUp;
    /** Device time from which the archive is to be read again once the catch-up in flight is done; 0: none. */
    private long gapSince;

    /**
     * The transport may have lost stanzas on the way in while the session lived on (BOSH through a network that
     * drops connections, where the server does not always keep an answer to send again): live messages wait while
     * the archive is read from then, so that what was lost is shown, in its place, and nothing twice.
     */
    @Override
    public void onMaybeLost(long sinceMillis) {
        if (!everOnline || chat == null || connection == null || !connection.isBound()) {
            return;
        }
        long since = sinceMillis > 0 ? sinceMillis : clock.getAsLong();
        continuity.reset();
        if (catchingUp || settling) { // read once the catch-up under way (or the start-up's) is done
            if (gapSince <= 0) {
                gapAfterId = chat.lastArchiveId();
            }
            gapSince = gapSince <= 0 ? since : Math.min(gapSince, since);
            holdLive();
            return;
        }
        holdLive();
        readAfter(chat.lastArchiveId(), since); // the last message that came before the loss
    }

    /** The archive id of the last message seen before the earliest loss waiting in {@link #gapSince}. */
    private String gapAfterId;

    /**
     * Reads what the archive got after the message with archive id {@code after} (live messages are held), or by
     * time from {@code since} if there is no such id or the archive no longer has it.
     */
    private void readAfter(String after, long since) {
        if (after == null || catchUpSince > 0) {
            log("stanzas may have been lost on the way in; reading the archive again from then");
            catchUpFrom(since);
            catchUp(() -> { });
            return;
        }
        // Exactly what the archive got after the last message seen: no clock, no slack, nothing read twice.
        readArchiveAfter(after, (ok, count) -> {
            if (!ok) { // (an id the archive no longer has): by time, then
                log("the archive could not be read after the last message seen; reading it by time");
                catchUpFrom(since);
                catchUp(() -> { });
                return;
            }
            log("read the archive after the last message seen (stanzas may have been lost): " + count + " stanzas");
            chat.release();
            catchUpGap();
        });
    }

    /** Shows what the archive holds after archive id {@code after}; {@code done} gets whether it could, and how many. */
    private void readArchiveAfter(String after, java.util.function.BiConsumer<Boolean, Integer> done) {
        catchingUp = true;
        continuity.beginRun();
        int[] count = new int[1];
        mam.fetchAfter(after, catchUpMax, (archiveId, message, stamp) -> {
            count[0]++;
            deliverArchived(archiveId, message, stamp);
        }, ok -> {
            catchingUp = false;
            continuity.endRun();
            done.accept(ok, count[0]);
        });
    }

    /** The next catch-up reads from {@code since} (device time) at the latest: an earlier start already set stays. */
    private void catchUpFrom(long since) {
        catchUpSince = catchUpSince <= 0 ? since : Math.min(catchUpSince, since);
    }

    /**
     * Shows a message a catch-up read from the archive, unless it was shown already; either way it is linked to the
     * read's previous message of its conversation.
     */
    private void deliverArchived(String archiveId, XmlElement message, long stamp) {
        String[] place = chat.readable(archiveId, message);
        String prev = place == null ? null : continuity.next(place[0], place[1], true);
        ChatMessage m = chat.archived(archiveId, message, stamp);
        if (m != null) {
            received(prev == null ? m : m.withLinks(null, prev));
        } else if (prev != null) {
            listener.onLink(place[0], place[1], prev);
        }
    }

    /** Which message came right before which, where that is certain (see {@link ContinuityTracker}). */
    private final ContinuityTracker continuity = new ContinuityTracker();

    /** Reads the archive again for a loss noticed while another catch-up or the start-up was under way. */
    private void catchUpGap() {
        if (gapSince > 0 && !catchingUp && !settling && connection != null && connection.isBound()) {
            long since = gapSince;
            String after = gapAfterId;
            gapSince = 0;
            gapAfterId = null;
            holdLive();
            readAfter(after, since);
        }
    }

    /** Roster, initial presence, carbons, then the archive catch-up and the resending of what was lost. */
    private void startSession() {
        if (connection == null || !connection.isBound()) {
            return;
        }
        roster.fetch(cachedRosterVersion, cachedRoster, () -> {
            cachedRoster = null; // the roster manager is current now
            cachedRosterVersion = null;
            sendPresence();
            // Once the own avatar's hash is known, presence says it (XEP-0153 3.2).
            avatars.loadOwn(this::sendPresence);
            carbons.enable();
            blocking.fetch();
            attempts = 0;
            everOnline = true;
            setState("online", null);
            syncClock(() -> catchUp(this::reconcile));
        });
    }

    /** The server's clock minus this device's (XEP-0202), once per login; null until known (or if not offered). */
    private Long serverOffset;

    /**
     * Asks the server for its time (XEP-0202), so that the archive can be asked for "since then" in the server's
     * time with a slack of seconds rather than minutes: a busy archive is then not read minutes back each time.
     */
    private void syncClock(Runnable then) {
        if (serverOffset != null || connection == null || !connection.isBound()) {
            then.run();
            return;
        }
        long asked = clock.getAsLong();
        connection.sendIq(XmlElement.builder("iq", im.parley.stream.Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("time", "urn:xmpp:time")), connection.boundJid().domain(), result -> {
                    long now = clock.getAsLong();
                    XmlElement time = result.child("time", "urn:xmpp:time");
                    long utc = time == null ? -1 : im.parley.util.Timestamps.parse(time.childText("utc",
                            "urn:xmpp:time"), -1);
                    if ("result".equals(result.attr("type")) && utc > 0 && now - asked < 10_000) {
                        serverOffset = utc - (asked + now) / 2;
                    }
                    then.run();
                });
    }

    /**
     * The server time from which the archive is read for something that happened at {@code deviceMs} on this
     * device: seconds before it once the server's clock is known (its stamps have whole seconds), else minutes.
     */
    private long archiveTime(long deviceMs) {
        return serverOffset == null ? deviceMs - ARCHIVE_SLACK_MS : deviceMs + serverOffset - CLOCK_SLACK_MS;
    }

    /** The slack once the server's clock is known: its whole-second stamps and the round trip that measured it. */
    static final long CLOCK_SLACK_MS = 5_000;

    /** Reads what the archive got while this client was away (other devices' messages, missed ones). */
    private void catchUp(Runnable then) {
        if (catchUpSince <= 0) {
            catchUpAfterId = null;
            chat.release();
            then.run();
            return;
        }
        String after = catchUpAfterId;
        catchUpAfterId = null;
        if (after != null) {
            readArchiveAfter(after, (ok, count) -> {
                if (!ok) { // the archive no longer has that id: by time, then
                    log("the archive could not be read after the last message seen; catching up by time");
                    catchUp(then);
                    return;
                }
                if (count >= catchUpMax) { // read from the oldest on, and capped: the newest come by time
                    log("more than " + catchUpMax + " stanzas after the last message seen; catching up the newest"
                            + " by time");
                    catchUp(then);
                    return;
                }
                log("caught up from the archive after the last message seen before the lost session: " + count
                        + " stanzas");
                catchUpSince = 0;
                chat.release();
                then.run();
                catchUpGap();
            });
            return;
        }
        long since = archiveTime(catchUpSince);
        catchingUp = true;
        continuity.beginRun();
        int[] count = new int[1];
        long[] oldest = {-1};
        // Only messages with something to show count towards the limit (not receipts, markers, chat states).
        mam.fetchLatestSince(since, catchUpMax, m -> m.child("body", im.parley.stream.Ns.CLIENT) != null,
                (archiveId, message, stamp) -> {
            if (count[0]++ == 0) {
                oldest[0] = stamp; // they come oldest first
            }
            deliverArchived(archiveId, message, stamp);
        }, (ok, capped) -> {
            log(!ok ? "the archive could not be read to catch up" : "caught up from the archive since " + since
                    + (serverOffset == null ? " (device clock)" : "") + ": " + count[0] + " stanzas"
                    + (capped ? ", the newest; older ones since then are left for scrolling back" : ""));
            if (ok) {
                catchUpSince = 0;
            }
            continuity.endRun();
            // What came live meanwhile, less what the archive gave (and, when it gave only the newest, less what the
            // server kept offline from before those).
            chat.release(capped ? oldest[0] : -1);
            catchingUp = false;
            then.run();
            catchUpGap();
        });
    }

    /** After a lost session: resend what the server never acknowledged and the archive does not have. */
    private void reconcile() {
        if (resend.isEmpty()) {
            settling = false;
            flush();
            catchUpGap();
            return;
        }
        // The old session is gone with messages the server never acknowledged. Those it did receive are in
        // the archive: resend only the others, so the peer gets each message once.
        long earliest = Long.MAX_VALUE;
        for (XmlElement m : resend) {
            earliest = Math.min(earliest, sentAt.getOrDefault(m.attr("id"), clock.getAsLong()));
        }
        mam.sentIdsSince(archiveTime(earliest), archived -> {
            if (archived != null) {
                resend.removeIf(m -> {
                    if (!archived.contains(m.attr("id"))) {
                        return false;
                    }
                    onAcked(m); // the server has it: its archive says so
                    return true;
                });
            }
            settling = false;
            flush();
            catchUpGap();
        });
    }

    @Override
    public void onResumed(Jid boundJid) {
        if (!settling) {
            catchUpSince = 0; // resumed: the server delivers what was missed
        } // else a new session's catch-up is still to run, for what an earlier, lost session missed
        attempts = 0;
        setState("online", null);
        if (!settling) {
            flush();
        }
    }

    @Override
    public void onLog(String line) {
        log(line);
    }

    @Override
    public void onResumeFailed(List<XmlElement> unacked) {
        settling = false; // the old start-up's answers will never come; the new session starts its own
        if (chat != null && chat.lastArchiveId() != null) {
            catchUpAfterId = chat.lastArchiveId();
        }
        for (XmlElement s : unacked) {
            // Messages the user wrote or did (they have ids: text, corrections, retractions, reactions). Chat states
            // and markers (no id) are moments that have passed; sending them again would only mislead.
            if ("message".equals(s.name()) && s.attr("id") != null) {
                resend.add(s);
            }
        }
    }

    private void flush() {
        List<XmlElement> again = new ArrayList<>(resend);
        again.addAll(outbox);
        resend.clear();
        outbox.clear();
        for (XmlElement m : again) {
            sendNow(m);
            if (m.attr("id") != null && m.child("body", im.parley.stream.Ns.CLIENT) != null) {
                listener.onMessageState(m.attr("id"), peerOf(m), "sent");
            }
            if (ChatManager.isReadable(m)) { // in the conversation where it goes out, not where it was written
                listener.onLink(peerOf(m), m.attr("id"), continuity.next(peerOf(m), m.attr("id"), false));
            }
        }
    }

    private void sendNow(XmlElement message) {
        if (sm.isEnabled()) {
            sentAt.put(message.attr("id"), clock.getAsLong()); // removed again when the server acknowledges it
        }
        chat.send(message);
    }

    private static String peerOf(XmlElement message) {
        Jid to = Jid.parseOrNull(message.attr("to"));
        return to == null ? "" : to.bare().toString();
    }

    private void onAcked(XmlElement stanza) {
        if ("message".equals(stanza.name()) && stanza.attr("id") != null) {
            sentAt.remove(stanza.attr("id"));
            listener.onMessageState(stanza.attr("id"), peerOf(stanza), "acked");
        }
    }

    @Override
    public void onDisconnected(ConnectionError error) {
        // A SASL exchange that fails for another reason than refused credentials or a downgrade (a garbled or
        // cut exchange) is retried a few times once the account has been online.
        boolean transientAuth = error != null && ConnectionError.AUTH_FAILED.equals(error.code()) && attempts < 3;
        if (everOnline && catchUpSince <= 0) {
            catchUpSince = clock.getAsLong(); // if the session cannot be resumed, catch up from here
        }
        if (error != null && autoReconnect && everOnline && (error.retryable() || transientAuth)
                && !connection.isLoggedOut() && scheduler != null) {
            scheduleReconnect(error);
            return;
        }
        if (credentials != null) {
            credentials.clear();
        }
        if (chat != null) {
            chat.release(); // no catch-up will come: show what arrived
        }
        setState("offline", error);
    }

    private void scheduleReconnect(ConnectionError error) {
        long delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(attempts, 10));
        // Jitter: between half and all of the delay, so that many clients do not come back in step.
        byte[] r = crypto.randomBytes(2);
        delay = delay / 2 + (delay / 2) * (((r[0] & 0xff) << 8 | (r[1] & 0xff)) % 1000) / 1000;
        attempts++;
        setState("reconnecting", new ConnectionError(error.code(), error.detail() + "; reconnecting in "
                + (delay + 999) / 1000 + " s"));
        retryTask = scheduler.schedule(delay, this::reconnectNow);
    }

    private void reconnectNow() {
        retryTask = null;
        if (connection != null && !connection.isLoggedOut() && "reconnecting".equals(state)) {
            connection.reconnect();
        }
    }

    /** The platform says the network is back (the browser's online event): retry at once instead of waiting. */
    public void networkOnline() {
        if (retryTask != null) {
            retryTask.cancel();
            reconnectNow();
        }
    }

    /** The platform says the network is gone: drop the connection now rather than wait for a timeout. */
    public void networkOffline() {
        if (connection != null && connection.isBound()) {
            connection.abort("the network went offline");
        }
    }

    private void setState(String s, ConnectionError error) {
        state = s;
        listener.onState(s, error);
        emit("state", s);
    }

    private void emit(String event, String value) {
        for (java.util.function.BiConsumer<String, String> l : new ArrayList<>(sessionEvents)) {
            try {
                l.accept(event, value);
            } catch (RuntimeException e) {
                log("a plugin's event listener failed: " + e);
            }
        }
    }

    /**
     * Who wrote the messages this client has seen, by id ("peer|true" for this account's, "peer|false" for the
     * peer's): a correction or retraction is applied only by the message's author (XEP-0308 and XEP-0424 say so).
     */
    private final java.util.LinkedHashMap<String, String> authors = new java.util.LinkedHashMap<>();
    static final int AUTHORS_LIMIT = 20_000;

    private void noteAuthor(ChatMessage m) {
        authors.put(m.id(), m.peer() + "|" + m.outgoing());
        if (authors.size() > AUTHORS_LIMIT) {
            java.util.Iterator<String> oldest = authors.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Messages shown from the cache: their corrections and retractions are recognised too. */
    public void knownMessages(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            noteAuthor(m);
        }
    }

    private void edited(String peer, String id, String body, boolean outgoing) {
        String author = authors.get(id);
        if (collecting != null && author != null && author.equals(peer + "|" + outgoing)) {
            for (int i = 0; i < collecting.size(); i++) {
                if (collecting.get(i).id().equals(id)) { // the original is in the same page: edit it there
                    collecting.set(i, body == null ? collecting.get(i).retracted() : collecting.get(i).corrected(body));
                    return;
                }
            }
        }
        if (author == null || !author.equals(peer + "|" + outgoing)) {
            log("refused a " + (body == null ? "retraction" : "correction") + " of message " + id + " by "
                    + (outgoing ? "this account" : peer) + ": it is not theirs, or unknown here");
            return;
        }
        listener.onEdit(peer, id, body, outgoing);
    }

    /** Reactions are applied only to a message this client knows in that conversation (either side's). */
    private void reacted(String peer, String id, boolean fromMe, List<String> reactions) {
        String author = authors.get(id);
        if (author == null || !author.startsWith(peer + "|")) {
            log("ignored reactions from " + (fromMe ? "this account" : peer) + " to message " + id
                    + ", which is not in that conversation, or unknown here");
            return;
        }
        listener.onReactions(peer, id, fromMe, reactions);
    }

    /** Sets the user's reactions to message {@code id} with {@code to} (XEP-0444): the whole set, empty to withdraw. */
    public void react(Jid to, String id, List<String> reactions) {
        String peer = to.bare().toString();
        String author = authors.get(id);
        if (author == null || !author.startsWith(peer + "|")) {
            throw new IllegalArgumentException("that message is not in this conversation");
        }
        if (reactions.size() > im.parley.reactions.Reactions.MAX) {
            throw new IllegalArgumentException("too many reactions");
        }
        for (String r : reactions) {
            if (!im.parley.reactions.Reactions.valid(r)) {
                throw new IllegalArgumentException("a reaction is an emoji");
            }
        }
        requireOnline();
        sendNow(im.parley.reactions.Reactions.message(peer, connection.nextId(), id, reactions));
        listener.onReactions(peer, id, true, reactions);
    }

    /** Corrects the user's own message {@code id} to {@code to} (XEP-0308): the new text replaces it everywhere. */
    public void correct(Jid to, String id, String body) {
        ChatManager.checkBody(body);
        String peer = to.bare().toString();
        if (!(peer + "|true").equals(authors.get(id))) {
            throw new IllegalArgumentException("only your own messages can be corrected");
        }
        requireOnline();
        String newId = connection.nextId();
        XmlElement stanza = XmlElement.builder("message", im.parley.stream.Ns.CLIENT).attr("type", "chat")
                .attr("to", peer).attr("id", newId).textChild("body", body)
                .child(im.parley.correction.Correction.element(id))
                .child(XmlElement.builder("origin-id", ChatManager.SID_NS).attr("id", newId)).build();
        sendNow(stanza);
        listener.onEdit(peer, id, body, true);
    }

    /** Retracts the user's own message {@code id} to {@code to} (XEP-0424): it is deleted for everyone. */
    public void retract(Jid to, String id) {
        String peer = to.bare().toString();
        if (!(peer + "|true").equals(authors.get(id))) {
            throw new IllegalArgumentException("only your own messages can be deleted");
        }
        requireOnline();
        String newId = connection.nextId();
        XmlElement.Builder b = XmlElement.builder("message", im.parley.stream.Ns.CLIENT).attr("type", "chat")
                .attr("to", peer).attr("id", newId)
                .textChild("body", im.parley.retraction.Retraction.FALLBACK_BODY);
        for (XmlElement.Builder e : im.parley.retraction.Retraction.elements(id)) {
            b.child(e);
        }
        b.child(XmlElement.builder("origin-id", ChatManager.SID_NS).attr("id", newId));
        sendNow(b.build());
        listener.onEdit(peer, id, null, true);
    }

    /** The answer to {@link #history}. */
    public interface HistoryPage {
        /**
         * @param messages the page's messages not shown in this session yet, oldest first
         * @param complete whether nothing older is left
         * @param first    the archive id of the page's first result (the cursor for the page before it)
         * @param readable the ids of all of the page's messages a reader sees, shown before or not, oldest first:
         *                 consecutive messages of the conversation
         */
        void page(boolean ok, List<ChatMessage> messages, boolean complete, String first, List<String> readable);
    }

    /** Messages of a history page being read: corrections and retractions in it apply to them. */
    private List<ChatMessage> collecting;

    /**
     * Reads from the own archive (XEP-0313) a page of {@code max} messages with {@code with}: before the archive id
     * {@code beforeId} (from the previous page), or the latest up to {@code endMillis} (0: now). Scrolling back in
     * a conversation; messages already seen are left out.
     */
    public void history(Jid with, long endMillis, String beforeId, int max, HistoryPage done) {
        requireOnline();
        List<ChatMessage> page = new ArrayList<>();
        List<String> readable = new ArrayList<>();
        mam.history(with.bare(), endMillis, beforeId, max, (archiveId, message, stamp) -> {
            String[] place = chat.readable(archiveId, message);
            if (place != null && place[1] != null && place[0].equals(with.bare().toString())) {
                readable.add(place[1]);
            }
            collecting = page;
            try {
                ChatMessage m = chat.archivedPage(archiveId, message, stamp);
                if (m != null) {
                    noteAuthor(m);
                    page.add(m);
                }
            } finally {
                collecting = null;
            }
        }, (ok, complete, first) -> done.page(ok, page, complete, first, readable));
    }

    private void received(ChatMessage m) {
        noteAuthor(m);
        listener.onMessage(m);
        if (!sessionEvents.isEmpty()) {
            java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
            event.put("id", m.id());
            event.put("peer", m.peer());
            event.put("body", m.body());
            event.put("outgoing", m.outgoing());
            emit("message", im.parley.json.Json.write(event));
        }
    }

    private void log(String line) {
        listener.onLog(line);
    }

    /** The names of the client's own features, which it registers as plugins at each login. */
    public static final List<String> FEATURES = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            "policy", "mam", "roster", "receipts", "markers", "chatstates", "avatars", "presence", "subscriptions", "register", "chat",
            "carbons", "corrections", "reactions", "ping", "disco", "blocking"));

    /** What this client understands, as service discovery (XEP-0030) and entity capabilities (XEP-0115) say. */
    public static final List<String> DISCO_FEATURES = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            "urn:xmpp:receipts", "http://jabber.org/protocol/chatstates", "urn:xmpp:message-correct:0",
            "urn:xmpp:message-retract:1", "urn:xmpp:styling:0", "urn:xmpp:ping", "urn:xmpp:chat-markers:0",
            "urn:xmpp:reactions:0", im.parley.useravatar.UserAvatarManager.NOTIFY));

    /**
     * The third-party plugins initialized, after the client's own features, at each login, with the settings they
     * may read and each one's storage.
     */
    public void usePlugins(List<Plugin> registered, java.util.function.Function<String, String> settingValues,
            java.util.function.Function<String, PluginStorage> storageOf) {
        this.plugins = new ArrayList<>(registered);
        this.settings = settingValues;
        this.storages = storageOf;
    }

    /** Converse's allow_adhoc_commands and allow_muc_invitations, enforced on what plugins send and what arrives. */
    public void setStanzaPolicy(StanzaPolicy policy) {
        this.policy = policy;
    }

    /** One plugin's view of the current session: the private API. */
    private final class Session implements PluginContext {
        private final String name;
        private final XmppConnection conn = connection;

        Session(String name) {
            this.name = name;
        }

        @Override
        public String pluginName() {
            return name;
        }

        @Override
        public Jid self() {
            return conn.isBound() ? conn.boundJid() : null;
        }

        private void check(XmlElement stanza) {
            String why = policy.outbound(stanza);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
            if (conn != connection || !conn.isBound() || !"online".equals(state)) {
                throw new IllegalStateException("not connected");
            }
        }

        @Override
        public void send(XmlElement stanza) {
            check(stanza);
            conn.send(stanza);
        }

        @Override
        public void sendIq(XmlElement iq, java.util.function.Consumer<XmlElement> answer) {
            check(iq);
            XmlElement.Builder b = XmlElement.builder("iq", iq.namespace());
            for (im.parley.xml.XmlAttribute a : iq.attributes()) {
                if (!"id".equals(a.name()) || (a.namespace() != null && !a.namespace().isEmpty())) {
                    b.attr(a);
                }
            }
            for (XmlElement c : iq.children()) {
                b.child(c);
            }
            if (!"get".equals(iq.attr("type")) && !"set".equals(iq.attr("type"))) {
                throw new IllegalArgumentException("sendIq sends a get or a set; send answers with send");
            }
            conn.sendIq(b, iq.attr("to"), answer);
        }

        @Override
        public void addHandler(StanzaHandler handler) {
            conn.addHandler(handler);
        }

        @Override
        public String setting(String settingName) {
            return settings.apply(settingName);
        }

        @Override
        public void onEvent(java.util.function.BiConsumer<String, String> l) {
            sessionEvents.add(l);
        }

        @Override
        public PluginStorage storage() {
            return storages.apply(name);
        }

        @Override
        public XmppConnection connection() {
            return conn;
        }
    }

    /**
     * Sends a chat message, or keeps it in the outbox while the connection is down (reconnecting) or while older
     * messages still wait to go out, so that the order is kept. Returns it as
     * shown in the conversation; its delivery state follows as {@link ClientListener#onMessageState} events.
     */
    public ChatMessage send(Jid to, String body) {
        return send(to, body, null);
    }

    /** Sends a chat message; {@code spoiler} non-null marks it as a spoiler (XEP-0382) with that hint. */
    public ChatMessage send(Jid to, String body, String spoiler) {
        return send(to, body, spoiler, null);
    }

    /**
     * Shares a link to a file (uploaded with {@link #requestUploadSlot}): the URL as the body and in an out-of-band
     * element (XEP-0066), so that clients show the file.
     */
    public ChatMessage sendLink(Jid to, String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2000) {
            throw new IllegalArgumentException("a shared link is an http(s) URL");
        }
        return send(to, url, null, url);
    }

    private ChatMessage send(Jid to, String body, String spoiler, String oob) {
        if (connection == null || connection.isLoggedOut() || "offline".equals(state)) {
            throw new IllegalStateException("not connected");
        }
        ChatManager.checkBody(body);
        String id = connection.nextId();
        if (spoiler != null && spoiler.length() > 200) {
            throw new IllegalArgumentException("a spoiler hint is at most 200 characters");
        }
        XmlElement stanza = ChatManager.stanza(to, id, body, spoiler, oob);
        ChatMessage message = new ChatMessage(id, to.bare().toString(), body, true, clock.getAsLong())
                .withExtras(spoiler, oob);
        noteAuthor(message);
        if (connection.isBound() && "online".equals(state) && outbox.isEmpty() && resend.isEmpty()) {
            sendNow(stanza);
            message = continuity.live(message.withState("sent"));
        } else {
            outbox.add(stanza);
            message = message.withState("pending");
            continuity.breakAt(message.peer()); // linked when it goes out
        }
        return message;
    }

    /** Converse's allow_contact_requests: whether requests of others to see the user's presence are shown. */
    public void setAllowContactRequests(boolean allow) {
        this.allowContactRequests = allow;
    }

    /** Whether the session is up (requests to the server can be made). */
    public boolean isOnline() {
        return connection != null && "online".equals(state);
    }

    private void requireOnline() {
        if (!isOnline()) {
            throw new IllegalStateException("not connected");
        }
    }

    /**
     * Adds a contact (or renames one) and asks to see their presence; {@code done} gets null, or why the server
     * refused.
     */
    public void addContact(Jid jid, String name, java.util.function.Consumer<String> done) {
        requireOnline();
        if (jid.local() == null || jid.bare().equals(connection.boundJid().bare())) {
            throw new IllegalArgumentException("a contact's address looks like user@example.org and is not your own");
        }
        roster.put(jid.bare(), name, err -> {
            RosterItem item = roster.get(jid);
            if (err == null && (item == null || (!"to".equals(item.subscription()) && !"both".equals(item.subscription())
                    && !item.askSubscribe()))) {
                subscriptions.request(jid.bare());
            }
            done.accept(err);
        });
    }

    /**
     * Renames a contact and sets their groups (RFC 6121 2.3; an empty name removes it); {@code done} gets null, or
     * why the server refused. The subscription is left as it is; the roster changes by the server's push.
     */
    public void updateContact(Jid jid, String name, List<String> groups, java.util.function.Consumer<String> done) {
        requireOnline();
        if (!roster.contains(jid)) {
            throw new IllegalArgumentException(jid.bare() + " is not one of your contacts");
        }
        roster.update(jid.bare(), name, groups, done);
    }

    /** Removes a contact from the roster, which ends the subscriptions both ways. */
    public void removeContact(Jid jid, java.util.function.Consumer<String> done) {
        requireOnline();
        roster.remove(jid.bare(), done);
    }

    /**
     * Changes the account's password on the server (XEP-0077); once it is changed, reconnects use the new one.
     * {@code done} gets null, or why the server refused.
     */
    public void changePassword(String newPassword, java.util.function.Consumer<String> done) {
        requireOnline();
        account.changePassword(newPassword, err -> {
            if (err == null) {
                credentials.passwordChanged(newPassword);
            }
            done.accept(err);
        });
    }

    /**
     * Blocks or unblocks a JID (XEP-0191): the server then stops (or resumes) delivering its messages and presence,
     * and shows this account to it as offline. {@code done} gets null, or why the server refused.
     */
    public void setBlocked(Jid jid, boolean block, java.util.function.Consumer<String> done) {
        requireOnline();
        if (!blocking.isSupported()) {
            throw new IllegalStateException("this server does not support blocking (XEP-0191)");
        }
        blocking.set(jid, block, done);
    }

    /** Approves a contact request (and asks for the contact's presence in return). */
    public void approve(Jid jid) {
        requireOnline();
        subscriptions.approve(jid.bare());
    }

    /** Denies a contact request. */
    public void deny(Jid jid) {
        requireOnline();
        subscriptions.deny(jid.bare());
    }

    /** Messages left pending by an earlier page are sent if they are younger than this; older ones are not. */
    public static final long OUTBOX_MAX_AGE_MS = 24 * 3600_000L;

    /**
     * Messages that were still in the outbox when the last page closed (from the cache): they go out, in order and
     * with their ids, once the session is up, like anything written while offline. Call before the session starts.
     */
    public void queueFromLastSession(List<ChatMessage> pending) {
        for (ChatMessage m : pending) {
            Jid to = Jid.parseOrNull(m.peer());
            if (to != null && m.outgoing()) {
                outbox.add(ChatManager.stanza(to, m.id(), m.body(), m.spoiler()));
            }
        }
    }

    /** The page became visible (true) or hidden (false): XEP-0352 client state. */
    public void setActive(boolean active) {
        if (connection != null) {
            connection.setActive(active);
        }
    }

    /** Tells a contact whether the user is typing (XEP-0085); dropped while the connection is down. */
    public void setChatState(Jid to, String state) {
        if (connection != null && "online".equals(this.state)) {
            chatStates.send(to, state);
        }
    }

    /** Closes the session cleanly and forgets the credentials. */
    public void logout() {
        if (retryTask != null) {
            retryTask.cancel();
            retryTask = null;
        }
        outbox.clear();
        resend.clear();
        sentAt.clear();
        if (connection != null) {
            connection.disconnect();
        }
        if ("reconnecting".equals(state)) {
            onDisconnected(null);
        }
    }
}
