package im.parley.store;

import java.util.List;

/**
 * Persistence under the cache: named object stores of binary keys and binary values, kept in unsigned byte
 * order, plus a store of key handles. Asynchronous; operations complete in the order they were issued. The
 * browser's is IndexedDB ({@code im.parley.browser.IndexedDbBackend}); {@link MemoryBackend} serves the JVM tests
 * and session-only storage.
 */
public interface StoreBackend {
    /** The database's one name, on every origin: it says nothing about the accounts inside. */
    String DATABASE = "parley-cache";

    /** Schema version; {@link #STORES} lists the object stores of the current version. */
    int SCHEMA_VERSION = 1;

    String KEYS = "keys";
    String ACCOUNTS = "accounts";
    String ROSTER = "roster";
    String CONVERSATIONS = "conversations";
    String MESSAGES = "messages";
    String SETTINGS = "settings";
    String OUTBOX = "outbox";
    String FEATURES = "features";

    /** The object stores of {@link #SCHEMA_VERSION}. Upgrades create missing stores and delete retired ones. */
    String[] STORES = {KEYS, ACCOUNTS, ROSTER, CONVERSATIONS, MESSAGES, SETTINGS, OUTBOX, FEATURES};

    /** What happens to the database outside this worker. */
    interface Events {
        /** Another tab or worker wants to upgrade the schema; this connection was closed to let it. */
        void versionChange();

        /** An upgrade waits for another tab to close its connection. */
        void blocked();
    }

    /** Opens (creating or upgrading) the database; fails with code "unavailable" if storage cannot be used. */
    void open(Events events, Callback<Void> done);

    /** The value under {@code key}, or null. */
    void get(String store, byte[] key, Callback<byte[]> done);

    /** Writes entries ({key, value} pairs) in one transaction; fails with code "quota" when storage is full. */
    void put(String store, List<byte[][]> entries, Callback<Void> done);

    void delete(String store, byte[] key, Callback<Void> done);

    /**
     * Entries with {@code lo <= key < hi}, in key order or reversed, at most {@code limit} of them (0: all), as
     * {key, value} pairs.
     */
    void range(String store, byte[] lo, byte[] hi, int limit, boolean reverse, Callback<List<byte[][]>> done);

    /** Deletes every entry with {@code lo <= key < hi}. */
    void deleteRange(String store, byte[] lo, byte[] hi, Callback<Void> done);

    /** A key handle stored under a fixed name in {@link #KEYS}, or null. */
    void getKey(String name, Callback<CacheCrypto.Key> done);

    void putKey(String name, CacheCrypto.Key key, Callback<Void> done);

    /** Closes and deletes the whole database. */
    void destroy(Callback<Void> done);
}
