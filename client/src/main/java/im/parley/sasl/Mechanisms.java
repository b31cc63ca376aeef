package im.parley.sasl;

import im.parley.crypto.Crypto;
import java.util.List;

/** Picks the strongest mechanism the server offers that the client may use. */
public final class Mechanisms {
    private Mechanisms() {
    }

    /**
     * @param offered      mechanism names from the server's features
     * @param allowPlain   whether the transport is secure enough for PLAIN
     * @return the mechanism to use, or null when none is acceptable
     */
    public static SaslMechanism choose(List<String> offered, boolean allowPlain, Crypto crypto, String username,
            String password) {
        if (offered.contains("SCRAM-SHA-256")) {
            return new ScramMechanism("SCRAM-SHA-256", crypto, username, password);
        }
        if (offered.contains("SCRAM-SHA-1")) {
            return new ScramMechanism("SCRAM-SHA-1", crypto, username, password);
        }
        if (allowPlain && offered.contains("PLAIN")) {
            return new PlainMechanism(username, password);
        }
        return null;
    }
}
