package im.parley.selfcheck;

import im.parley.browser.BrowserRandom;
import im.parley.browser.IndexedDbBackend;
import im.parley.browser.WebCacheCrypto;
import im.parley.browser.WorkerScope;
import im.parley.chat.ChatMessage;
import im.parley.roster.RosterItem;
import im.parley.store.AccountCache;
import im.parley.store.CacheCrypto;
import im.parley.store.Callback;
import im.parley.store.StoreBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cache benchmark (tests only), in the worker: the same {@link AccountCache} on the worker's IndexedDB,
 * once with Web Crypto ("web") and once with a cipher that does nothing ("plain": the baseline that costs what
 * the cache costs without encryption). Measures writing N messages, reading them back, a warm start to the last
 * 50 messages, writing a roster and a warm start to it, and unlocking with the real PBKDF2 cost.
 */
final class CacheBench {
    private static final String PEER = "juliet.capulet@example.org";

    private CacheBench() {
    }

    static void run(Map<String, Object> req, Consumer<Map<String, Object>> reply) {
        boolean plain = "plain".equals(req.get("crypto"));
        int messages = ((Number) req.get("messages")).intValue();
        int contacts = ((Number) req.get("contacts")).intValue();
        IndexedDbBackend idb = new IndexedDbBackend();
        StoreBackend backend = plain ? new KeysInMemory(idb) : idb;
        CacheCrypto crypto = plain ? new NoCipher() : new WebCacheCrypto();
        BrowserRandom random = new BrowserRandom();
        Map<String, Object> out = new LinkedHashMap<>();
        AccountCache.Notices notices = (code, text, args) -> out.put("notice-" + code, text);
        Consumer<String> fail = err -> {
            out.put("error", err);
            reply.accept(out);
        };
        StoreBackend.Events quiet = new StoreBackend.Events() {
            @Override
            public void versionChange() {
            }

            @Override
            public void blocked() {
            }
        };
        idb.open(quiet, (v0, e0) -> idb.destroy((v, e) -> {
            AccountCache.open(backend, crypto, random::randomBytes, "romeo@example.org", AccountCache.DEVICE, null, 1,
                    notices, (cache, err) -> {
                        if (err != null) {
                            fail.accept(err);
                            return;
                        }
                        double t0 = WorkerScope.preciseNow();
                        long base = 1_700_000_000_000L;
                        for (int i = 0; i < messages; i++) {
                            cache.putMessage(new ChatMessage("msg-" + i, PEER, "Message number " + i + " of the "
                                    + "benchmark: a sentence of ordinary length, with some words in it.", i % 2 == 0,
                                    base + i * 1000L).withState(i % 2 == 0 ? "delivered" : null));
                        }
                        cache.then(() -> {
                            out.put("write", WorkerScope.preciseNow() - t0);
                            double t1 = WorkerScope.preciseNow();
                            cache.recent(PEER, messages, (all, err2) -> {
                                out.put("read", WorkerScope.preciseNow() - t1);
                                out.put("readCount", (double) (all == null ? -1 : all.size()));
                                warm(backend, crypto, random, notices, out, reply, contacts, plain);
                            });
                        });
                    });
        }));
    }

    private static void warm(StoreBackend backend, CacheCrypto crypto, BrowserRandom random,
            AccountCache.Notices notices, Map<String, Object> out, Consumer<Map<String, Object>> reply, int contacts,
            boolean plain) {
        double t2 = WorkerScope.preciseNow();
        AccountCache.open(backend, crypto, random::randomBytes, "romeo@example.org", AccountCache.DEVICE, null, 1,
                notices, (cache, err) -> cache.recent(PEER, AccountCache.WARM_MESSAGES, (last, err2) -> {
                    out.put("warm50", WorkerScope.preciseNow() - t2);
                    out.put("warmCount", (double) (last == null ? -1 : last.size()));
                    List<RosterItem> roster = new ArrayList<>();
                    for (int i = 0; i < contacts; i++) {
                        List<String> groups = new ArrayList<>();
                        groups.add(i % 3 == 0 ? "Family" : "Work");
                        roster.add(new RosterItem("contact" + i + "@example.org", "Contact Number " + i, "both", false,
                                groups));
                    }
                    double t3 = WorkerScope.preciseNow();
                    cache.saveRoster(roster, "bench-version");
                    cache.then(() -> {
                        out.put("rosterWrite", WorkerScope.preciseNow() - t3);
                        double t4 = WorkerScope.preciseNow();
                        AccountCache.open(backend, crypto, random::randomBytes, "romeo@example.org",
                                AccountCache.DEVICE, null, 1, notices, (again, err3) -> again.roster((items, err4) -> {
                                    out.put("warmRoster", WorkerScope.preciseNow() - t4);
                                    out.put("rosterCount", (double) (items == null ? -1 : items.size()));
                                    if (plain) {
                                        reply.accept(out);
                                        return;
                                    }
                                    double t5 = WorkerScope.preciseNow();
                                    AccountCache.open(backend, crypto, random::randomBytes, "unlock@example.org",
                                            AccountCache.PASSWORD, "correct horse battery staple",
                                            AccountCache.PBKDF2_ITERATIONS, notices, (locked, err5) -> {
                                                out.put("unlock", WorkerScope.preciseNow() - t5);
                                                reply.accept(out);
                                            });
                                }));
                    });
                }));
    }

