package im.parley.sasl;

/**
 * SASL EXTERNAL (RFC 4422 appendix A): the server takes the identity from outside the exchange, here the client
 * certificate the browser presented in the TLS handshake (XEP-0178). The client names the account it wants as the
 * authorization identity; the server checks the certificate is for it. Used only when the settings ask for it
 * ({@code authentication: 'external'}), never as a fallback.
 */
public final class ExternalMechanism implements SaslMechanism {
    private final String authzid;

    /** @param authzid the account (user@domain) the certificate must be for */
    public ExternalMechanism(String authzid) {
        this.authzid = authzid;
    }

    @Override
    public String name() {
        return "EXTERNAL";
    }

    @Override
    public byte[] initialResponse() {
        return authzid.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        throw new SaslException("EXTERNAL has no challenges, but the server sent one");
    }

    @Override
    public void verifySuccess(byte[] additionalData) {
    }
}
