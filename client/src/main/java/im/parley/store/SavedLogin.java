package im.parley.store;

import im.parley.json.Json;
import im.parley.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Stay logged in on this device": what a later page load needs to log in without the password, kept only when
 * the user asked for it. That is the account, its SCRAM keys (the salted password with its mechanism, salt and
 * iteration count: never the password, from which they cannot be turned back) with the mechanisms the server
 * offered then (so a later downgrade is still refused), and, for a cache protected by the password, its master
 * secret wrapped a second time, under the device key, so that the cache opens without the password. For a login
 * with an identity provider (OAUTHBEARER), it is the account, the provider and the client id, and the refresh
 * token the provider gave last (its cache is under the device key already).
 *
 * <p>The record is one value in the {@code accounts} store, sealed with AES-GCM under the device key (the random,
 * non-extractable key of {@code cache_key: 'device'}); nothing in it, the account included, is readable without
 * that key. One account per origin stays logged in: the last one that asked. Logging out deletes it.
 */
public final class SavedLogin {
    /** The record's key in {@link StoreBackend#ACCOUNTS} (accounts' own keys are 16-byte prefixes). */
    static final byte[] KEY = "parley saved login v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "parley saved login v1\u0000sealed".getBytes(StandardCharsets.UTF_8);

    private final String jid;
    private final String mechanism;
    private final String salt;
    private final int iterations;
    private final byte[] salted;
    private final List<String> offer;
    private final String cacheMode;
    private final byte[] cacheWrapped;
    private final String cacheRecord;
    /** OAUTHBEARER: the provider, Parley's client id there, and the refresh token; else null. */
    private final String issuer;
    private final String clientId;
    private final String refreshToken;
    /** The device key that opened this login (set by {@link #load}), for the cache's copy. */
    private CacheCrypto.Key key;

    public SavedLogin(String jid, String mechanism, String salt, int iterations, byte[] salted, List<String> offer) {
        this(jid, mechanism, salt, iterations, salted, offer, null, null, null, null, null, null);
    }

    /** A login with an identity provider: what gets a new access token without the provider's page. */
    public static SavedLogin oauth(String jid, String issuer, String clientId, String refreshToken) {
        return new SavedLogin(jid, OAUTHBEARER, null, 0, null, null, null, null, null, issuer, clientId,
                refreshToken);
    }

    static final String OAUTHBEARER = "OAUTHBEARER";

    private SavedLogin(String jid, String mechanism, String salt, int iterations, byte[] salted, List<String> offer,
            String cacheMode, byte[] cacheWrapped, String cacheRecord, String issuer, String clientId,
            String refreshToken) {
        if (OAUTHBEARER.equals(mechanism)) {
            if (jid == null || issuer == null || clientId == null || refreshToken == null || refreshToken.isEmpty()) {
                throw new IllegalArgumentException("a saved OAuth login needs the account, the provider, the client"
                        + " id and a refresh token");
            }
        } else if (jid == null || mechanism == null || !mechanism.startsWith("SCRAM-") || salt == null
                || salted == null || iterations < 1) {
            throw new IllegalArgumentException("a saved login needs the account and its SCRAM keys");
        }
        this.issuer = issuer;
        this.clientId = clientId;
        this.refreshToken = refreshToken;
        this.jid = jid;
        this.mechanism = mechanism;
        this.salt = salt;
        this.iterations = iterations;
        this.salted = salted == null ? null : salted.clone();
        this.offer = offer == null ? List.of() : List.copyOf(offer);
        this.cacheMode = cacheMode;
        this.cacheWrapped = cacheWrapped == null ? null : cacheWrapped.clone();
        this.cacheRecord = cacheRecord;
    }

    public String jid() {
        return jid;
    }

    public String mechanism() {
        return mechanism;
    }

    public String salt() {
        return salt;
    }

    public int iterations() {
        return iterations;
    }

    public byte[] saltedPassword() {
        return salted == null ? null : salted.clone();
    }

    /** Whether this is a login with an identity provider (then {@link #refreshToken} is what it keeps). */
    public boolean isOAuth() {
        return OAUTHBEARER.equals(mechanism);
    }

    /** OAuth: the provider's issuer URL; else null. */
    public String issuer() {
        return issuer;
    }

    /** OAuth: Parley's client id at the provider; else null. */
    public String clientId() {
        return clientId;
    }

    /** OAuth: the refresh token the provider gave last; else null. */
    public String refreshToken() {
        return refreshToken;
    }

    public List<String> offer() {
        return offer;
    }

    /** The cache_key mode the cache had when saved (its wrapped copy is only good for that mode), or null. */
    public String cacheMode() {
        return cacheMode;
    }

    /** The cache's master secret wrapped under the device key, or null (no cache, or a device-key cache). */
    public byte[] cacheWrapped() {
        return cacheWrapped == null ? null : cacheWrapped.clone();
    }

    /** Which account record (its wrapped master secret) the copy belongs to, or null. */
    String cacheRecord() {
        return cacheRecord;
    }

    /** The device key that opened this login, or null if it was not {@link #load loaded}. */
    CacheCrypto.Key key() {
        return key;
    }