    /** The baseline's "cipher": copies; its keyed hash is FNV-1a, not a MAC. Never used outside this benchmark. */
    static final class NoCipher implements CacheCrypto {
        private static final Key KEY = new Key() {
        };

        @Override
        public void deriveWrappingKey(String secret, byte[] salt, int iterations, Callback<Key> done) {
            done.done(KEY, null);
        }

        @Override
        public void newWrappingKey(Callback<Key> done) {
            done.done(KEY, null);
        }

        @Override
        public void newLookupKey(Callback<Key> done) {
            done.done(KEY, null);
        }

        @Override
        public void createMaster(Key wrappingKey, byte[] aad, Callback<Master> done) {
            done.done(new Master(KEY, KEY, new byte[32]), null);
        }

        @Override
        public void openMaster(Key wrappingKey, byte[] wrapped, byte[] aad, Callback<Master> done) {
            done.done(new Master(KEY, KEY, wrapped), null);
        }

        @Override
        public void rewrap(Key oldKey, Key newKey, byte[] wrapped, byte[] aad, Callback<byte[]> done) {
            done.done(wrapped, null);
        }

        @Override
        public void seal(Key dataKey, byte[] aad, byte[] plaintext, Callback<byte[]> done) {
            done.done(plaintext, null);
        }

        @Override
        public void open(Key dataKey, byte[] aad, byte[] sealed, Callback<byte[]> done) {
            done.done(sealed, null);
        }

        @Override
        public void hmac(Key key, byte[] data, Callback<byte[]> done) {
            byte[] out = new byte[32];
            int h = 0x811c9dc5;
            for (int round = 0; round < 8; round++) {
                for (byte b : data) {
                    h = (h ^ (b & 0xff)) * 0x01000193;
                }
                h = (h ^ round) * 0x01000193;
                out[round * 4] = (byte) (h >>> 24);
                out[round * 4 + 1] = (byte) (h >>> 16);
                out[round * 4 + 2] = (byte) (h >>> 8);
                out[round * 4 + 3] = (byte) h;
            }
            done.done(out, null);
        }
    }

    /** IndexedDB for records; the baseline's dummy keys stay in memory. */
    static final class KeysInMemory implements StoreBackend {
        private final StoreBackend inner;
        private final Map<String, CacheCrypto.Key> keys = new HashMap<>();

        KeysInMemory(StoreBackend inner) {
            this.inner = inner;
        }

        @Override
        public void open(Events events, Callback<Void> done) {
            inner.open(events, done);
        }

        @Override
        public void get(String store, byte[] key, Callback<byte[]> done) {
            inner.get(store, key, done);
        }

        @Override
        public void put(String store, List<byte[][]> entries, Callback<Void> done) {
            inner.put(store, entries, done);
        }

        @Override
        public void delete(String store, byte[] key, Callback<Void> done) {
            inner.delete(store, key, done);
        }

        @Override
        public void range(String store, byte[] lo, byte[] hi, int limit, boolean reverse,
                Callback<List<byte[][]>> done) {
            inner.range(store, lo, hi, limit, reverse, done);
        }

        @Override
        public void deleteRange(String store, byte[] lo, byte[] hi, Callback<Void> done) {
            inner.deleteRange(store, lo, hi, done);
        }

        @Override
        public void getKey(String name, Callback<CacheCrypto.Key> done) {
            done.done(keys.get(name), null);
        }

        @Override
        public void putKey(String name, CacheCrypto.Key key, Callback<Void> done) {
            keys.put(name, key);
            done.done(null, null);
        }

        @Override
        public void destroy(Callback<Void> done) {
            keys.clear();
            inner.destroy(done);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
