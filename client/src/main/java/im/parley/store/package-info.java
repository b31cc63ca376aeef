/**
 * The worker's cache, encrypted at rest: a small asynchronous key-value {@link im.parley.store.StoreBackend}
 * (IndexedDB in the browser, memory on the JVM and for session-only storage), the key hierarchy and record
 * sealing of {@link im.parley.store.CacheCrypto} (Web Crypto in the browser), and {@link
 * im.parley.store.AccountCache}, which stores one account's roster, conversations and messages under keyed-hash
 * record keys. Nothing readable without the account's data key is written: no JID, name or body in keys, values,
 * store or database names.
 */
package im.parley.store;
