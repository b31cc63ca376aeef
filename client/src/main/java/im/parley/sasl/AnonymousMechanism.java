package im.parley.sasl;

/**
 * SASL ANONYMOUS (RFC 4505): no credentials; the server makes up a temporary account. Used only when the settings
 * ask for it ({@code authentication: 'anonymous'}), never as a fallback for a password login.
 */
public final class AnonymousMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "ANONYMOUS";
    }

    /** An empty trace (RFC 4505 allows one): nothing about the user goes to the server. */
    @Override
    public byte[] initialResponse() {
        return new byte[0];
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        throw new SaslException("ANONYMOUS has no challenges, but the server sent one");
    }

    @Override
    public void verifySuccess(byte[] additionalData) {
    }
}
