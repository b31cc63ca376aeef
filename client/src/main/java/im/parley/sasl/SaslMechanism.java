package im.parley.sasl;

/**
 * One SASL mechanism's client side (RFC 4422), as a step function over raw (already base64-decoded) bytes.
 * Instances are single-use.
 */
public interface SaslMechanism {
    String name();

    /** The initial response, or null when the mechanism has none. */
    byte[] initialResponse() throws SaslException;

    /** Answers a server challenge. */
    byte[] evaluateChallenge(byte[] challenge) throws SaslException;

    /** Checks the additional data of {@code <success/>} (e.g. SCRAM's server signature). */
    void verifySuccess(byte[] additionalData) throws SaslException;
}
