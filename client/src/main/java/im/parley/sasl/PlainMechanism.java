package im.parley.sasl;

import java.nio.charset.StandardCharsets;

/** SASL PLAIN (RFC 4616). The caller decides whether the transport is secure enough to use it. */
public final class PlainMechanism implements SaslMechanism {
    private byte[] message;

    public PlainMechanism(String username, String password) {
        this.message = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public byte[] initialResponse() {
        byte[] m = message;
        message = null;
        return m;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        throw new SaslException("PLAIN takes no challenge");
    }

    @Override
    public void verifySuccess(byte[] additionalData) {
    }
}
