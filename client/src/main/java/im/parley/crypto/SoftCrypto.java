package im.parley.crypto;

/**
 * Pure-Java SHA-1/SHA-256/SHA-512, HMAC and PBKDF2 that run the same on the JVM and in both TeaVM builds. Randomness
 * comes from the platform ({@link RandomSource}); there is no fallback to a weak generator.
 */
public final class SoftCrypto implements Crypto {
    /** The platform's cryptographically strong generator. */
    public interface RandomSource {
        byte[] randomBytes(int length);
    }

    private final RandomSource random;

    public SoftCrypto(RandomSource random) {
        this.random = random;
    }

    @Override
    public byte[] randomBytes(int length) {
        return random.randomBytes(length);
    }

    static Digest digest(String algorithm) {
        switch (algorithm) {
            case "SHA-1": return new Sha1();
            case "SHA-256": return new Sha256();
            case "SHA-512": return new Sha512();
            default: throw new IllegalArgumentException("unsupported hash " + algorithm);
        }
    }

    @Override
    public byte[] hash(String algorithm, byte[] data) {
        Digest d = digest(algorithm);
        d.update(data, 0, data.length);
        return d.finish();
    }

    @Override
    public byte[] hmac(String algorithm, byte[] key, byte[] data) {
        return new Hmac(digest(algorithm), key).mac(data);
    }

    @Override
    public byte[] pbkdf2(String algorithm, byte[] password, byte[] salt, int iterations, int lengthBytes) {
        Hmac mac = new Hmac(digest(algorithm), password);
        int hLen = mac.length();
        byte[] out = new byte[lengthBytes];
        int blocks = (lengthBytes + hLen - 1) / hLen;
        for (int b = 1; b <= blocks; b++) {
            byte[] first = new byte[salt.length + 4];
            System.arraycopy(salt, 0, first, 0, salt.length);
            first[salt.length] = (byte) (b >>> 24);
            first[salt.length + 1] = (byte) (b >>> 16);
            first[salt.length + 2] = (byte) (b >>> 8);
            first[salt.length + 3] = (byte) b;
            byte[] u = mac.mac(first);
            byte[] t = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.mac(u);
                for (int j = 0; j < t.length; j++) {
                    t[j] ^= u[j];
                }
            }
            int off = (b - 1) * hLen;
            System.arraycopy(t, 0, out, off, Math.min(hLen, lengthBytes - off));
        }
        return out;
    }

    /** HMAC (RFC 2104) with precomputed padded keys, so PBKDF2's inner loop does no key work. */
    private static final class Hmac {
        private final Digest digest;
        private final byte[] ipad;
        private final byte[] opad;

        Hmac(Digest digest, byte[] key) {
            this.digest = digest;
            int bs = digest.blockSize();
            byte[] k = key;
            if (k.length > bs) {
                digest.update(k, 0, k.length);
                k = digest.finish();
            }
            ipad = new byte[bs];
            opad = new byte[bs];
            for (int i = 0; i < bs; i++) {
                byte kb = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (kb ^ 0x36);
                opad[i] = (byte) (kb ^ 0x5c);
            }
        }

        int length() {
            return digest.length();
        }

        byte[] mac(byte[] data) {
            digest.update(ipad, 0, ipad.length);
            digest.update(data, 0, data.length);
            byte[] inner = digest.finish();
            digest.update(opad, 0, opad.length);
            digest.update(inner, 0, inner.length);
            return digest.finish();
        }
    }
}
