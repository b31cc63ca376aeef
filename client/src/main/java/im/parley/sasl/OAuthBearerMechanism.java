package im.parley.sasl;

import java.nio.charset.StandardCharsets;

/**
 * SASL OAUTHBEARER (RFC 7628): an OAuth 2.0 bearer token, obtained from the user's identity provider, stands in
 * for the password. Used only when the settings ask for it ({@code authentication: 'oauth'}), never as a fallback,
 * and never offered with a token over an insecure transport.
 */
public final class OAuthBearerMechanism implements SaslMechanism {
    private static final char SOH = 1;
    private final String authzid;
    private final String token;
    private boolean failed;

    /** @param authzid the account (user@domain) the token is for; the server may check it against the token */
    public OAuthBearerMechanism(String authzid, String token) {
        this.authzid = authzid;
        this.token = token;
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    /** RFC 7628 3.1: {@code n,a=AUTHZID,^Aauth=Bearer TOKEN^A^A} (no host and port: the server knows itself). */
    @Override
    public byte[] initialResponse() throws SaslException {
        if (token == null || token.isEmpty()) {
            throw new SaslException("no OAuth token: log in with the identity provider first");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) { // RFC 6750 b64token characters, never a control character
                throw new SaslException("the OAuth token has characters a bearer token cannot have");
            }
        }
        // A StringBuilder, not +: TeaVM 0.16 miscompiles string concatenations whose literals hold U+0001 (javac's
        // recipe marker).
        StringBuilder sb = new StringBuilder("n,a=").append(ScramMechanism.saslName(authzid))
                .append(',').append(SOH).append("auth=Bearer ").append(token).append(SOH).append(SOH);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * RFC 7628 3.2.2: a challenge is the server's JSON error; the client answers with a single ^A and the server
     * then fails the exchange. A second challenge is a protocol error.
     */
    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (failed) {
            throw new SaslException("the server sent a second OAUTHBEARER challenge");
        }
        failed = true;
        return new byte[] {1};
    }

    @Override
    public void verifySuccess(byte[] additionalData) throws SaslException {
        if (failed) {
            throw new SaslException("the server accepted an OAUTHBEARER exchange it had failed");
        }
    }
}
