package im.parley.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.crypto.SoftCrypto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7628 OAUTHBEARER: the message format (section 3.1), the error challenge (3.2.2), and when it is chosen. */
class OAuthBearerMechanismTest {
    @Test
    void theInitialResponseIsTheGs2HeaderAndTheBearerToken() throws Exception {
        OAuthBearerMechanism m = new OAuthBearerMechanism("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
        assertEquals("n,a=user@example.com,\u0001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001",
                new String(m.initialResponse(), StandardCharsets.UTF_8));
        OAuthBearerMechanism odd = new OAuthBearerMechanism("a,b=c@example.com", "t");
        assertTrue(new String(odd.initialResponse(), StandardCharsets.UTF_8).startsWith("n,a=a=2Cb=3Dc@example.com,"));
    }

    @Test
    void anErrorChallengeIsAnsweredWithASingleSoh() throws Exception {
        OAuthBearerMechanism m = new OAuthBearerMechanism("user@example.com", "token");
        m.initialResponse();
        assertArrayEquals(new byte[] {1}, m.evaluateChallenge("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SaslException.class, () -> m.evaluateChallenge(new byte[0]));
        assertThrows(SaslException.class, () -> m.verifySuccess(null));
    }

    @Test
    void aTokenWithControlCharactersIsNotSent() {
        assertThrows(SaslException.class, () -> new OAuthBearerMechanism("u@e", "to\u0001ken").initialResponse());
        assertThrows(SaslException.class, () -> new OAuthBearerMechanism("u@e", "").initialResponse());
    }

    @Test
    void aTokenGoesOnlyToOauthbearerAndOnlyOverASecureTransport() {
        SoftCrypto crypto = new SoftCrypto(n -> new byte[n]);
        Credentials token = Credentials.oauth("user@example.com", "t");
        assertEquals("OAUTHBEARER", Mechanisms.choose(List.of("SCRAM-SHA-256", "OAUTHBEARER", "PLAIN"), true, crypto,
                token).name());
        assertNull(Mechanisms.choose(List.of("SCRAM-SHA-256", "PLAIN"), true, crypto, token), "never a fallback");
        assertNull(Mechanisms.choose(List.of("OAUTHBEARER"), false, crypto, token), "not over an insecure transport");
        assertEquals("SCRAM-SHA-256", Mechanisms.choose(List.of("SCRAM-SHA-256", "OAUTHBEARER"), true, crypto,
                new Credentials("user", "pw")).name(), "a password login never uses OAUTHBEARER");
    }
}
