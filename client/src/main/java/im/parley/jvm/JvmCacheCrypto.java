package im.parley.jvm;

import im.parley.store.CacheCrypto;
import im.parley.store.Callback;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link CacheCrypto} with javax.crypto, for the JVM tests: the same algorithms and formats as the browser's
 * Web Crypto binding (PBKDF2-SHA-256, AES-GCM with a 96-bit IV and 128-bit tag, HKDF-SHA-256, HMAC-SHA-256).
 * Callbacks run at once. The JVM has no non-extractable keys; this class is never used in the browser.
 */
public final class JvmCacheCrypto implements CacheCrypto {
    private final SecureRandom random = new SecureRandom();

    private static final class JvmKey implements Key {
        final byte[] bytes;

        JvmKey(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private static byte[] bytes(Key key) {
        return ((JvmKey) key).bytes;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public void deriveWrappingKey(String secret, byte[] salt, int iterations, Callback<Key> done) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] k = f.generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
            done.done(new JvmKey(k), null);
        } catch (GeneralSecurityException e) {
            done.done(null, e.toString());
        }
    }

    @Override
    public void newWrappingKey(Callback<Key> done) {
        done.done(new JvmKey(random(32)), null);
    }

    @Override
    public void newLookupKey(Callback<Key> done) {
        done.done(new JvmKey(random(32)), null);
    }

    @Override
    public void createMaster(Key wrappingKey, byte[] aad, Callback<Master> done) {
        byte[] raw = random(32);
        try {
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, bytes(wrappingKey), random(12), aad, raw);
            done.done(derive(raw, wrapped), null);
        } catch (GeneralSecurityException e) {
            done.done(null, e.toString());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public void openMaster(Key wrappingKey, byte[] wrapped, byte[] aad, Callback<Master> done) {
        byte[] raw;
        try {
            raw = gcmOpen(bytes(wrappingKey), aad, wrapped);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            done.done(null, "unwrap: " + e);
            return;
        }
        try {
            done.done(derive(raw, wrapped), null);
        } catch (GeneralSecurityException e) {
            done.done(null, e.toString());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public void rewrap(Key oldKey, Key newKey, byte[] wrapped, byte[] aad, Callback<byte[]> done) {
        try {
            byte[] raw = gcmOpen(bytes(oldKey), aad, wrapped);
            byte[] again = gcm(Cipher.ENCRYPT_MODE, bytes(newKey), random(12), aad, raw);
            Arrays.fill(raw, (byte) 0);
            done.done(again, null);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            done.done(null, "unwrap: " + e);
        }
    }

    @Override
    public void seal(Key dataKey, byte[] aad, byte[] plaintext, Callback<byte[]> done) {
        try {
            done.done(gcm(Cipher.ENCRYPT_MODE, bytes(dataKey), random(12), aad, plaintext), null);
        } catch (GeneralSecurityException e) {
            done.done(null, e.toString());
        }
    }

    @Override
    public void open(Key dataKey, byte[] aad, byte[] sealed, Callback<byte[]> done) {
        try {
            done.done(gcmOpen(bytes(dataKey), aad, sealed), null);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            done.done(null, "integrity: " + e);
        }
    }

    @Override
    public void hmac(Key key, byte[] data, Callback<byte[]> done) {
        try {
            done.done(hmac(bytes(key), data), null);
        } catch (GeneralSecurityException e) {
            done.done(null, e.toString());
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** HKDF-SHA-256 (RFC 5869) with a zero salt, as the browser binding derives with Web Crypto. */
    private static Master derive(byte[] raw, byte[] wrapped) throws GeneralSecurityException {
        byte[] prk = hmac(new byte[32], raw);
        byte[] data = hmac(prk, info("parley cache data v1"));
        byte[] index = hmac(prk, info("parley cache index v1"));
        return new Master(new JvmKey(data), new JvmKey(index), wrapped);
    }

    private static byte[] info(String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(l, l.length + 1);
        out[l.length] = 1; // T(1) = HMAC(PRK, info || 0x01); 32 bytes are one block
        return out;
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        byte[] body = c.doFinal(input);
        byte[] out = new byte[iv.length + body.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(body, 0, out, iv.length, body.length);
        return out;
    }

    private static byte[] gcmOpen(byte[] key, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 12 + 16) {
            throw new IllegalArgumentException("sealed value too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        c.updateAAD(aad);
        return c.doFinal(sealed, 12, sealed.length - 12);
    }
}