    /** The device key (created on first use), as {@code cache_key: 'device'} uses it. */
    private static void deviceKey(StoreBackend backend, CacheCrypto crypto, AccountCache.Notices notices,
            Callback<CacheCrypto.Key> done) {
        backend.open(AccountCache.events(notices), (v, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            AccountCache.stored(backend, crypto, AccountCache.DEVICE_KEY, crypto::newWrappingKey, done);
        });
    }

    /**
     * Seals and stores this login, replacing any saved before; with {@code cache} (open, or opening: this waits for
     * it), a copy of its master secret wrapped under the device key goes with it.
     */
    public void save(StoreBackend backend, CacheCrypto crypto, AccountCache.Notices notices, AccountCache cache,
            Callback<Void> done) {
        deviceKey(backend, crypto, notices, (key, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            if (cache == null) {
                seal(backend, crypto, key, this, done);
                return;
            }
            cache.wrapUnder(key, (wrapped, err2) -> {
                if (err2 != null) {
                    done.done(null, err2);
                    return;
                }
                seal(backend, crypto, key, new SavedLogin(jid, mechanism, salt, iterations, salted, offer,
                        cache.mode(), wrapped, cache.recordWrapped(), issuer, clientId, refreshToken), done);
            });
        });
    }

    private static void seal(StoreBackend backend, CacheCrypto crypto, CacheCrypto.Key key, SavedLogin login,
            Callback<Void> done) {
        crypto.seal(key, AAD, login.toJson().getBytes(StandardCharsets.UTF_8), (sealed, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            List<byte[][]> entries = new ArrayList<>();
            entries.add(new byte[][] {KEY, sealed});
            backend.put(StoreBackend.ACCOUNTS, entries, done);
        });
    }

    /**
     * The saved login, or null if there is none. A record that does not open or does not parse (damaged, or its
     * device key is gone) is deleted and counts as none.
     */
    public static void load(StoreBackend backend, CacheCrypto crypto, AccountCache.Notices notices,
            Callback<SavedLogin> done) {
        backend.open(AccountCache.events(notices), (v, err0) -> {
            if (err0 != null) {
                done.done(null, err0);
                return;
            }
            backend.get(StoreBackend.ACCOUNTS, KEY, (sealed, err2) -> {
                if (err2 != null || sealed == null) {
                    done.done(null, err2);
                    return;
                }
                backend.getKey(AccountCache.DEVICE_KEY, (key, err) -> {
                    if (err != null) {
                        done.done(null, err);
                        return;
                    }
                    if (key == null) { // the device key is gone: the record can never open
                        backend.delete(StoreBackend.ACCOUNTS, KEY, (v2, err4) -> done.done(null, null));
                        return;
                    }
                    open(backend, crypto, key, sealed, done);
                });
            });
        });
    }

    private static void open(StoreBackend backend, CacheCrypto crypto, CacheCrypto.Key key, byte[] sealed,
            Callback<SavedLogin> done) {
        crypto.open(key, AAD, sealed, (plain, err) -> {
            SavedLogin saved = null;
            if (err == null) {
                try {
                    saved = fromJson(new String(plain, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                    saved = null;
                }
            }
            if (saved == null) { // damaged, or sealed under another key: it can never open
                backend.delete(StoreBackend.ACCOUNTS, KEY, (v, err2) -> done.done(null, null));
                return;
            }
            saved.key = key;
            done.done(saved, null);
        });
    }

    /** Deletes the saved login, if any. */
    public static void forget(StoreBackend backend, AccountCache.Notices notices, Callback<Void> done) {
        backend.open(AccountCache.events(notices), (v, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            backend.delete(StoreBackend.ACCOUNTS, KEY, done);
        });
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("jid", jid);
        m.put("mechanism", mechanism);
        if (isOAuth()) {
            m.put("issuer", issuer);
            m.put("clientId", clientId);
            m.put("refresh", refreshToken);
            return Json.write(m);
        }
        m.put("salt", salt);
        m.put("iterations", iterations);
        m.put("salted", Base64.encode(salted));
        m.put("offer", new ArrayList<Object>(offer));
        if (cacheMode != null) {
            m.put("cacheMode", cacheMode);
        }
        if (cacheWrapped != null) {
            m.put("cache", Base64.encode(cacheWrapped));
            m.put("cacheRecord", cacheRecord);
        }
        return Json.write(m);
    }

    static SavedLogin fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        if (((Number) m.get("v")).intValue() != 1) {
            throw new IllegalArgumentException("unknown saved-login version");
        }
        if (OAUTHBEARER.equals(m.get("mechanism"))) {
            return oauth((String) m.get("jid"), (String) m.get("issuer"), (String) m.get("clientId"),
                    (String) m.get("refresh"));
        }
        List<String> offer = new ArrayList<>();
        for (Object o : (List<?>) m.get("offer")) {
            offer.add((String) o);
        }
        return new SavedLogin((String) m.get("jid"), (String) m.get("mechanism"), (String) m.get("salt"),
                ((Number) m.get("iterations")).intValue(), Base64.decode((String) m.get("salted")), offer,
                (String) m.get("cacheMode"), m.get("cache") == null ? null : Base64.decode((String) m.get("cache")),
                (String) m.get("cacheRecord"), null, null, null);
    }
}
