package im.parley.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.crypto.Crypto;
import im.parley.crypto.SoftCrypto;
import im.parley.jvm.JvmCrypto;
import im.parley.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScramMechanismTest {
    private static final Crypto SOFT = new SoftCrypto(n -> new byte[n]);
    private static final Crypto JVM = new JvmCrypto();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** RFC 5802 section 5, with both crypto implementations. */
    @Test
    void rfc5802ScramSha1Vector() throws Exception {
        for (Crypto crypto : List.of(SOFT, JVM)) {
            ScramMechanism m = new ScramMechanism("SCRAM-SHA-1", crypto, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
            assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", s(m.initialResponse()));
            byte[] fin = m.evaluateChallenge(b("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
            assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", s(fin));
            m.verifySuccess(b("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
        }
    }

    /** RFC 7677 section 3. */
    @Test
    void rfc7677ScramSha256Vector() throws Exception {
        for (Crypto crypto : List.of(SOFT, JVM)) {
            ScramMechanism m = new ScramMechanism("SCRAM-SHA-256", crypto, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
            assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s(m.initialResponse()));
            byte[] fin = m.evaluateChallenge(b("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
            assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", s(fin));
            m.verifySuccess(b("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
        }
    }

    /**
     * SCRAM-SHA-512 (no RFC gives a test vector): the exchange checked by a server side computed independently
     * with javax.crypto's PBKDF2WithHmacSHA512, HmacSHA512 and SHA-512, for both crypto implementations.
     */
    @Test
    void scramSha512AgreesWithAnIndependentServer() throws Exception {
        byte[] salt = b("a-salt-of-32-bytes-for-sha512!!!");
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s="
                + java.util.Base64.getEncoder().encodeToString(salt) + ",i=4096";
        byte[] salted = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(
                new javax.crypto.spec.PBEKeySpec("pencil".toCharArray(), salt, 4096, 512)).getEncoded();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
        mac.init(new javax.crypto.spec.SecretKeySpec(salted, "HmacSHA512"));
        byte[] clientKey = mac.doFinal(b("Client Key"));
        byte[] serverKey = mac.doFinal(b("Server Key"));
        byte[] storedKey = java.security.MessageDigest.getInstance("SHA-512").digest(clientKey);
        String withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] authMessage = b("n=user,r=rOprNGfwEbeRWgbNEkqO," + serverFirst + "," + withoutProof);
        mac.init(new javax.crypto.spec.SecretKeySpec(storedKey, "HmacSHA512"));
        byte[] proof = mac.doFinal(authMessage);
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientKey[i];
        }
        mac.init(new javax.crypto.spec.SecretKeySpec(serverKey, "HmacSHA512"));
        byte[] serverSignature = mac.doFinal(authMessage);
        for (Crypto crypto : List.of(SOFT, JVM)) {
            ScramMechanism m = new ScramMechanism("SCRAM-SHA-512", crypto, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
            assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s(m.initialResponse()));
            assertEquals(withoutProof + ",p=" + java.util.Base64.getEncoder().encodeToString(proof),
                    s(m.evaluateChallenge(b(serverFirst))));
            m.verifySuccess(b("v=" + java.util.Base64.getEncoder().encodeToString(serverSignature)));
        }
    }

    @Test
    void aServerThatDoesNotKnowThePasswordIsRejected() throws Exception {
        ScramMechanism m = new ScramMechanism("SCRAM-SHA-1", SOFT, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        m.initialResponse();
        m.evaluateChallenge(b("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        SaslException e = assertThrows(SaslException.class,
                () -> m.verifySuccess(b("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        assertTrue(e.getMessage().contains("does not know the password"), e.getMessage());
        assertThrows(SaslException.class, () -> new ScramMechanism("SCRAM-SHA-1", SOFT, "u", "p", "abc")
                .verifySuccess(b("v=x")));
    }

    @Test
    void hostileServerFirstMessagesAreRejected() throws Exception {
        String[] bad = {
            "r=other-nonce,s=QSXCR+Q6sek8bf92,i=4096",            // does not extend our nonce
            "r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096", // no server part
            "r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=999999999", // iteration bomb
            "r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=12",  // too few iterations
            "r=fyko+d2lbbFgONRv9qkxdawLx,s=!!!,i=4096",              // bad salt
            "r=fyko+d2lbbFgONRv9qkxdawLx,i=4096",                    // no salt
            "m=ext,r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=4096",
            "e=invalid-proof",
        };
        for (String challenge : bad) {
            ScramMechanism m = new ScramMechanism("SCRAM-SHA-1", SOFT, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
            m.initialResponse();
            assertThrows(SaslException.class, () -> m.evaluateChallenge(b(challenge)), challenge);
        }
    }

    @Test
    void usernamesAreEscaped() {
        assertEquals("a=3Db=2Cc", ScramMechanism.saslName("a=b,c"));
    }

    @Test
    void theStrongestOfferedMechanismIsChosenAndPlainOnlyWhenAllowed() {
        assertEquals("SCRAM-SHA-256", Mechanisms.choose(List.of("PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"), true, SOFT,
                "u", "p").name());
        assertEquals("SCRAM-SHA-512", Mechanisms.choose(List.of("SCRAM-SHA-1", "SCRAM-SHA-512", "SCRAM-SHA-256"), true,
                SOFT, "u", "p").name());
        assertEquals("SCRAM-SHA-512", Mechanisms.choose(List.of("SCRAM-SHA-256", "SCRAM-SHA-512"), true, SOFT,
                new Credentials("u", "p")).name());
        assertEquals("SCRAM-SHA-1", Mechanisms.choose(List.of("PLAIN", "SCRAM-SHA-1"), true, SOFT, "u", "p").name());
        assertEquals("PLAIN", Mechanisms.choose(List.of("PLAIN"), true, SOFT, "u", "p").name());
        assertEquals(null, Mechanisms.choose(List.of("PLAIN"), false, SOFT, "u", "p"));
        assertEquals(null, Mechanisms.choose(List.of("DIGEST-MD5"), true, SOFT, "u", "p"));
        assertArrayEquals(b("\0u\0p"), new PlainMechanism("u", "p").initialResponse());
    }

    @Test
    void base64RoundTrips() {
        for (int n = 0; n < 70; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            String enc = Base64.encode(data);
            assertEquals(java.util.Base64.getEncoder().encodeToString(data), enc);
            assertArrayEquals(data, Base64.decode(enc));
        }
        assertThrows(IllegalArgumentException.class, () -> Base64.decode("abc"));
        assertThrows(IllegalArgumentException.class, () -> Base64.decode("ab!="));
    }
}
