package im.parley.oauth;

import im.parley.crypto.Crypto;
import im.parley.json.Json;
import im.parley.stream.HttpGet;
import im.parley.stream.Urls;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One OAuth 2.0 authorization-code login with PKCE (S256) at an OpenID Connect provider: {@link #begin} reads the
 * provider's discovery document and gives the authorization URL to open; {@link #finish} takes the code the
 * provider sent back (checking the state) and exchanges it, with the verifier only this object knows, for the
 * access token. Endpoints must be https (http only on loopback). Where the provider also gave a refresh token,
 * {@link #refresh} gets a new access token before the old one expires (RFC 6749 section 6), so that reconnects
 * never need the provider's window again; both tokens stay in this object, in the worker.
 */
public final class OAuthFlow {
    /** What a step gives: a value, or why there is none. */
    public interface Outcome {
        void done(String value, String error);
    }

    static final int MAX_DOCUMENT_CHARS = 64 * 1024;

    private final HttpGet http;
    private final Crypto crypto;
    private final String issuer;
    private final String clientId;
    private final String redirectUri;
    private final String scope;
    private String state;
    private String verifier;
    private String tokenEndpoint;
    private String refreshToken;
    private long expiresInSeconds = -1;

    public OAuthFlow(HttpGet http, Crypto crypto, String issuer, String clientId, String redirectUri, String scope) {
        if (!secureHttp(issuer)) {
            throw new IllegalArgumentException("oauth_issuer must be an https:// URL (http:// only to this computer)");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("oauth_client_id is not set");
        }
        this.http = http;
        this.crypto = crypto;
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.scope = scope == null || scope.isEmpty() ? "openid" : scope;
    }

    private static boolean secureHttp(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) && Urls.isSecure(url);
    }

    /** Reads the provider's configuration and gives the URL of its authorization page for this login. */
    public void begin(Outcome outcome) {
        discover(outcome, authorization -> {
            state = random(16);
            verifier = random(32);
            String challenge = base64url(crypto.hash("SHA-256", verifier.getBytes(StandardCharsets.US_ASCII)));
            String url = authorization + (authorization.indexOf('?') < 0 ? "?" : "&")
                    + "response_type=code&client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri)
                    + "&scope=" + encode(scope) + "&state=" + state + "&code_challenge=" + challenge
                    + "&code_challenge_method=S256";
            outcome.done(url, null);
        });
    }

    /**
     * A login kept on this device ("stay logged in"): reads the provider's configuration, then exchanges the kept
     * refresh token for an access token (and, where the provider rotates them, a new refresh token: keep {@link
     * #refreshToken()} again). Fails when the provider no longer accepts it; the user then logs in with it again.
     */
    public void resume(String keptRefreshToken, Outcome outcome) {
        if (keptRefreshToken == null || keptRefreshToken.isEmpty()) {
            outcome.done(null, "no refresh token was kept");
            return;
        }
        discover(outcome, authorization -> {
            refreshToken = keptRefreshToken;
            refresh(outcome);
        });
    }

    /** Reads the provider's configuration (checked: its issuer, https endpoints), then gives its authorization URL. */
    private void discover(Outcome failed, java.util.function.Consumer<String> then) {
        http.get(issuer + "/.well-known/openid-configuration", false, (status, text) -> {
            if (status != 200 || text == null || text.length() > MAX_DOCUMENT_CHARS) {
                failed.done(null, "the identity provider's configuration could not be read ("
                        + (status == 0 ? text : "HTTP " + status) + ")");
                return;
            }
            Map<String, Object> doc;
            try {
                doc = Json.parseObject(text);
            } catch (IllegalArgumentException e) {
                failed.done(null, "the identity provider's configuration is not JSON");
                return;
            }
            Object iss = doc.get("issuer");
            Object authorization = doc.get("authorization_endpoint");
            Object token = doc.get("token_endpoint");
            if (!(iss instanceof String) || !issuer.equals(trimSlash((String) iss))) {
                failed.done(null, "the identity provider's configuration names another issuer (" + iss + ")");
                return;
            }
            if (!(authorization instanceof String) || !secureHttp((String) authorization)
                    || !(token instanceof String) || !secureHttp((String) token)) {
                failed.done(null, "the identity provider's endpoints are missing or not https");
                return;
            }
            tokenEndpoint = (String) token;
            then.accept((String) authorization);
        });
    }

    /**
     * The provider sent the user back with {@code code} (or {@code error}) and {@code state}: exchanges the code for
     * the access token. A state that is not this login's is refused (a forged or replayed answer).
     */
    public void finish(String code, String returnedState, String error, Outcome outcome) {
        String expected = state;
        state = null; // one answer per login
        if (expected == null || returnedState == null || !constantTimeEquals(expected, returnedState)) {
            outcome.done(null, "the identity provider's answer does not belong to this login");
            return;
        }
        if (error != null) {
            outcome.done(null, "the identity provider refused: " + (error.length() > 200 ? error.substring(0, 200) : error));
            return;
        }
        if (code == null || code.isEmpty() || code.length() > 4096) {
            outcome.done(null, "the identity provider sent no code");
            return;
        }
        String body = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(redirectUri)
                + "&client_id=" + encode(clientId) + "&code_verifier=" + verifier;
        verifier = null;
        tokenRequest(body, outcome);
    }

    /**
     * Exchanges the refresh token for a new access token (and, where the provider rotates them, a new refresh
     * token). Fails when there is none, or the provider refuses it (revoked, expired): the user then logs in with the
     * provider again.
     */
    public void refresh(Outcome outcome) {
        if (refreshToken == null || tokenEndpoint == null) {
            outcome.done(null, "the identity provider gave no refresh token");
            return;
        }
        tokenRequest("grant_type=refresh_token&refresh_token=" + encode(refreshToken) + "&client_id="
                + encode(clientId), outcome);
    }

    /** Whether {@link #refresh} can be tried. */
    public boolean canRefresh() {
        return refreshToken != null;
    }

    /** The refresh token the provider gave last (what a kept login keeps), or null. */
    public String refreshToken() {
        return refreshToken;
    }

    /** The provider (its issuer URL, without a trailing slash). */
    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** The access token's lifetime as the provider stated it with the last token (seconds), or -1. */
    public long expiresInSeconds() {
        return expiresInSeconds;
    }

    private void tokenRequest(String body, Outcome outcome) {
        http.postForm(tokenEndpoint, body, (status, text) -> {
            Map<String, Object> answer = null;
            try {
                answer = text != null && text.length() <= MAX_DOCUMENT_CHARS ? Json.parseObject(text) : null;
            } catch (IllegalArgumentException e) {
                answer = null;
            }
            Object token = answer == null ? null : answer.get("access_token");
            Object type = answer == null ? null : answer.get("token_type");
            if (status != 200 || !(token instanceof String) || !(type instanceof String)
                    || !"bearer".equalsIgnoreCase((String) type)) {
                Object why = answer == null ? null : answer.get("error");
                outcome.done(null, "the identity provider gave no token ("
                        + (why instanceof String ? why : status == 0 ? text : "HTTP " + status) + ")");
                return;
            }
            Object refresh = answer.get("refresh_token");
            if (refresh instanceof String && !((String) refresh).isEmpty() && ((String) refresh).length() <= 4096) {
                refreshToken = (String) refresh; // a rotated one replaces the old
            }
            Object expires = answer.get("expires_in");
            expiresInSeconds = expires instanceof Number && ((Number) expires).doubleValue() > 0
                    ? (long) ((Number) expires).doubleValue() : -1;
            outcome.done((String) token, null);
        });
    }

    private String random(int bytes) {
        return base64url(crypto.randomBytes(bytes));
    }

    static String base64url(byte[] data) {
        String b = im.parley.util.Base64.encode(data);
        StringBuilder sb = new StringBuilder(b.length());
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c == '+') {
                sb.append('-');
            } else if (c == '/') {
                sb.append('_');
            } else if (c != '=') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean constantTimeEquals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }

    /** application/x-www-form-urlencoded and URL query encoding (UTF-8, unreserved characters kept). */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
