package im.parley.store;

import im.parley.chat.ChatMessage;
import im.parley.json.Json;
import im.parley.roster.RosterItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One account's cache: its roster, conversations and messages, sealed with the account's data key.
 *
 * <p>Layout. Every record key starts with the account's 16-byte <em>prefix</em>, an HMAC of the bare JID under a
 * random lookup key of this origin (so the accounts of a browser are told apart without naming them). The rest of
 * the key is an HMAC under the account's index key: of the record's name for the roster and of the contact's JID
 * for conversation records; of the peer's JID followed by a big-endian page number for messages, which are stored
 * in pages of {@link #PAGE} (so one range query reads a conversation in order, a page per Web Crypto call). Values are a format byte, then AES-GCM (fresh IV) of the record's JSON, with the format byte, the
 * store's name and the record key as additional data: a value moved to another key or store does not open.
 *
 * <p>The account record (store {@code accounts}, under the prefix) holds what is needed to unwrap the master
 * secret and nothing else: key source, PBKDF2 salt and iterations, the wrapped secret.
 *
 * <p>Operations run one after the other in the order they were called, so a later write of a record always wins.
 * Records that fail their integrity check are deleted (the server has them) and reported once.
 */
public final class AccountCache {
    public static final String PASSWORD = "password";
    public static final String PASSPHRASE = "passphrase";
    public static final String DEVICE = "device";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
    public static final int PBKDF2_ITERATIONS = 600_000;
    /** How many messages of one conversation a warm start shows. */
    public static final int WARM_MESSAGES = 50;

    static final int PREFIX_BYTES = 16;
    static final int TAG_BYTES = 16;
    private static final byte FORMAT = 1;
    private static final String LOOKUP_KEY = "lookup";
    /** The name of the device key (cache_key 'device', and {@link SavedLogin}'s seal) in {@link StoreBackend#KEYS}. */
    static final String DEVICE_KEY = "device";

    /** Things the user should know about the cache; each code is reported at most once per session. */
    public interface Notices {
        /**
         * @param code integrity (records dropped), quota (history evicted), reset (cache started afresh), blocked
         *             or versionchange (another tab), unavailable (storage cannot be used)
         * @param text English, with {0}, {1}... standing for {@code args}; the UI translates it (it is the key of
         *             the UI's catalogs)
         */
        void notice(String code, String text, Object... args);
    }

    private final StoreBackend backend;
    private final CacheCrypto crypto;
    private final Notices notices;
    private final byte[] prefix;
    private final String mode;
    private final int iterations;
    private final IntFunction<byte[]> random;
    private byte[] salt;
    private CacheCrypto.Master master;
    /** The wrapping key in use (a non-extractable handle), kept to re-wrap on a password change. */
    private CacheCrypto.Key wrapKey;
    /** Password mode, cache unreadable: the new password's wrapping key, used once the server accepts it. */
    private CacheCrypto.Key pendingWrap;
    private final java.util.Set<String> reported = new java.util.HashSet<>();
    private final Map<String, byte[]> tags = new HashMap<>();
    /**
     * peer -> {@link #LAST}, {@link #NEXT}, {@link #FRONT}, {@link #FIRST}. A conversation's messages are numbered
     * so that the order of their keys is the order of time: new ones get {@link #NEXT} (counting up from {@link
     * #BASE}), ones older than every cached one (scrolling back into the archive) get {@link #FRONT} (counting down
     * from {@link #BASE} - 1). The last pages of a conversation are then its newest messages, and its first pages,
     * which a full quota evicts, its oldest. Conversations cached before this layout count up from 0 and have no
     * front (-1) until an eviction frees one.
     */
    private final Map<String, long[]> conversations = new HashMap<>();
    /** The newest message's time (epoch ms). */
    private static final int LAST = 0;
    /** The sequence number of the next newer message. */
    private static final int NEXT = 1;
    /** The sequence number of the next message older than every cached one, -1 if there is no room below. */
    private static final int FRONT = 2;
    /** The oldest cached message's time (epoch ms), 0 if not known. */
    private static final int FIRST = 3;
    /** Where a new conversation's sequence numbers start (2^40 messages of room on either side). */
    static final long BASE = 1L << 40;
    /** Conversations whose last pages were read into {@link #byId} in this session (so nothing is cached twice). */
    private final java.util.Set<String> tailKnown = new java.util.HashSet<>();
    /** Recently written or read messages by id, to update their state. */
    private final Map<String, Object[]> byId = new LinkedHashMap<String, Object[]>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object[]> eldest) {
            return size() > 5000;
        }
    };
    private final List<Op> queue = new ArrayList<>();
    private boolean running;
    private boolean closed;

    /** One queued operation; it calls {@code next} exactly once when it is finished. */
    private interface Op {
        void run(Runnable next);
    }

    private AccountCache(StoreBackend backend, CacheCrypto crypto, Notices notices, byte[] prefix, String mode,
            int iterations, byte[] salt, IntFunction<byte[]> random) {
        this.random = random;
        this.backend = backend;
        this.crypto = crypto;
        this.notices = notices;
        this.prefix = prefix;
        this.mode = mode;
        this.iterations = iterations;
        this.salt = salt;
    }

    // ---- opening -------------------------------------------------------------------------------------------

    /**
     * Opens the cache of {@code bareJid}, creating it if there is none. {@code secret} is the password or the
     * passphrase (ignored for {@link #DEVICE}). Fails with code "unavailable" if storage cannot be used and with
     * code "passphrase" if the passphrase does not open an existing cache. With {@link #PASSWORD}, a cache that
     * the password does not open (the password was changed elsewhere) is kept locked until {@link #accepted()}
     * says the server took the password; it is then replaced.
     */
    public static void open(StoreBackend backend, CacheCrypto crypto, IntFunction<byte[]> random, String bareJid,
            String mode, String secret, int iterations, Notices notices, Callback<AccountCache> done) {
        if (!PASSWORD.equals(mode) && !PASSPHRASE.equals(mode) && !DEVICE.equals(mode)) {
            done.done(null, "cache_key must be password, passphrase or device, not " + mode);
            return;
        }
        if (!DEVICE.equals(mode) && (secret == null || secret.isEmpty())) {
            done.done(null, (PASSPHRASE.equals(mode) ? "passphrase" : "password") + ": no " + mode + " given");
            return;
        }
        findAccount(backend, crypto, bareJid, notices, done, (prefix, record) -> openAccount(backend, crypto, random,
                prefix, record, mode, secret, iterations, notices, done));
    }

    /**
     * Opens the cache of a saved login ({@link SavedLogin#load loaded}) without its password: a cache that the
     * password protects opens with the copy of its master secret wrapped under the device key; a device-key cache
     * opens as usual. Fails with code "saved" if the copy does not open this account's cache (it was replaced since).
     */
    public static void openSaved(StoreBackend backend, CacheCrypto crypto, IntFunction<byte[]> random,
            SavedLogin saved, int iterations, Notices notices, Callback<AccountCache> done) {
        if (DEVICE.equals(saved.cacheMode())) {
            open(backend, crypto, random, saved.jid(), DEVICE, null, iterations, notices, done);
        } else if (PASSWORD.equals(saved.cacheMode()) && saved.cacheWrapped() != null && saved.key() != null) {
            findAccount(backend, crypto, saved.jid(), notices, done, (prefix, record) -> openWithCopy(backend, crypto,
                    random, prefix, record, saved, notices, done));
        } else {
            done.done(null, "saved: the saved login has no key to this account's cache");
        }
    }

    /** Where an account's records are: their prefix, and its account record (null if there is none). */
    private interface Found {
        void found(byte[] prefix, byte[] record);
    }

    /** Opens the database and finds the account of {@code bareJid}; storage errors go to {@code failed}. */
    private static void findAccount(StoreBackend backend, CacheCrypto crypto, String bareJid, Notices notices,
            Callback<AccountCache> failed, Found found) {
        backend.open(events(notices), (v, err) -> {
            if (err != null) {
                failed.done(null, err);
                return;
            }
            stored(backend, crypto, LOOKUP_KEY, crypto::newLookupKey, (lookup, err2) -> {
                if (err2 != null) {
                    failed.done(null, "unavailable: " + err2);
                    return;
                }
                crypto.hmac(lookup, utf8("parley account v1\u0000" + bareJid), (mac, err3) -> {
                    if (err3 != null) {
                        failed.done(null, "unavailable: " + err3);
                        return;
                    }
                    byte[] prefix = slice(mac, 0, PREFIX_BYTES);
                    backend.get(StoreBackend.ACCOUNTS, prefix, (record, err4) -> {
                        if (err4 != null) {
                            failed.done(null, "unavailable: " + err4);
                            return;
                        }
                        found.found(prefix, record);
                    });
                });
            });
        });
    }

    /** The account record's fields, or null if there is none or it does not parse. */
    private static Map<String, Object> accountOf(byte[] record) {
        try {
            return record == null ? null : Json.parseObject(new String(record, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the database tells about other tabs, as notices. */
    static StoreBackend.Events events(Notices notices) {
        return new StoreBackend.Events() {
            @Override
            public void versionChange() {
                notices.notice("versionchange", "Parley was updated in another tab; reload this page to keep caching.");
            }

            @Override
            public void blocked() {
                notices.notice("blocked", "Another Parley tab uses an older version of the cache; close it to finish the upgrade.");
            }
        };
    }

    static void stored(StoreBackend backend, CacheCrypto crypto, String name,
            java.util.function.Consumer<Callback<CacheCrypto.Key>> create, Callback<CacheCrypto.Key> done) {
        backend.getKey(name, (key, err) -> {
            if (err != null || key != null) {
                done.done(key, err);
                return;
            }
            create.accept((fresh, err2) -> {
                if (err2 != null) {
                    done.done(null, err2);
                    return;
                }
                backend.putKey(name, fresh, (v, err3) -> done.done(err3 == null ? fresh : null, err3));
            });
        });
    }

    private static void openAccount(StoreBackend backend, CacheCrypto crypto, IntFunction<byte[]> random,
            byte[] prefix, byte[] record, String mode, String secret, int iterations, Notices notices,
            Callback<AccountCache> done) {
        Map<String, Object> account = accountOf(record); // unreadable: start afresh
        boolean usable = account != null && mode.equals(account.get("mode")) && account.get("wrapped") instanceof String
                && (DEVICE.equals(mode) || account.get("salt") instanceof String && account.get("iterations")
                instanceof Number);
        byte[] salt = usable && !DEVICE.equals(mode) ? im.parley.util.Base64.decode((String) account.get("salt"))
                : random.apply(16);
        int iter = usable && !DEVICE.equals(mode) ? ((Number) account.get("iterations")).intValue() : iterations;
        AccountCache cache = new AccountCache(backend, crypto, notices, prefix, mode, iter, salt, random);
        byte[] wrapped = usable ? im.parley.util.Base64.decode((String) account.get("wrapped")) : null;
        boolean hadCache = record != null;
        cache.wrappingKey(secret, (wrapKey, err) -> {
            if (err != null) {
                done.done(null, "unavailable: " + err);
                return;
            }
            if (wrapped == null) {
                Runnable create = () -> cache.create(wrapKey, (v, err2) -> {
                    if (err2 != null) {
                        done.done(null, err2);
                        return;
                    }
                    if (hadCache) {
                        cache.notice("reset", "The cache on this device was made with another cache_key setting or is damaged; it was discarded and is rebuilt from the server.");
                    }
                    done.done(cache, null);
                });
                if (hadCache) {
                    cache.shred((v, e) -> create.run());
                } else {
                    create.run();
                }
                return;
            }
            crypto.openMaster(wrapKey, wrapped, cache.accountAad(), (master, err2) -> {
                if (err2 == null) {
                    cache.master = master;
                    cache.wrapKey = wrapKey;
                    cache.recordWrapped = im.parley.util.Base64.encode(wrapped);
                    cache.loadConversations(done);
                } else if (PASSPHRASE.equals(mode)) {
                    done.done(null, "passphrase: the cache passphrase is wrong (the cache on this device is kept; enter the passphrase it was made with)");
                } else if (PASSWORD.equals(mode)) {
                    cache.pendingWrap = wrapKey; // locked until the server accepts this password
                    done.done(cache, null);
                } else {
                    cache.shred((v, e) -> cache.create(wrapKey, (v2, err3) -> {
                        if (err3 == null) {
                            cache.notice("reset", "The cache on this device could not be opened (its device key is gone or it is damaged); it was discarded and is rebuilt from the server.");
                        }
                        done.done(err3 == null ? cache : null, err3);
                    }));
                }
            });
        });
    }

    /**
     * A password-mode cache opened by the device key's copy of its master secret: the account record must still
     * be the one the copy was made from (its salt and iterations stay for a later password change, which re-wraps
     * from the copy).
     */
    private static void openWithCopy(StoreBackend backend, CacheCrypto crypto, IntFunction<byte[]> random,
            byte[] prefix, byte[] record, SavedLogin saved, Notices notices, Callback<AccountCache> done) {
        Map<String, Object> account = accountOf(record);
        if (account == null || !PASSWORD.equals(account.get("mode")) || !(account.get("salt") instanceof String)
                || !(account.get("iterations") instanceof Number)) {
            done.done(null, "saved: this device has no cache of the account any more");
            return;
        }
        if (!account.get("wrapped").equals(saved.cacheRecord())) {
            done.done(null, "saved: the cache on this device was replaced since the login was saved");
            return;
        }
        AccountCache cache = new AccountCache(backend, crypto, notices, prefix, PASSWORD,
                ((Number) account.get("iterations")).intValue(),
                im.parley.util.Base64.decode((String) account.get("salt")), random);
        byte[] copy = saved.cacheWrapped();
        crypto.openMaster(saved.key(), copy, cache.accountAad(), (master, err) -> {
            if (err != null) {
                done.done(null, "saved: the cache on this device was replaced since the login was saved");
                return;
            }
            cache.master = new CacheCrypto.Master(master.dataKey(), master.indexKey(), copy);
            cache.wrapKey = saved.key();
            cache.recordWrapped = saved.cacheRecord();
            cache.loadConversations(done);
        });
    }

    /**
     * The master secret wrapped under another key ({@link SavedLogin}'s device key), with this account's additional
     * data; null for a cache that the device key opens anyway. Waits until the cache is open.
     */
    void wrapUnder(CacheCrypto.Key key, Callback<byte[]> done) {
        if (DEVICE.equals(mode)) {
            done.done(null, null);
            return;
        }
        enqueue(next -> crypto.rewrap(wrapKey, key, master.wrapped(), accountAad(), (wrapped, err) -> {
            done.done(wrapped, err);
            next.run();
        }));
    }

    /** The cache_key mode of this cache. */
    public String mode() {
        return mode;
    }

    private void wrappingKey(String secret, Callback<CacheCrypto.Key> done) {
        if (DEVICE.equals(mode)) {
            stored(backend, crypto, DEVICE_KEY, crypto::newWrappingKey, done);
        } else {
            crypto.deriveWrappingKey(secret, salt, iterations, done);
        }
    }

    private byte[] accountAad() {
        return concat(utf8("parley master v1\u0000" + mode + "\u0000"), prefix);
    }

    private void create(CacheCrypto.Key wrapKey, Callback<Void> done) {
        crypto.createMaster(wrapKey, accountAad(), (master, err) -> {
            if (err != null) {
                done.done(null, "unavailable: " + err);
                return;
            }
            List<byte[][]> entries = new ArrayList<>();
            entries.add(new byte[][] {prefix, accountRecord(salt, master.wrapped())});
            backend.put(StoreBackend.ACCOUNTS, entries, (v, err2) -> {
                if (err2 == null) {
                    this.master = master;
                    this.wrapKey = wrapKey;
                }
                done.done(null, err2);
            });
        });
    }

    /** Whether a password or passphrase protects the cache (not the device key). */
    public boolean protectedBySecret() {
        return !DEVICE.equals(mode);
    }

    /** Whether the cache is open; false while a password-mode cache waits for {@link #accepted()}. */
    public boolean isOpen() {
        return master != null;
    }

    /**
     * The server accepted the password. A cache that the password did not open is discarded and a new one is
     * created under it; operations queued meanwhile then run.
     */
    public void accepted() {
        if (pendingWrap == null) {
            return;
        }
        CacheCrypto.Key wrapKey = pendingWrap;
        pendingWrap = null;
        shred((v, e) -> create(wrapKey, (v2, err) -> {
            if (err != null) {
                notice("unavailable", "The cache could not be recreated: {0}", err);
                return;
            }
            notice("reset", "Your password was changed since this device cached the account, so the old cache could not be opened; it was discarded and is rebuilt from the server.");
            pump();
        }));
    }

    /**
     * Re-wraps the master secret under a new password or passphrase with a fresh salt; the records stay as they
     * are. Used when the user changes the account password.
     */
    public void changeSecret(String newSecret, Callback<Void> done) {
        if (DEVICE.equals(mode) || newSecret == null || newSecret.isEmpty()) {
            done.done(null, "the cache is not protected by a password or passphrase");
            return;
        }
        enqueue(next -> {
            byte[] newSalt = random.apply(16);
            crypto.deriveWrappingKey(newSecret, newSalt, iterations, (newKey, err) -> {
                if (err != null) {
                    done.done(null, err);
                    next.run();
                    return;
                }
                crypto.rewrap(wrapKey, newKey, master.wrapped(), accountAad(), (wrapped, err2) -> {
                    if (err2 != null) {
                        done.done(null, err2);
                        next.run();
                        return;
                    }
                    List<byte[][]> entries = new ArrayList<>();
                    entries.add(new byte[][] {prefix, accountRecord(newSalt, wrapped)});
                    backend.put(StoreBackend.ACCOUNTS, entries, (v, err3) -> {
                        if (err3 == null) {
                            salt = newSalt;
                            wrapKey = newKey;
                            master = new CacheCrypto.Master(master.dataKey(), master.indexKey(), wrapped);
                        }
                        done.done(null, err3);
                        next.run();
                    });
                });
            });
        });
    }

    /**
     * The wrapped master secret as the account record holds it now: a saved login's second copy is only good for
     * the cache whose record this was (a cache replaced since has another master secret).
     */
    private String recordWrapped;

    String recordWrapped() {
        return recordWrapped;
    }

    private byte[] accountRecord(byte[] salt, byte[] wrapped) {
        recordWrapped = im.parley.util.Base64.encode(wrapped);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("v", 1);
        account.put("mode", mode);
        if (!DEVICE.equals(mode)) {
            account.put("salt", im.parley.util.Base64.encode(salt));
            account.put("iterations", iterations);
        }
        account.put("wrapped", im.parley.util.Base64.encode(wrapped));
        return utf8(Json.write(account));
    }

    // ---- queue ---------------------------------------------------------------------------------------------

    private void enqueue(Op op) {
        if (closed) {
            return;
        }
        queue.add(op);
        pump();
    }

    private void pump() {
        if (running || master == null || queue.isEmpty() || closed) {
            return;
        }
        running = true;
        Op op = queue.remove(0);
        boolean[] finished = {false};
        op.run(() -> {
            if (finished[0]) {
                return;
            }
            finished[0] = true;
            running = false;
            pump();
        });
    }

    /** Runs {@code r} after every operation called before it has finished. */
    public void then(Runnable r) {
        enqueue(next -> {
            r.run();
            next.run();
        });
    }

    private void notice(String code, String text, Object... args) {
        if (reported.add(code)) {
            notices.notice(code, text, args);
        }
    }

    // ---- keys and sealing ----------------------------------------------------------------------------------

    private void tag(String store, String name, Callback<byte[]> done) {
        String id = store + "\u0000" + name;
        byte[] known = tags.get(id);
        if (known != null) {
            done.done(known, null);
            return;
        }
        crypto.hmac(master.indexKey(), utf8(id), (mac, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            byte[] t = slice(mac, 0, TAG_BYTES);
            if (tags.size() > 20000) {
                tags.clear();
            }
            tags.put(id, t);
            done.done(t, null);
        });
    }

    /** Record key of a named record: prefix, then the tag of the name. */
    private void recordKey(String store, String name, Callback<byte[]> done) {
        tag(store, name, (t, err) -> done.done(err == null ? concat(prefix, t) : null, err));
    }

    private static byte[] aad(String store, byte[] key) {
        return concat(concat(new byte[] {FORMAT}, utf8(store + "\u0000")), key);
    }

    private void seal(String store, byte[] key, String json, Callback<byte[]> done) {
        crypto.sealText(master.dataKey(), aad(store, key), json,
                (sealed, err) -> done.done(err == null ? concat(new byte[] {FORMAT}, sealed) : null, err));
    }

    /** Opens a record; a record that fails is deleted and reported, and the callback gets null. */
    private void unseal(String store, byte[] key, byte[] value, Callback<Map<String, Object>> done) {
        if (value == null || value.length < 1 || value[0] != FORMAT) {
            dropDamaged(store, key);
            done.done(null, null);
            return;
        }
        crypto.openText(master.dataKey(), aad(store, key), slice(value, 1, value.length), (plain, err) -> {
            Map<String, Object> record = null;
            if (err == null) {
                try {
                    record = Json.parseObject(plain);
                } catch (IllegalArgumentException e) {
                    record = null;
                }
            }
            if (record == null) {
                dropDamaged(store, key);
            }
            done.done(record, null);
        });
    }

    private void dropDamaged(String store, byte[] key) {
        backend.delete(store, key, (v, err) -> { });
        notice("integrity", "Some cached data on this device failed its integrity check (it was changed or damaged) and was discarded; it comes again from the server.");
    }

    /**
     * Writes, and on a full quota evicts the oldest cached history once and tries again; {@link #lastWriteError}
     * says how it went.
     */
    private void write(String store, List<byte[][]> entries, Runnable next) {
        backend.put(store, entries, (v, err) -> {
            lastWriteError = err;
            if (!"quota".equals(Callback.code(err))) {
                next.run();
                return;
            }
            evictOldest(() -> backend.put(store, entries, (v2, err2) -> {
                lastWriteError = err2;
                if (err2 != null) {
                    notice("quota-full", "The storage of this device is full; new messages are not cached.");
                }
                next.run();
            }));
        });
    }

    private String lastWriteError;
    /** The roster as last read or written, and its version (RFC 6121 2.6), null if unknown. */
    private String rosterVersion;
    private static final String ROSTER = "roster";

    /**
     * The version of the cached roster, or null if there is none (then the server sends the whole roster). Call
     * after {@link #roster}, which reads it.
     */
    public void rosterVersion(Callback<String> done) {
        enqueue(next -> {
            done.done(rosterVersion, null);
            next.run();
        });
    }

    private static final String UI_STATE = "ui";

    /**
     * Stores the UI's state (settings store): which chat is open, so that a warm start opens it again. Only the
     * latest state is written.
     */
    public void saveUiState(String openChat) {
        if (closed) {
            return;
        }
        pendingUi = openChat == null ? "" : openChat;
        if (uiQueued) {
            return;
        }
        uiQueued = true;
        enqueue(next -> {
            uiQueued = false;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("open", pendingUi.isEmpty() ? null : pendingUi);
            Map<String, String> json = Collections.singletonMap(UI_STATE, Json.write(record));
            sealAll(StoreBackend.SETTINGS, Collections.singletonList(UI_STATE), json,
                    entries -> writeIfAny(StoreBackend.SETTINGS, entries, next));
        });
    }

    private String pendingUi;
    private boolean uiQueued;

    /** The chat that was open when the UI state was last stored, or null. */
    public void openChat(Callback<String> done) {
        named(UI_STATE, (r, err) -> done.done(r != null && r.get("open") instanceof String ? (String) r.get("open")
                : null, err));
    }

    /** Reads a named record of the settings store (null if there is none or it was damaged). */
    private void named(String name, Callback<Map<String, Object>> done) {
        enqueue(next -> recordKey(StoreBackend.SETTINGS, name, (key, err) -> {
            if (err != null) {
                done.done(null, err);
                next.run();
                return;
            }
            backend.get(StoreBackend.SETTINGS, key, (value, err2) -> {
                if (value == null) {
                    done.done(null, err2);
                    next.run();
                    return;
                }
                unseal(StoreBackend.SETTINGS, key, value, (r, err3) -> {
                    done.done(r, null);
                    next.run();
                });
            });
        }));
    }

    private static String pluginRecord(String plugin, String key) {
        return "plugin\u0000" + plugin + "\u0000" + key;
    }

    /** A plugin's stored value (its own namespace of the settings store, sealed like every record), or null. */
    public void pluginGet(String plugin, String key, Callback<String> done) {
        named(pluginRecord(plugin, key), (r, err) -> done.done(r != null && r.get("v") instanceof String
                ? (String) r.get("v") : null, err));
    }

    /** Stores a plugin's value; null deletes it. */
    public void pluginSet(String plugin, String key, String value, Callback<Void> done) {
        if (closed) {
            done.done(null, "the cache is closed");
            return;
        }
        String name = pluginRecord(plugin, key);
        enqueue(next -> {
            if (value == null) {
                recordKey(StoreBackend.SETTINGS, name, (k, err) -> {
                    if (err != null) {
                        done.done(null, err);
                        next.run();
                        return;
                    }
                    backend.delete(StoreBackend.SETTINGS, k, (v, err2) -> {
                        done.done(null, err2);
                        next.run();
                    });
                });
                return;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("v", value);
            sealAll(StoreBackend.SETTINGS, Collections.singletonList(name),
                    Collections.singletonMap(name, Json.write(record)), entries -> {
                        if (entries.isEmpty()) {
                            done.done(null, "the value could not be sealed");
                            next.run();
                            return;
                        }
                        write(StoreBackend.SETTINGS, entries, () -> {
                            done.done(null, lastWriteError);
                            next.run();
                        });
                    });
        });
    }

    /** When the most recent cached message was stored (epoch ms), 0 if none. */
    public long lastActivity() {
        long last = 0;
        for (long[] c : conversations.values()) {
            last = Math.max(last, c[LAST]);
        }
        return last;
    }

    /** Deletes the oldest quarter of every cached conversation's pages (the server archive still has them). */
    private void evictOldest(Runnable then) {
        notice("quota", "The storage of this device is full: older cached messages were removed from it (they are still in the server's archive).");
        pages.clear(); // read again when needed: an evicted page must not be written back
        Map<String, String> convJson = new LinkedHashMap<>();
        inParallel(new ArrayList<>(conversations.keySet()), (peer, done) -> {
            long[] conv = conversations.get(peer);
            tag(StoreBackend.MESSAGES, peer, (t, err) -> {
                if (t == null) {
                    done.run();
                    return;
                }
                byte[] lo = concat(prefix, t);
                int n = (int) Math.max(1, (conv[NEXT] - conv[FRONT] - 1) / PAGE / 4); // pages
                backend.range(StoreBackend.MESSAGES, lo, increment(lo), n, false, (entries, err2) -> {
                    byte[] hi = entries == null || entries.isEmpty() ? lo : increment(entries.get(entries.size() - 1)[0]);
                    backend.deleteRange(StoreBackend.MESSAGES, lo, hi, (v, err3) -> afterEviction(peer, conv, lo,
                            convJson, done));
                });
            });
        }, () -> sealAll(StoreBackend.CONVERSATIONS, new ArrayList<>(convJson.keySet()), convJson,
                entries -> writeIfAny(StoreBackend.CONVERSATIONS, entries, then)));
    }

    /** Runs {@code step} for every item at once (each calls its Runnable when it is finished), then {@code done}. */
    private static <T> void inParallel(List<T> items, java.util.function.BiConsumer<T, Runnable> step,
            Runnable done) {
        int[] left = {items.size()};
        if (items.isEmpty()) {
            done.run();
            return;
        }
        for (T item : items) {
            step.accept(item, () -> {
                if (--left[0] == 0) {
                    done.run();
                }
            });
        }
    }

    /**
     * After the first pages of a conversation were evicted: the room they leave is the front's, and the oldest
     * cached message is the first of the page that is now the first one.
     */
    private void afterEviction(String peer, long[] conv, byte[] lo, Map<String, String> convJson, Runnable done) {
        backend.range(StoreBackend.MESSAGES, lo, increment(lo), 1, false, (first, err) -> {
            if (first == null || first.isEmpty() || first.get(0)[0].length != lo.length + 8) {
                conv[FRONT] = conv[NEXT] - 1; // nothing left: older and newer ones may meet at NEXT
                conv[FIRST] = 0;
                convJson.put(peer, conversationJson(peer, conv));
                done.run();
                return;
            }
            byte[] key = first.get(0)[0];
            conv[FRONT] = Math.max(conv[FRONT], readBigEndian(key, lo.length) * PAGE - 1);
            unseal(StoreBackend.MESSAGES, key, first.get(0)[1], (r, err2) -> {
                long oldest = 0;
                for (ChatMessage m : pageMessages(r)) {
                    oldest = oldest == 0 ? m.timestamp() : Math.min(oldest, m.timestamp());
                }
                conv[FIRST] = oldest;
                convJson.put(peer, conversationJson(peer, conv));
                done.run();
            });
        });
    }

    private static String conversationJson(String peer, long[] conv) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("peer", peer);
        c.put("last", (double) conv[LAST]);
        c.put("next", (double) conv[NEXT]);
        c.put("front", (double) conv[FRONT]);
        c.put("first", (double) conv[FIRST]);
        return Json.write(c);
    }

    // ---- roster --------------------------------------------------------------------------------------------

    /**
     * The cached roster, sorted by name then JID. The roster is one record (contacts and version together, so
     * that they always match): a warm start opens one record, however many contacts there are.
     */
    public void roster(Callback<List<RosterItem>> done) {
        enqueue(next -> recordKey(StoreBackend.ROSTER, ROSTER, (key, err) -> {
            if (err != null) {
                done.done(null, err);
                next.run();
                return;
            }
            backend.get(StoreBackend.ROSTER, key, (value, err2) -> {
                if (value == null) {
                    rosterVersion = null;
                    done.done(new ArrayList<>(), err2);
                    next.run();
                    return;
                }
                unseal(StoreBackend.ROSTER, key, value, (r, err3) -> {
                    List<RosterItem> items = new ArrayList<>();
                    rosterVersion = null;
                    if (r != null && r.get("items") instanceof List) {
                        for (Object o : (List<?>) r.get("items")) {
                            if (o instanceof Map) {
                                @SuppressWarnings("unchecked")
                                RosterItem item = rosterItem((Map<String, Object>) o);
                                if (item != null) {
                                    items.add(item);
                                }
                            }
                        }
                        rosterVersion = r.get("ver") instanceof String ? (String) r.get("ver") : null;
                    }
                    items.sort((x, y) -> {
                        int c = sortName(x).compareTo(sortName(y));
                        return c != 0 ? c : x.jid().compareTo(y.jid());
                    });
                    done.done(items, null);
                    next.run();
                });
            });
        }));
    }

    private static String sortName(RosterItem item) {
        return (item.name() == null || item.name().isEmpty() ? item.jid() : item.name()).toLowerCase();
    }

    /**
     * Stores the roster with its version (null if the server does not version rosters). Saves that come
     * while a write is queued are merged into it: only the latest roster is written.
     */
    public void saveRoster(List<RosterItem> items, String version) {
        if (closed) {
            return;
        }
        pendingRoster = new ArrayList<>(items);
        pendingRosterVersion = version;
        if (rosterQueued) {
            return;
        }
        rosterQueued = true;
        enqueue(next -> {
            rosterQueued = false;
            List<RosterItem> latest = pendingRoster;
            String ver = pendingRosterVersion;
            List<Object> list = new ArrayList<>();
            for (RosterItem item : latest) {
                list.add(Json.parse(rosterJson(item)));
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("ver", ver);
            record.put("items", list);
            Map<String, String> json = Collections.singletonMap(ROSTER, Json.write(record));
            sealAll(StoreBackend.ROSTER, Collections.singletonList(ROSTER), json, entries -> {
                rosterVersion = ver;
                writeIfAny(StoreBackend.ROSTER, entries, next);
            });
        });
    }

    private List<RosterItem> pendingRoster;
    private String pendingRosterVersion;
    private boolean rosterQueued;

    private void sealAll(String store, List<String> names, Map<String, String> json,
            java.util.function.Consumer<List<byte[][]>> done) {
        List<byte[][]> entries = new ArrayList<>();
        int[] left = {names.size()};
        if (names.isEmpty()) {
            done.accept(entries);
            return;
        }
        for (String name : names) {
            recordKey(store, name, (key, err) -> {
                if (err != null) {
                    if (--left[0] == 0) {
                        done.accept(entries);
                    }
                    return;
                }
                seal(store, key, json.get(name), (value, err2) -> {
                    if (value != null) {
                        entries.add(new byte[][] {key, value});
                    }
                    if (--left[0] == 0) {
                        done.accept(entries);
                    }
                });
            });
        }
    }

    /** Opens records in parallel; the records that opened, in order (damaged ones are left out). */
    private void openAll(String store, List<byte[][]> entries,
            java.util.function.Consumer<List<Map<String, Object>>> done) {
        openAllKeyed(store, entries, opened -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, Object> r : opened) {
                if (r != null) {
                    out.add(r);
                }
            }
            done.accept(out);
        });
    }

    private static String rosterJson(RosterItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jid", item.jid());
        m.put("name", item.name());
        m.put("subscription", item.subscription());
        m.put("ask", item.askSubscribe());
        m.put("groups", new ArrayList<Object>(item.groups()));
        return Json.write(m);
    }

    private static RosterItem rosterItem(Map<String, Object> m) {
        if (!(m.get("jid") instanceof String) || !(m.get("subscription") instanceof String)) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        if (m.get("groups") instanceof List) {
            for (Object g : (List<?>) m.get("groups")) {
                if (g instanceof String) {
                    groups.add((String) g);
                }
            }
        }
        return new RosterItem((String) m.get("jid"), m.get("name") instanceof String ? (String) m.get("name") : null,
                (String) m.get("subscription"), Boolean.TRUE.equals(m.get("ask")), groups);
    }

    // ---- conversations and messages -----------------------------------------------------------------------

    private void loadConversations(Callback<AccountCache> done) {
        byte[] hi = increment(prefix);
        backend.range(StoreBackend.CONVERSATIONS, prefix, hi, 0, false, (entries, err) -> {
            if (err != null) {
                done.done(null, "unavailable: " + err);
                return;
            }
            openAll(StoreBackend.CONVERSATIONS, entries, records -> {
                for (Map<String, Object> r : records) {
                    if (r.get("peer") instanceof String && r.get("last") instanceof Number
                            && r.get("next") instanceof Number) {
                        conversations.put((String) r.get("peer"), new long[] {((Number) r.get("last")).longValue(),
                            ((Number) r.get("next")).longValue(),
                            r.get("front") instanceof Number ? ((Number) r.get("front")).longValue() : -1,
                            r.get("first") instanceof Number ? ((Number) r.get("first")).longValue() : 0});
                    }
                }
                done.done(this, null);
            });
        });
    }

    /** Peers with cached messages, the most recent conversation first. */
    public List<String> conversations() {
        List<String> peers = new ArrayList<>(conversations.keySet());
        peers.sort((a, b) -> Long.compare(conversations.get(b)[LAST], conversations.get(a)[LAST]));
        return peers;
    }

    /**
     * Stores a message, or its new state if it is already stored (same id in this session). Messages are kept
     * per conversation in the order they are stored. Messages stored in a burst (an archive catch-up, a busy
     * chat) are written together: sealed in parallel, one transaction per store.
     */
    public void putMessage(ChatMessage m) {
        if (closed) {
            return;
        }
        pendingPuts.add(m);
        if (!putsQueued) {
            putsQueued = true;
            enqueue(next -> {
                putsQueued = false;
                List<ChatMessage> batch = new ArrayList<>(pendingPuts);
                java.util.Set<ChatMessage> older = java.util.Collections.newSetFromMap(
                        new java.util.IdentityHashMap<>());
                older.addAll(olderPuts);
                pendingPuts.clear();
                olderPuts.clear();
                writing = batch;
                writeMessages(batch, older, () -> {
                    writing = java.util.Collections.emptyList();
                    next.run();
                });
            });
        }
    }

    /**
     * Stores a page read back from the archive (oldest first), older than what the conversation shows: those of
     * its messages not newer than every cached one (to the second: archives stamp to the second) are numbered down
     * from the conversation's front, together, so that the order of the keys stays the order of time.
     */
    public void putOlder(List<ChatMessage> ms) {
        if (closed || ms.isEmpty()) {
            return;
        }
        for (ChatMessage m : ms) {
            olderPuts.add(m);
        }
        pendingPuts.addAll(ms.subList(0, ms.size() - 1));
        putMessage(ms.get(ms.size() - 1));
    }

    private final List<ChatMessage> pendingPuts = new ArrayList<>();
    /** The messages of {@link #pendingPuts} that came with {@link #putOlder}. */
    private final java.util.Set<ChatMessage> olderPuts = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private boolean putsQueued;
    /**
     * The batch being written: taken from {@link #pendingPuts} but not yet in {@link #byId} (the write waits on
     * Web Crypto and IndexedDB). An edit or a reaction to one of these messages must still find it.
     */
    private List<ChatMessage> writing = java.util.Collections.emptyList();

    /**
     * Messages are stored in pages of {@link #PAGE} consecutive messages of one conversation: one sealed record
     * per page (key: prefix, conversation tag, page number), so that a burst or a warm start costs one Web Crypto
     * call per page rather than per message.
     */
    static final int PAGE = 64;
    /** Recently used pages: record key (hex) -> the page's messages in order. */
    private final Map<String, List<ChatMessage>> pages = new LinkedHashMap<String, List<ChatMessage>>(16, 0.75f,
            true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ChatMessage>> eldest) {
            return size() > 64;
        }
    };

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }

    private byte[] pageKey(byte[] convTag, long pageNo) {
        return concat(concat(prefix, convTag), bigEndian(pageNo));
    }

    private void writeMessages(List<ChatMessage> batch, java.util.Set<ChatMessage> older, Runnable next) {
        List<String> peers = new ArrayList<>();
        for (ChatMessage m : batch) {
            if (!peers.contains(m.peer())) {
                peers.add(m.peer());
            }
        }
        tagsFor(StoreBackend.MESSAGES, peers, tagMap -> {
            List<String> unknown = new ArrayList<>();
            for (String peer : peers) {
                if (tagMap.containsKey(peer) && !conversations.containsKey(peer)) {
                    unknown.add(peer);
                }
            }
            lastSeqs(unknown, tagMap, () -> readTails(peers, tagMap, () -> {
                // Where each message goes: its page (known id: where it is; new: the conversation's next place, or
                // its front if older than every cached one).
                Map<String, ChatMessage> placed = new LinkedHashMap<>(); // id -> message, in order
                Map<String, byte[]> pageOf = new LinkedHashMap<>(); // id -> page key
                Map<String, String> convJson = new LinkedHashMap<>();
                Map<String, Long> firstBefore = new HashMap<>(); // peer -> its oldest message's time before the batch
                List<ChatMessage> front = new ArrayList<>();
                for (ChatMessage m : batch) {
                    byte[] t = tagMap.get(m.peer());
                    if (t == null) {
                        continue;
                    }
                    Object[] known = byId.get(m.id());
                    ChatMessage before = placed.containsKey(m.id()) ? placed.get(m.id())
                            : known == null ? null : (ChatMessage) known[0];
                    if (before != null && before.peer().equals(m.peer())) {
                        if (m.state() == null && before.state() != null) {
                            // The same message again (from the archive): its known delivery state stays, what the
                            // archive adds (its id, its link) is kept.
                            if ((m.archiveId() == null || m.archiveId().equals(before.archiveId()))
                                    && (m.prev() == null || m.prev().equals(before.prev()))) {
                                continue;
                            }
                            m = before.withLinks(m.archiveId(), m.prev());
                        }
                        // A copy that knows less (a catch-up's, unlinked) does not make the cache forget a link.
                        m = m.withLinks(m.archiveId() == null ? before.archiveId() : null,
                                m.prev() == null ? before.prev() : null);
                        placed.put(m.id(), m);
                        if (!pageOf.containsKey(m.id())) {
                            pageOf.put(m.id(), (byte[]) known[1]);
                        }
                        continue;
                    }
                    long[] conv = conversations.get(m.peer());
                    long first = firstBefore.computeIfAbsent(m.peer(), k -> conv[FIRST]);
                    conv[FIRST] = conv[FIRST] == 0 ? m.timestamp() : Math.min(conv[FIRST], m.timestamp());
                    if (conv[FRONT] >= 0 && first != 0 && older.contains(m)
                            && m.timestamp() / 1000 <= first / 1000) {
                        front.add(m);
                        continue;
                    }
                    long seq = conv[NEXT]++;
                    conv[LAST] = Math.max(conv[LAST], m.timestamp());
                    convJson.put(m.peer(), conversationJson(m.peer(), conv));
                    placed.put(m.id(), m);
                    pageOf.put(m.id(), pageKey(t, seq / PAGE));
                }
                // Older than every cached message: numbered down from the front, the newest first, so that each
                // goes before the ones already on its page.
                java.util.Set<String> atFront = new java.util.HashSet<>();
                for (int i = front.size() - 1; i >= 0; i--) {
                    ChatMessage m = front.get(i);
                    if (placed.containsKey(m.id())) {
                        continue;
                    }
                    long[] conv = conversations.get(m.peer());
                    long seq = conv[FRONT]--;
                    convJson.put(m.peer(), conversationJson(m.peer(), conv));
                    placed.put(m.id(), m);
                    atFront.add(m.id());
                    pageOf.put(m.id(), pageKey(tagMap.get(m.peer()), seq / PAGE));
                }
                Map<String, byte[]> touched = new LinkedHashMap<>();
                for (byte[] key : pageOf.values()) {
                    touched.put(hex(key), key);
                }
                loadPages(new ArrayList<>(touched.values()), loaded -> {
                    for (Map.Entry<String, ChatMessage> e : placed.entrySet()) {
                        byte[] key = pageOf.get(e.getKey());
                        List<ChatMessage> page = loaded.get(hex(key));
                        int at = indexOf(page, e.getKey());
                        if (at >= 0) {
                            page.set(at, e.getValue());
                        } else if (atFront.contains(e.getKey())) {
                            page.add(0, e.getValue());
                        } else {
                            page.add(e.getValue());
                        }
                        byId.put(e.getKey(), new Object[] {e.getValue(), key});
                    }
                    List<Object[]> toSeal = new ArrayList<>();
                    for (byte[] key : touched.values()) {
                        toSeal.add(new Object[] {key, pageJson(loaded.get(hex(key)))});
                        pages.put(hex(key), loaded.get(hex(key))); // the most recent ones stay in memory
                    }
                    sealAll(StoreBackend.CONVERSATIONS, new ArrayList<>(convJson.keySet()), convJson,
                            convEntries -> sealInOrder(StoreBackend.MESSAGES, toSeal,
                                    msgEntries -> writeIfAny(StoreBackend.CONVERSATIONS, convEntries,
                                            () -> writeIfAny(StoreBackend.MESSAGES, msgEntries, next))));
                });
            }));
        });
    }

    /**
     * Before a conversation is first written in this session, its last pages are read into {@link #byId}: a
     * message delivered again after a reload (the catch-up starts a little before the last one cached) is then
     * found where it is, not cached a second time.
     */
    private void readTails(List<String> peers, Map<String, byte[]> tagMap, Runnable done) {
        List<String> todo = new ArrayList<>();
        for (String peer : peers) {
            long[] conv = conversations.get(peer);
            if (tagMap.containsKey(peer) && conv != null && tailKnown.add(peer)
                    && conv[NEXT] - conv[FRONT] > 1) { // something is cached
                todo.add(peer);
            }
        }
        inParallel(todo, (peer, finished) -> {
            byte[] lo = concat(prefix, tagMap.get(peer));
            backend.range(StoreBackend.MESSAGES, lo, increment(lo), 2, true, (entries, err) -> {
                List<byte[][]> found = entries == null ? new ArrayList<>() : entries;
                openAllKeyed(StoreBackend.MESSAGES, found, opened -> {
                    for (int i = 0; i < found.size(); i++) {
                        if (opened.get(i) == null) {
                            continue;
                        }
                        for (ChatMessage m : pageMessages(opened.get(i))) {
                            if (m.peer().equals(peer) && !byId.containsKey(m.id())) {
                                byId.put(m.id(), new Object[] {m, found.get(i)[0]});
                            }
                        }
                    }
                    finished.run();
                });
            });
        }, done);
    }

    private static int indexOf(List<ChatMessage> page, String id) {
        for (int i = 0; i < page.size(); i++) {
            if (page.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String pageJson(List<ChatMessage> page) {
        StringBuilder sb = new StringBuilder("{\"m\":[");
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(messageJson(page.get(i)));
        }
        return sb.append("]}").toString();
    }

    /**
     * The pages' messages by key (hex): from memory, or read and opened, or empty if absent or damaged. The map
     * holds every page asked for, however many (the memory of recent pages is bounded).
     */
    private void loadPages(List<byte[]> keys, java.util.function.Consumer<Map<String, List<ChatMessage>>> done) {
        Map<String, List<ChatMessage>> out = new HashMap<>();
        List<byte[]> missing = new ArrayList<>();
        for (byte[] k : keys) {
            List<ChatMessage> known = pages.get(hex(k));
            if (known != null) {
                out.put(hex(k), known);
            } else {
                missing.add(k);
            }
        }
        int[] left = {missing.size()};
        if (missing.isEmpty()) {
            done.accept(out);
            return;
        }
        for (byte[] key : missing) {
            backend.get(StoreBackend.MESSAGES, key, (value, err) -> {
                if (value == null) {
                    out.put(hex(key), new ArrayList<>());
                    if (--left[0] == 0) {
                        done.accept(out);
                    }
                    return;
                }
                unseal(StoreBackend.MESSAGES, key, value, (r, err2) -> {
                    out.put(hex(key), pageMessages(r));
                    if (--left[0] == 0) {
                        done.accept(out);
                    }
                });
            });
        }
    }

    private static List<ChatMessage> pageMessages(Map<String, Object> record) {
        List<ChatMessage> out = new ArrayList<>();
        if (record != null && record.get("m") instanceof List) {
            for (Object o : (List<?>) record.get("m")) {
                if (o instanceof Map) {
                    @SuppressWarnings("unchecked")
                    ChatMessage m = message((Map<String, Object>) o);
                    if (m != null) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    private void writeIfAny(String store, List<byte[][]> entries, Runnable next) {
        if (entries.isEmpty()) {
            next.run();
        } else {
            write(store, entries, next);
        }
    }

    /** Tags of several names, computed in parallel; names whose tag failed are missing from the map. */
    private void tagsFor(String store, List<String> names, java.util.function.Consumer<Map<String, byte[]>> done) {
        Map<String, byte[]> out = new HashMap<>();
        int[] left = {names.size()};
        if (names.isEmpty()) {
            done.accept(out);
            return;
        }
        for (String name : names) {
            tag(store, name, (t, err) -> {
                if (t != null) {
                    out.put(name, t);
                }
                if (--left[0] == 0) {
                    done.accept(out);
                }
            });
        }
    }

    /**
     * For conversations without an index record (new, or its record was damaged): a new one starts at {@link #BASE};
     * one with pages continues on a fresh page after the last stored one (and its front below its first), so that
     * no stored message is overwritten or put out of order.
     */
    private void lastSeqs(List<String> peers, Map<String, byte[]> tagMap, Runnable done) {
        inParallel(peers, (peer, finished) -> {
            byte[] lo = concat(prefix, tagMap.get(peer));
            backend.range(StoreBackend.MESSAGES, lo, increment(lo), 1, true, (last, err) -> {
                if (last == null || last.isEmpty() || last.get(0)[0].length != lo.length + 8) {
                    conversations.put(peer, new long[] {0, BASE, BASE - 1, 0});
                    finished.run();
                    return;
                }
                long next = (readBigEndian(last.get(0)[0], lo.length) + 1) * PAGE;
                backend.range(StoreBackend.MESSAGES, lo, increment(lo), 1, false, (firstPage, err2) -> {
                    long front = firstPage == null || firstPage.isEmpty() ? -1
                            : readBigEndian(firstPage.get(0)[0], lo.length) * PAGE - 1;
                    // The oldest message's time is not known: older ones are put after the newest until an
                    // eviction reads it (they are still shown in time order).
                    conversations.put(peer, new long[] {0, next, front, 0});
                    finished.run();
                });
            });
        }, done);
    }

    /** Seals {key, json} pairs in parallel; the entries keep the given order (a later write of a key wins). */
    private void sealInOrder(String store, List<Object[]> items, java.util.function.Consumer<List<byte[][]>> done) {
        byte[][][] slots = new byte[items.size()][][];
        int[] left = {items.size()};
        if (items.isEmpty()) {
            done.accept(new ArrayList<>());
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            int idx = i;
            byte[] key = (byte[]) items.get(i)[0];
            seal(store, key, (String) items.get(i)[1], (value, err) -> {
                if (value != null) {
                    slots[idx] = new byte[][] {key, value};
                }
                if (--left[0] == 0) {
                    List<byte[][]> entries = new ArrayList<>();
                    for (byte[][] e : slots) {
                        if (e != null) {
                            entries.add(e);
                        }
                    }
                    done.accept(entries);
                }
            });
        }
    }

    /** A stored message changed state (sent, acked, delivered). Unknown ids are ignored. */
    public void updateState(String id, String peer, String state) {
        ChatMessage latest = latest(id);
        if (latest == null || !latest.peer().equals(peer) || rank(state) <= rank(latest.state())) {
            return; // unknown; or nothing new; or late (a server ack does not undo the contact's receipt)
        }
        putMessage(latest.withState(state));
    }

    /**
     * A correction ({@code body}) or retraction ({@code body} null) of a cached message: applied only if the message
     * is in the conversation with {@code peer} and has the same direction (its author's).
     */
    public void edit(String id, String peer, boolean outgoing, String body) {
        ChatMessage latest = latest(id);
        if (latest == null || !latest.peer().equals(peer) || latest.outgoing() != outgoing) {
            return;
        }
        putMessage(body == null ? latest.retracted() : latest.corrected(body));
    }

    /**
     * One side's whole set of reactions to a cached message (XEP-0444): applied only if the message is in the
     * conversation with {@code peer}.
     */
    public void react(String id, String peer, boolean mine, List<String> reactions) {
        ChatMessage latest = latest(id);
        if (latest == null || !latest.peer().equals(peer)) {
            return;
        }
        putMessage(latest.withReactions(mine, reactions));
    }

    /** Delivery states in the order they happen; a message's state only moves forward. */
    static int rank(String state) {
        if (state == null) {
            return -1;
        }
        switch (state) {
            case "pending": return 0;
            case "sent": return 1;
            case "acked": return 2;
            case "delivered": return 3;
            case "displayed": return 4;
            default: return -1;
        }
    }

    /** The newest version of a message this cache knows (written or read in this session), or null. */
    private ChatMessage latest(String id) {
        for (int i = pendingPuts.size() - 1; i >= 0; i--) {
            if (pendingPuts.get(i).id().equals(id)) {
                return pendingPuts.get(i);
            }
        }
        for (int i = writing.size() - 1; i >= 0; i--) {
            if (writing.get(i).id().equals(id)) {
                return writing.get(i);
            }
        }
        Object[] known = byId.get(id);
        return known == null ? null : (ChatMessage) known[0];
    }

    /** The last {@code limit} cached messages with {@code peer}, in time order. */
    public void recent(String peer, int limit, Callback<List<ChatMessage>> done) {
        enqueue(next -> tag(StoreBackend.MESSAGES, peer, (t, err) -> {
            if (err != null) {
                done.done(null, err);
                next.run();
                return;
            }
            byte[] lo = concat(prefix, t);
            // The last page may be nearly empty, and a few messages the archive filled in between may follow the
            // newest ones: a page more than needed, and the newest by time are taken.
            int pageCount = limit <= 0 ? 0 : limit / PAGE + 3;
            backend.range(StoreBackend.MESSAGES, lo, increment(lo), pageCount, true, (entries, err2) -> {
                if (err2 != null) {
                    done.done(null, err2);
                    next.run();
                    return;
                }
                List<byte[][]> oldestFirst = new ArrayList<>(entries);
                Collections.reverse(oldestFirst);
                openAllKeyed(StoreBackend.MESSAGES, oldestFirst, opened -> {
                    List<ChatMessage> all = new ArrayList<>();
                    for (int i = 0; i < oldestFirst.size(); i++) {
                        byte[] key = oldestFirst.get(i)[0];
                        Map<String, Object> r = opened.get(i);
                        if (r == null) {
                            continue;
                        }
                        List<ChatMessage> page = pageMessages(r);
                        pages.put(hex(key), page);
                        for (ChatMessage m : page) {
                            if (m.peer().equals(peer)) {
                                all.add(m);
                                byId.put(m.id(), new Object[] {m, key});
                            }
                        }
                    }
                    if (pageCount >= 2) {
                        tailKnown.add(peer);
                    }
                    // Shown in time order, since the archive may fill in messages between. To the second only
                    // (archives stamp to the second), so within one second the order of the keys stays (the sort
                    // is stable).
                    all.sort((a, b) -> Long.compare(a.timestamp() / 1000, b.timestamp() / 1000));
                    List<ChatMessage> out = all.size() > limit ? new ArrayList<>(all.subList(all.size() - limit,
                            all.size())) : all;
                    done.done(out, null);
                    next.run();
                });
            });
        }));
    }

    /** What {@link #older} found: cached messages before the one asked about, and where the cache's links end. */
    public static final class Older {
        private final List<ChatMessage> messages;
        private final boolean first;
        private final String endId;
        private final String endArchiveId;

        Older(List<ChatMessage> messages, boolean first, String endId, String endArchiveId) {
            this.messages = messages;
            this.first = first;
            this.endId = endId;
            this.endArchiveId = endArchiveId;
        }

        /** The messages, in time order (to the second; the walk's order within one). */
        public List<ChatMessage> messages() {
            return messages;
        }

        /** The walk reached the conversation's first message: nothing is older. */
        public boolean reachedFirst() {
            return first;
        }

        /** The id of the message the walk ended at (the oldest reached; the one asked about if none): go on from it. */
        public String endId() {
            return endId;
        }

        /** The archive id of {@link #endId()}, if the cache knows it (the cursor for asking the archive), else null. */
        public String endArchiveId() {
            return endArchiveId;
        }
    }

    /** How many pages on either side of a message's page a walk reads to find the message before it. */
    static final int WALK_PAGES = 4;

    /**
     * Scrolling back without the archive: up to {@code limit} cached messages before the message {@code fromId}
     * of the conversation with {@code peer}, following each message's link to the one before it ({@link
     * ChatMessage#prev()}), which is set only where no message of the archive lies between the two. The walk stops
     * where a link is not known, where the message it names is not in the cache (near where the walk is), or at
     * the conversation's first message; what lies beyond is then the archive's to give.
     */
    public void older(String peer, String fromId, int limit, Callback<Older> done) {
        enqueue(next -> {
            ChatMessage from = latest(fromId);
            Object[] at = byId.get(fromId);
            if (from == null || !from.peer().equals(peer)) {
                next.run();
                done.done(new Older(new ArrayList<>(), false, fromId, null), null);
                return;
            }
            List<ChatMessage> run = new ArrayList<>();
            walk(from, at == null ? null : (byte[]) at[1], run, new java.util.HashSet<>(), limit, () -> {
                ChatMessage end = run.isEmpty() ? from : run.get(run.size() - 1);
                List<ChatMessage> out = new ArrayList<>(run);
                Collections.reverse(out);
                out.sort((a, b) -> Long.compare(a.timestamp() / 1000, b.timestamp() / 1000));
                next.run(); // the queue goes on whatever the caller does with the answer
                done.done(new Older(out, ChatMessage.FIRST.equals(end.prev()), end.id(), end.archiveId()), null);
            });
        });
    }

    /**
     * Follows the links from {@code cur} (in the page {@code curKey}; null: the pages around it were read already)
     * until {@code run} holds {@code limit} messages or a link cannot be followed.
     */
    private void walk(ChatMessage cur, byte[] curKey, List<ChatMessage> run, java.util.Set<String> visited, int limit,
            Runnable done) {
        while (run.size() < limit) {
            String prev = cur.prev();
            if (prev == null || prev.isEmpty() || ChatMessage.FIRST.equals(prev)) {
                break;
            }
            Object[] known = byId.get(prev);
            if (known == null && curKey != null) {
                ChatMessage last = cur;
                readAround(curKey, () -> walk(last, null, run, visited, limit, done));
                return;
            }
            if (known == null || !visited.add(prev) || !((ChatMessage) known[0]).peer().equals(cur.peer())) {
                break;
            }
            cur = latest(prev);
            curKey = (byte[]) known[1];
            run.add(cur);
        }
        done.run();
    }

    /** Reads the pages of a conversation around the page {@code key} into the index of known messages. */
    private void readAround(byte[] key, Runnable done) {
        int tagEnd = key.length - 8;
        long pageNo = readBigEndian(key, tagEnd);
        byte[] conv = slice(key, prefix.length, tagEnd);
        byte[] lo = pageKey(conv, Math.max(0, pageNo - WALK_PAGES));
        byte[] hi = pageKey(conv, pageNo + WALK_PAGES + 1);
        backend.range(StoreBackend.MESSAGES, lo, hi, 0, false, (entries, err) -> {
            if (err != null || entries == null) {
                done.run();
                return;
            }
            openAllKeyed(StoreBackend.MESSAGES, entries, opened -> {
                for (int i = 0; i < entries.size(); i++) {
                    if (opened.get(i) == null) {
                        continue;
                    }
                    byte[] k = entries.get(i)[0];
                    for (ChatMessage m : pageMessages(opened.get(i))) {
                        // The copy near the walk wins over one read elsewhere (a message can be cached twice: a
                        // catch-up after a reload brings again what this page's index no longer knows).
                        byId.put(m.id(), new Object[] {m, k});
                    }
                }
                done.run();
            });
        });
    }

    /**
     * The message {@code id} of the conversation with {@code peer} comes right after the message {@code prev}
     * (null: that is not known any more): kept with the cached message, if the cache has it.
     */
    public void link(String peer, String id, String prev) {
        String value = prev == null ? ChatMessage.UNLINKED : prev;
        ChatMessage latest = latest(id);
        if (latest == null || !latest.peer().equals(peer) || value.equals(latest.prev() == null
                ? ChatMessage.UNLINKED : latest.prev())) {
            return;
        }
        putMessage(latest.withPrev(value));
    }

    /** Opens records in parallel; the list holds each record's contents at its index, null for damaged ones. */
    private void openAllKeyed(String store, List<byte[][]> entries,
            java.util.function.Consumer<List<Map<String, Object>>> done) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(null);
        }
        int[] left = {entries.size()};
        if (entries.isEmpty()) {
            done.accept(out);
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            int idx = i;
            unseal(store, entries.get(i)[0], entries.get(i)[1], (r, err) -> {
                out.set(idx, r);
                if (--left[0] == 0) {
                    done.accept(out);
                }
            });
        }
    }

    private static String messageJson(ChatMessage m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("peer", m.peer());
        r.put("body", m.body());
        r.put("outgoing", m.outgoing());
        r.put("ts", (double) m.timestamp());
        r.put("state", m.state());
        if (m.isEdited()) {
            r.put("edited", true);
        }
        if (m.isRetracted()) {
            r.put("retracted", true);
        }
        if (m.spoiler() != null) {
            r.put("spoiler", m.spoiler());
        }
        if (m.oob() != null) {
            r.put("oob", m.oob());
        }
        if (!m.reactions(true).isEmpty()) {
            r.put("rm", new ArrayList<Object>(m.reactions(true)));
        }
        if (!m.reactions(false).isEmpty()) {
            r.put("rt", new ArrayList<Object>(m.reactions(false)));
        }
        if (m.archiveId() != null) {
            r.put("aid", m.archiveId());
        }
        if (m.prev() != null) {
            r.put("prev", m.prev());
        }
        return Json.write(r);
    }

    private static ChatMessage message(Map<String, Object> r) {
        if (!(r.get("id") instanceof String) || !(r.get("peer") instanceof String) || !(r.get("body") instanceof String)
                || !(r.get("ts") instanceof Number)) {
            return null;
        }
        ChatMessage m = new ChatMessage((String) r.get("id"), (String) r.get("peer"), (String) r.get("body"),
                Boolean.TRUE.equals(r.get("outgoing")), ((Number) r.get("ts")).longValue());
        m = r.get("state") instanceof String ? m.withState((String) r.get("state")) : m;
        return m.withFlags(Boolean.TRUE.equals(r.get("edited")), Boolean.TRUE.equals(r.get("retracted")))
                .withExtras(r.get("spoiler") instanceof String ? (String) r.get("spoiler") : null,
                        r.get("oob") instanceof String ? (String) r.get("oob") : null)
                .withReactions(true, strings(r.get("rm"))).withReactions(false, strings(r.get("rt")))
                .withLinks(r.get("aid") instanceof String ? (String) r.get("aid") : null,
                        r.get("prev") instanceof String ? (String) r.get("prev") : null);
    }

    /** A list of strings from a record, or null if it is not one. */
    private static List<String> strings(Object o) {
        if (!(o instanceof List)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object e : (List<?>) o) {
            if (!(e instanceof String) || out.size() >= 32) {
                return null;
            }
            out.add((String) e);
        }
        return out;
    }

    // ---- removal -------------------------------------------------------------------------------------------

    /**
     * Crypto-shredding: deletes the wrapped master secret first (after that no record can be opened), then every
     * record of the account, then checks that none is left; the database itself is deleted if no account is left
     * in it. The callback's error says what was left, if anything. The cache cannot be used afterwards.
     */
    public void clear(Callback<Void> done) {
        closed = true;
        queue.clear();
        master = null;
        shred((v, err) -> verifyEmpty((v2, err2) -> {
            if (err2 != null) {
                done.done(null, err2);
                return;
            }
            backend.range(StoreBackend.ACCOUNTS, new byte[0], new byte[] {(byte) 0xff, (byte) 0xff}, 1, false,
                    (others, err3) -> {
                        if (others != null && others.isEmpty()) {
                            backend.destroy(done);
                        } else {
                            done.done(null, err3);
                        }
                    });
        }));
    }

    private void shred(Callback<Void> done) {
        backend.delete(StoreBackend.ACCOUNTS, prefix, (v, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            deleteStores(0, done);
        });
    }

    private void deleteStores(int i, Callback<Void> done) {
        String[] stores = StoreBackend.STORES;
        if (i >= stores.length) {
            tags.clear();
            pages.clear();
            conversations.clear();
            tailKnown.clear();
            byId.clear();
            done.done(null, null);
            return;
        }
        if (stores[i].equals(StoreBackend.KEYS)) {
            deleteStores(i + 1, done);
            return;
        }
        backend.deleteRange(stores[i], prefix, increment(prefix), (v, err) -> deleteStores(i + 1, done));
    }

    private void verifyEmpty(Callback<Void> done) {
        List<String> left = new ArrayList<>();
        String[] stores = StoreBackend.STORES;
        int[] pending = {stores.length};
        for (String store : stores) {
            if (store.equals(StoreBackend.KEYS)) {
                if (--pending[0] == 0) {
                    done.done(null, left.isEmpty() ? null : "left in " + left);
                }
                continue;
            }
            backend.range(store, prefix, increment(prefix), 1, false, (entries, err) -> {
                if (err != null || entries == null || !entries.isEmpty()) {
                    left.add(store);
                }
                if (--pending[0] == 0) {
                    done.done(null, left.isEmpty() ? null : "records left in " + left);
                }
            });
        }
    }

    // ---- bytes ---------------------------------------------------------------------------------------------

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] slice(byte[] a, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }

    private static byte[] bigEndian(long v) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    private static long readBigEndian(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    /** The smallest key greater than every key starting with {@code p} (p has no all-0xff suffix here). */
    static byte[] increment(byte[] p) {
        byte[] out = p.clone();
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] != (byte) 0xff) {
                out[i]++;
                return slice(out, 0, i + 1);
            }
        }
        return concat(p, new byte[] {0});
    }
}
