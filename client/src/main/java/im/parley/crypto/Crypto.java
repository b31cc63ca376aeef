package im.parley.crypto;

/**
 * The primitives the protocol core needs, behind an interface so that the core stays free of platform types:
 * {@code JvmCrypto} uses javax.crypto and SecureRandom, the browser binding uses {@code crypto.getRandomValues}
 * and the pure-Java digests of this package (Web Crypto's digests are asynchronous; the SASL state machine
 * needs them inline).
 */
public interface Crypto {
    /** Cryptographically strong random bytes. */
    byte[] randomBytes(int length);

    /** Hash algorithm by its IANA/SASL name: "SHA-1", "SHA-256" or "SHA-512". */
    byte[] hash(String algorithm, byte[] data);

    byte[] hmac(String algorithm, byte[] key, byte[] data);

    /** PBKDF2 with HMAC of the given hash ("Hi()" of RFC 5802). */
    byte[] pbkdf2(String algorithm, byte[] password, byte[] salt, int iterations, int lengthBytes);
}
