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
        if (offered.contains("SCRAM-SHA-512")) {
            return new ScramMechanism("SCRAM-SHA-512", crypto, username, password);
        }
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

    /**
     * The choice for a login with stored {@link Credentials}: SCRAM works with the password or with cached
     * keys; PLAIN needs the password and a secure transport.
     */
    public static SaslMechanism choose(List<String> offered, boolean allowPlain, Crypto crypto, Credentials credentials) {
        if (credentials.isExternal()) {
            // The certificate is in the TLS layer: only over a transport Parley calls secure, only EXTERNAL.
            return allowPlain && offered.contains("EXTERNAL") ? new ExternalMechanism(credentials.username()) : null;
        }
        if (credentials.isOAuth()) {
            // A token is as good as a password to whoever sees it: OAUTHBEARER only, only over a secure transport.
            return allowPlain && offered.contains("OAUTHBEARER") ? new OAuthBearerMechanism(credentials.username(),
                    credentials.oauthToken()) : null;
        }
        if (credentials.isAnonymous()) {
            // Anonymous logins use ANONYMOUS only; password logins never fall back to it.
            return offered.contains("ANONYMOUS") ? new AnonymousMechanism() : null;
        }
        if (credentials.password() == null && credentials.hasScramKeys()) {
            // Only the keys of the mechanism used at login can be replayed.
            String m = credentials.scramMechanism();
            return offered.contains(m) ? new ScramMechanism(m, crypto, credentials) : null;
        }
        if (offered.contains("SCRAM-SHA-512") && credentials.password() != null) {
            return new ScramMechanism("SCRAM-SHA-512", crypto, credentials);
        }
        if (offered.contains("SCRAM-SHA-256") && (credentials.password() != null || credentials.hasScramKeys())) {
            return new ScramMechanism("SCRAM-SHA-256", crypto, credentials);
        }
        if (offered.contains("SCRAM-SHA-1") && (credentials.password() != null || credentials.hasScramKeys())) {
            return new ScramMechanism("SCRAM-SHA-1", crypto, credentials);
        }
        if (allowPlain && offered.contains("PLAIN") && credentials.password() != null) {
            return new PlainMechanism(credentials.username(), credentials.password());
        }
        return null;
    }
}
