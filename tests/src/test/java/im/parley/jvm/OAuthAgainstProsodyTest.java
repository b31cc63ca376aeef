package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.testkit.OidcAuthority;
import im.parley.testkit.Prosody;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SASL OAUTHBEARER (RFC 7628) against Prosody (Debian's mod_sasl_oauthbearer and mod_auth_oauthbearer) with tokens
 * from a real OpenID provider, which Prosody checks through its introspection endpoint: a valid token logs in, an
 * expired or made-up one is refused with a message that says to log in with the provider again.
 */
@ExtendWith(TestServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthAgainstProsodyTest {
    private static final String OLGA = "olga@" + Prosody.OAUTH_DOMAIN;
    private OidcAuthority authority;

    @BeforeAll
    void startAuthority() throws Exception {
        authority = OidcAuthority.start(TestServers.prosody(), List.of());
    }

    @AfterAll
    void stopAuthority() {
        if (authority != null) {
            authority.close();
        }
    }

    @Test
    void aTokenFromTheProviderLogsIn() throws Exception {
        String token = authority.clientCredentialsToken("machine");
        try (JvmSession olga = new JvmSession()) {
            olga.run(() -> olga.client.loginWithToken(TestServers.prosody().websocketUrl(), Jid.parse(OLGA), token,
                    false, false));
            olga.events.await(String.class, "online");
            assertTrue(olga.self.startsWith(OLGA + "/"), olga.self);
            assertEquals("SASL OAUTHBEARER", olga.call(olga.client::loginMethod));
            assertTrue(authority.checked().contains("200 " + token), authority.checked().toString());
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = authority.clientCredentialsToken("machine-short");
        Thread.sleep(3000); // its lifetime is 2 s
        try (JvmSession olga = new JvmSession()) {
            olga.run(() -> olga.client.loginWithToken(TestServers.prosody().websocketUrl(), Jid.parse(OLGA), token,
                    false, true));
            String error = olga.events.await(String.class, "error ");
            assertTrue(error.startsWith("error wrong-password") && error.contains("log in with the provider again"),
                    error);
            assertEquals("offline", olga.events.await(String.class, "offline"), "no retry with a refused token");
            assertTrue(authority.checked().contains("401 " + token), authority.checked().toString());
        }
    }

    @Test
    void aMadeUpTokenIsRefused() throws Exception {
        try (JvmSession olga = new JvmSession()) {
            olga.run(() -> olga.client.loginWithToken(TestServers.prosody().websocketUrl(), Jid.parse(OLGA),
                    "not-a-token-the-provider-issued", false, false));
            String error = olga.events.await(String.class, "error ");
            assertTrue(error.startsWith("error wrong-password"), error);
        }
    }

    @Test
    void aPasswordHostNeverSeesTheToken() throws Exception {
        String token = authority.clientCredentialsToken("machine");
        try (JvmSession alice = new JvmSession()) {
            alice.run(() -> alice.client.loginWithToken(TestServers.prosody().websocketUrl(), Jid.parse("alice@localhost"),
                    token, false, false));
            String error = alice.events.await(String.class, "error ");
            // localhost offers no OAUTHBEARER: the client refuses rather than fall back, and sends nothing.
            assertTrue(error.startsWith("error auth-failed") && error.contains("offers no login method"), error);
        }
    }
}
