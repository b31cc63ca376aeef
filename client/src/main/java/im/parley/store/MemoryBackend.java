package im.parley.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link StoreBackend} in memory: for the JVM tests, and in the browser for {@code persistent_store:
 * "sessionStorage"} (gone when the page is) and as the fallback when IndexedDB cannot be used. Callbacks run at
 * once. An optional quota (bytes of keys and values) lets tests fill it.
 */
public final class MemoryBackend implements StoreBackend {
    /** Unsigned lexicographic order, as IndexedDB orders binary keys. */
    static final Comparator<byte[]> ORDER = (a, b) -> {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return a.length - b.length;
    };

    private final Map<String, TreeMap<byte[], byte[]>> stores = new HashMap<>();
    private final Map<String, CacheCrypto.Key> keys = new HashMap<>();
    private long quota = Long.MAX_VALUE;
    private long used;
    private boolean open;

    /** Limits the bytes stored (keys and values); puts beyond it fail with code "quota". */
    public void setQuota(long bytes) {
        quota = bytes;
    }

    /** The bytes stored (keys and values). */
    public long used() {
        return used;
    }

    /** Every stored {key, value} of every store, for tests that look for leaks. */
    public List<byte[][]> dump() {
        List<byte[][]> all = new ArrayList<>();
        for (TreeMap<byte[], byte[]> m : stores.values()) {
            for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
                all.add(new byte[][] {e.getKey(), e.getValue()});
            }
        }
        return all;
    }

    /** Direct access for tests that tamper with records. */
    public TreeMap<byte[], byte[]> raw(String store) {
        return stores.get(store);
    }

    public boolean isEmpty() {
        for (TreeMap<byte[], byte[]> m : stores.values()) {
            if (!m.isEmpty()) {
                return false;
            }
        }
        return keys.isEmpty();
    }

    @Override
    public void open(Events events, Callback<Void> done) {
        if (!open) {
            for (String s : STORES) {
                stores.computeIfAbsent(s, k -> new TreeMap<>(ORDER));
            }
            open = true;
        }
        done.done(null, null);
    }

    private TreeMap<byte[], byte[]> store(String name) {
        TreeMap<byte[], byte[]> m = stores.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no object store " + name);
        }
        return m;
    }

    @Override
    public void get(String store, byte[] key, Callback<byte[]> done) {
        byte[] v = store(store).get(key);
        done.done(v == null ? null : v.clone(), null);
    }

    @Override
    public void put(String store, List<byte[][]> entries, Callback<Void> done) {
        TreeMap<byte[], byte[]> m = store(store);
        long after = used;
        for (byte[][] e : entries) {
            byte[] old = m.get(e[0]);
            after += e[1].length + (old == null ? e[0].length : -old.length);
        }
        if (after > quota) {
            done.done(null, "quota: the storage quota is exhausted");
            return;
        }
        for (byte[][] e : entries) {
            m.put(e[0].clone(), e[1].clone());
        }
        used = after;
        done.done(null, null);
    }

    @Override
    public void delete(String store, byte[] key, Callback<Void> done) {
        byte[] old = store(store).remove(key);
        if (old != null) {
            used -= key.length + old.length;
        }
        done.done(null, null);
    }

    @Override
    public void range(String store, byte[] lo, byte[] hi, int limit, boolean reverse,
            Callback<List<byte[][]>> done) {
        NavigableMap<byte[], byte[]> sub = store(store).subMap(lo, true, hi, false);
        if (reverse) {
            sub = sub.descendingMap();
        }
        List<byte[][]> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : sub.entrySet()) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.add(new byte[][] {e.getKey().clone(), e.getValue().clone()});
        }
        done.done(out, null);
    }

    @Override
    public void deleteRange(String store, byte[] lo, byte[] hi, Callback<Void> done) {
        NavigableMap<byte[], byte[]> sub = store(store).subMap(lo, true, hi, false);
        for (Map.Entry<byte[], byte[]> e : sub.entrySet()) {
            used -= e.getKey().length + e.getValue().length;
        }
        sub.clear();
        done.done(null, null);
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
        stores.clear();
        keys.clear();
        used = 0;
        open = false;
        done.done(null, null);
    }
}
