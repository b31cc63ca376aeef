package im.parley.jvm;

import im.parley.crypto.Crypto;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@link Crypto} on the JVM: javax.crypto and SecureRandom. */
public final class JvmCrypto implements Crypto {
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    @Override
    public byte[] hash(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String macName(String algorithm) {
        return "Hmac" + algorithm.replace("-", "");
    }

    @Override
    public byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(macName(algorithm));
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] pbkdf2(String algorithm, byte[] password, byte[] salt, int iterations, int lengthBytes) {
        // javax.crypto's PBKDF2 takes a char[] password (and mangles non-ASCII bytes), so run the RFC 8018
        // loop over javax.crypto's HMAC instead.
        try {
            if (password.length == 0) {
                throw new IllegalArgumentException("empty password");
            }
            Mac mac = Mac.getInstance(macName(algorithm));
            mac.init(new SecretKeySpec(password, mac.getAlgorithm()));
            int hLen = mac.getMacLength();
            byte[] out = new byte[lengthBytes];
            for (int b = 1, off = 0; off < lengthBytes; b++, off += hLen) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, off, Math.min(hLen, lengthBytes - off));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
