package im.parley.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.jvm.JvmCrypto;
import im.parley.stream.HttpGet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorization-code flow with PKCE (RFC 7636 S256) against a scripted provider; the real one is in tests/. */
class OAuthFlowTest {
    static final String ISSUER = "https://id.example.com";
    static final String CONFIG = "{\"issuer\": \"https://id.example.com\", \"authorization_endpoint\":"
            + " \"https://id.example.com/auth\", \"token_endpoint\": \"https://id.example.com/token\"}";

    static final class Provider implements HttpGet {
        final Map<String, Object[]> answers = new HashMap<>();
        final List<String> posted = new ArrayList<>();

        @Override
        public void get(String url, boolean withCookies, Answer answer) {
            Object[] a = answers.getOrDefault(url, new Object[] {404, "{}"});
            answer.done((Integer) a[0], (String) a[1]);
        }

        @Override
        public void postForm(String url, String body, Answer answer) {
            posted.add(url + " " + body);
            Object[] a = answers.getOrDefault("POST " + url, new Object[] {400, "{\"error\": \"invalid_grant\"}"});
            answer.done((Integer) a[0], (String) a[1]);
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The form of the provider's {@code i}th token request. */
    private Map<String, String> posted(int i) {
        String request = provider.posted.get(i);
        return query("?" + request.substring(request.indexOf(' ') + 1));
    }

    private final Provider provider = new Provider();
    private final OAuthFlow flow = new OAuthFlow(provider, new JvmCrypto(), ISSUER, "parley",
            "https://chat.example.com/oauth-callback.html", "openid");

    private String[] run(java.util.function.Consumer<OAuthFlow.Outcome> step) {
        String[] got = new String[2];
        step.accept((value, error) -> {
            got[0] = value;
            got[1] = error;
        });
        return got;
    }

    @Test
    void theCodeIsExchangedWithTheVerifierWhoseHashWasSent() throws Exception {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        provider.answers.put("POST https://id.example.com/token", new Object[] {200,
                "{\"access_token\": \"AT-1\", \"token_type\": \"Bearer\", \"expires_in\": 3600}"});
        String url = run(flow::begin)[0];
        assertTrue(url.startsWith("https://id.example.com/auth?"), url);
        Map<String, String> q = query(url);
        assertEquals("code", q.get("response_type"));
        assertEquals("parley", q.get("client_id"));
        assertEquals("https://chat.example.com/oauth-callback.html", q.get("redirect_uri"));
        assertEquals("S256", q.get("code_challenge_method"));
        String[] token = run(o -> flow.finish("the-code", q.get("state"), null, o));
        assertEquals("AT-1", token[0], token[1]);
        Map<String, String> form = posted(0);
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("the-code", form.get("code"));
        String verifier = form.get("code_verifier");
        assertTrue(verifier.matches("[A-Za-z0-9_-]{43}"), verifier);
        assertEquals(q.get("code_challenge"), OAuthFlow.base64url(java.security.MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aRefreshTokenGetsNewAccessTokensAndARotatedOneReplacesIt() {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        provider.answers.put("POST https://id.example.com/token", new Object[] {200,
                "{\"access_token\": \"AT-1\", \"token_type\": \"Bearer\", \"expires_in\": 300,"
                        + " \"refresh_token\": \"RT-1\"}"});
        String state = query(run(flow::begin)[0]).get("state");
        assertEquals("AT-1", run(o -> flow.finish("code", state, null, o))[0]);
        assertTrue(flow.canRefresh());
        assertEquals(300, flow.expiresInSeconds());
        provider.answers.put("POST https://id.example.com/token", new Object[] {200,
                "{\"access_token\": \"AT-2\", \"token_type\": \"bearer\", \"expires_in\": 60,"
                        + " \"refresh_token\": \"RT-2\"}"});
        assertEquals("AT-2", run(flow::refresh)[0]);
        assertEquals(60, flow.expiresInSeconds());
        Map<String, String> form = posted(1);
        assertEquals("refresh_token", form.get("grant_type"));
        assertEquals("RT-1", form.get("refresh_token"));
        assertEquals("parley", form.get("client_id"));
        run(flow::refresh);
        Map<String, String> again = posted(2);
        assertEquals("RT-2", again.get("refresh_token"), "the rotated refresh token is used");
        provider.answers.put("POST https://id.example.com/token", new Object[] {400, "{\"error\": \"invalid_grant\"}"});
        String[] refused = run(flow::refresh);
        assertNull(refused[0]);
        assertTrue(refused[1].contains("invalid_grant"), refused[1]);
    }

    @Test
    void aKeptRefreshTokenResumesTheLoginWithoutTheProvidersPage() {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        provider.answers.put("POST https://id.example.com/token", new Object[] {200,
                "{\"access_token\": \"AT-9\", \"token_type\": \"Bearer\", \"expires_in\": 300,"
                        + " \"refresh_token\": \"RT-10\"}"});
        assertEquals("AT-9", run(o -> flow.resume("RT-9", o))[0]);
        Map<String, String> form = posted(0);
        assertEquals("refresh_token", form.get("grant_type"));
        assertEquals("RT-9", form.get("refresh_token"));
        assertEquals("RT-10", flow.refreshToken(), "the rotated one is what to keep now");
        assertEquals(ISSUER, flow.issuer());
        // A provider that no longer accepts it, or cannot be read: no token, and why.
        OAuthFlow other = new OAuthFlow(provider, new JvmCrypto(), ISSUER, "parley", null, null);
        provider.answers.put("POST https://id.example.com/token", new Object[] {400, "{\"error\": \"invalid_grant\"}"});
        String[] refused = run(o -> other.resume("RT-10", o));
        assertNull(refused[0]);
        assertTrue(refused[1].contains("invalid_grant"), refused[1]);
        provider.answers.remove(ISSUER + "/.well-known/openid-configuration");
        assertTrue(run(o -> other.resume("RT-10", o))[1].contains("configuration could not be read"));
        assertTrue(run(o -> other.resume("", o))[1].contains("no refresh token"));
    }

    @Test
    void withoutARefreshTokenThereIsNothingToRefresh() {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        provider.answers.put("POST https://id.example.com/token", new Object[] {200,
                "{\"access_token\": \"AT-1\", \"token_type\": \"Bearer\"}"});
        String state = query(run(flow::begin)[0]).get("state");
        run(o -> flow.finish("code", state, null, o));
        assertTrue(!flow.canRefresh());
        assertEquals(-1, flow.expiresInSeconds());
        assertTrue(run(flow::refresh)[1].contains("no refresh token"));
    }

    @Test
    void anAnswerWithAnotherStateIsRefusedAndNothingIsExchanged() {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        run(flow::begin);
        String[] got = run(o -> flow.finish("code", "forged", null, o));
        assertNull(got[0]);
        assertTrue(got[1].contains("does not belong to this login"), got[1]);
        assertTrue(provider.posted.isEmpty());
    }

    @Test
    void aRefusalAndABadConfigurationAreReported() {
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200, CONFIG});
        String state = query(run(flow::begin)[0]).get("state");
        assertTrue(run(o -> flow.finish(null, state, "access_denied", o))[1].contains("access_denied"));
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200,
                CONFIG.replace("\"issuer\": \"https://id.example.com\"", "\"issuer\": \"https://evil.example\"")});
        assertTrue(run(flow::begin)[1].contains("another issuer"));
        provider.answers.put(ISSUER + "/.well-known/openid-configuration", new Object[] {200,
                CONFIG.replace("https://id.example.com/token", "http://id.example.com/token")});
        assertTrue(run(flow::begin)[1].contains("not https"));
        assertThrows(IllegalArgumentException.class, () -> new OAuthFlow(provider, new JvmCrypto(),
                "http://id.example.com", "parley", "https://chat.example.com/cb", null));
    }
}
