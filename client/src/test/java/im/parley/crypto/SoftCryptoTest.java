package im.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import im.parley.jvm.JvmCrypto;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The portable digests agree with javax.crypto on every length around the block boundaries. */
class SoftCryptoTest {
    private final SoftCrypto soft = new SoftCrypto(n -> new byte[n]);
    private final JvmCrypto jvm = new JvmCrypto();

    @Test
    void hashesAndHmacsMatchTheJdk() {
        Random r = new Random(7);
        for (String alg : new String[] {"SHA-1", "SHA-256", "SHA-512"}) {
            for (int len = 0; len < 300; len++) {
                byte[] data = new byte[len];
                r.nextBytes(data);
                assertArrayEquals(jvm.hash(alg, data), soft.hash(alg, data), alg + " " + len);
                byte[] key = new byte[len % 150 + 1];
                r.nextBytes(key);
                assertArrayEquals(jvm.hmac(alg, key, data), soft.hmac(alg, key, data), "HMAC " + alg + " " + len);
            }
        }
    }

    @Test
    void pbkdf2MatchesTheJdk() {
        byte[] salt = "NaCl-salt".getBytes();
        for (String alg : new String[] {"SHA-1", "SHA-256", "SHA-512"}) {
            for (int len : new int[] {20, 32, 64}) {
                assertArrayEquals(jvm.pbkdf2(alg, "pässwörd".getBytes(java.nio.charset.StandardCharsets.UTF_8), salt, 1000, len),
                        soft.pbkdf2(alg, "pässwörd".getBytes(java.nio.charset.StandardCharsets.UTF_8), salt, 1000, len));
            }
        }
    }
}
