package im.parley.store;

/**
 * The cryptography of the cache, asynchronous because Web Crypto is. Keys are opaque handles: in the browser,
 * non-extractable {@code CryptoKey}s that never leave Web Crypto; the raw key bytes are never handed to Java.
 *
 * <p>Key hierarchy: a <em>wrapping key</em> (PBKDF2-SHA-256 of the password or passphrase, or a random device
 * key) wraps a random 256-bit <em>master secret</em> with AES-GCM; from the master secret HKDF-SHA-256 derives
 * the <em>data key</em> (AES-GCM-256, seals every record) and the <em>index key</em> (HMAC-SHA-256, turns real
 * record keys into opaque ones).
 */
public interface CacheCrypto {
    /** An opaque key handle. */
    interface Key {
    }

    /** The two working keys of an account, derived from its master secret. */
    final class Master {
        private final Key dataKey;
        private final Key indexKey;
        private final byte[] wrapped;

        public Master(Key dataKey, Key indexKey, byte[] wrapped) {
            this.dataKey = dataKey;
            this.indexKey = indexKey;
            this.wrapped = wrapped;
        }

        public Key dataKey() {
            return dataKey;
        }

        public Key indexKey() {
            return indexKey;
        }

        /** The master secret wrapped by the wrapping key: 12-byte IV, then AES-GCM ciphertext and tag. */
        public byte[] wrapped() {
            return wrapped;
        }
    }

    /** PBKDF2-SHA-256 of {@code secret} into a non-extractable AES-GCM-256 wrapping key. */
    void deriveWrappingKey(String secret, byte[] salt, int iterations, Callback<Key> done);

    /** A fresh random non-extractable AES-GCM-256 wrapping key (the "device" key source). */
    void newWrappingKey(Callback<Key> done);

    /** A fresh random non-extractable HMAC-SHA-256 key (finds an account's records before any key is open). */
    void newLookupKey(Callback<Key> done);

    /** Draws a master secret, wraps it with {@code aad} as additional data and derives the working keys. */
    void createMaster(Key wrappingKey, byte[] aad, Callback<Master> done);

    /** Unwraps a master secret; fails with code "unwrap" if the wrapping key or the additional data is wrong. */
    void openMaster(Key wrappingKey, byte[] wrapped, byte[] aad, Callback<Master> done);

    /** Re-wraps a master secret under a new wrapping key (password change). */
    void rewrap(Key oldKey, Key newKey, byte[] wrapped, byte[] aad, Callback<byte[]> done);

    /** AES-GCM with a fresh 96-bit IV: returns IV, ciphertext and tag. */
    void seal(Key dataKey, byte[] aad, byte[] plaintext, Callback<byte[]> done);

    /** The reverse of {@link #seal}; fails with code "integrity" if the tag does not verify. */
    void open(Key dataKey, byte[] aad, byte[] sealed, Callback<byte[]> done);

    /** {@link #seal} of a text's UTF-8 (a binding may encode it where the cipher runs, saving copies). */
    default void sealText(Key dataKey, byte[] aad, String plaintext, Callback<byte[]> done) {
        seal(dataKey, aad, plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8), done);
    }

    /** {@link #open} of a text sealed by {@link #sealText}; fails with code "integrity" also for bad UTF-8. */
    default void openText(Key dataKey, byte[] aad, byte[] sealed, Callback<String> done) {
        open(dataKey, aad, sealed, (plain, err) -> {
            if (err != null) {
                done.done(null, err);
                return;
            }
            java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
            try {
                done.done(decoder.decode(java.nio.ByteBuffer.wrap(plain)).toString(), null);
            } catch (java.nio.charset.CharacterCodingException e) {
                done.done(null, "integrity: not UTF-8");
            }
        });
    }

    /** HMAC-SHA-256. */
    void hmac(Key key, byte[] data, Callback<byte[]> done);
}
