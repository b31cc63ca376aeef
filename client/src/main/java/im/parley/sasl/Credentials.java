package im.parley.sasl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the worker keeps to log in again without asking the user: after a SCRAM login, the password is dropped
 * and only the salted password (with the salt and iteration count it belongs to) stays, in memory. PLAIN needs
 * the password itself, so it is kept only when the server offers nothing better (and only over a transport the
 * settings call secure). The mechanisms the server offered at the first login are remembered: a later offer
 * without them is a downgrade and is refused.
 */
public final class Credentials {
    private final String username;
    private String password;
    private String scramMechanism;
    private String scramSalt;
    private int scramIterations;
    private byte[] saltedPassword;
    private List<String> firstOffer;

    public Credentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /**
     * For a login from SCRAM keys kept on the device ("stay logged in"): no password, only the salted password of
     * {@code mechanism} with the salt and iteration count it belongs to, and the mechanisms the server offered when
     * the keys were made (an offer without them later is refused as a downgrade, across page loads too).
     */
    public static Credentials saved(String username, String mechanism, String salt, int iterations, byte[] salted,
            List<String> firstOffer) {
        if (!mechanism.startsWith("SCRAM-") || salt == null || salted == null || salted.length == 0 || iterations < 1) {
            throw new IllegalArgumentException("saved SCRAM keys are incomplete");
        }
        Credentials c = new Credentials(username, null);
        c.rememberScram(mechanism, salt, iterations, salted);
        c.firstOffer = firstOffer == null ? null : Collections.unmodifiableList(new ArrayList<>(firstOffer));
        return c;
    }

    /** The salt of the kept SCRAM keys, or null. */
    public String scramSalt() {
        return saltedPassword == null ? null : scramSalt;
    }

    public int scramIterations() {
        return scramIterations;
    }

    /** A copy of the kept salted password, or null (for keeping it on the device, sealed). */
    public byte[] saltedPassword() {
        return saltedPassword == null ? null : saltedPassword.clone();
    }

    /** The mechanisms the server offered at the first login, or null before it. */
    public List<String> firstOffer() {
        return firstOffer;
    }

    private boolean anonymous;

    /** For SASL ANONYMOUS (RFC 4505): no username, no password; only the ANONYMOUS mechanism will do. */
    public static Credentials anonymous() {
        Credentials c = new Credentials(null, null);
        c.anonymous = true;
        return c;
    }

    public boolean isAnonymous() {
        return anonymous;
    }

    private String oauthToken;
    private boolean external;

    /**
     * For SASL EXTERNAL: the account (its bare JID); the client certificate the browser presents proves it. No
     * password exists, and only EXTERNAL will do.
     */
    public static Credentials external(String bareJid) {
        Credentials c = new Credentials(bareJid, null);
        c.external = true;
        return c;
    }

    public boolean isExternal() {
        return external;
    }

    /**
     * For SASL OAUTHBEARER (RFC 7628): the account (its bare JID, the exchange's authorization identity) and an
     * access token from its identity provider; no password exists, and only OAUTHBEARER will do.
     */
    public static Credentials oauth(String bareJid, String token) {
        Credentials c = new Credentials(bareJid, null);
        c.oauthToken = token;
        return c;
    }

    /** A refreshed access token replaces the old one (the next authentication, a reconnect, uses it). */
    public void renewOAuthToken(String token) {
        if (oauthToken == null || token == null || token.isEmpty()) {
            throw new IllegalStateException("no OAuth login to renew the token of");
        }
        oauthToken = token;
    }

    /** The OAuth access token, or null when the account logs in otherwise (or after logout). */
    public String oauthToken() {
        return oauthToken;
    }

    public boolean isOAuth() {
        return oauthToken != null;
    }

    public String username() {
        return username;
    }

    /** The password, or null once it has been dropped. */
    public String password() {
        return password;
    }

    /** Called after a successful SCRAM exchange: keeps the salted password and forgets the password. */
    public void rememberScram(String mechanism, String salt, int iterations, byte[] salted) {
        scramMechanism = mechanism;
        scramSalt = salt;
        scramIterations = iterations;
        saltedPassword = salted.clone();
        password = null;
    }

    /** The cached salted password for this mechanism, salt and iteration count, or null. */
    public byte[] saltedPasswordFor(String mechanism, String salt, int iterations) {
        if (saltedPassword != null && mechanism.equals(scramMechanism) && salt.equals(scramSalt)
                && iterations == scramIterations) {
            return saltedPassword.clone();
        }
        return null;
    }

    /** The SCRAM mechanism the cached keys belong to, or null. */
    public String scramMechanism() {
        return saltedPassword == null ? null : scramMechanism;
    }

    public boolean hasScramKeys() {
        return saltedPassword != null;
    }

    /**
     * Checks an offer of mechanisms against the first one seen.
     *
     * @return null if acceptable, otherwise the reason it is a downgrade
     */
    public String checkDowngrade(List<String> offered) {
        if (firstOffer == null) {
            firstOffer = Collections.unmodifiableList(new ArrayList<>(offered));
            return null;
        }
        for (String m : firstOffer) {
            if (m.startsWith("SCRAM-") && !offered.contains(m)) {
                return "the server no longer offers " + m + " (offered now: " + offered + "): possible downgrade attack";
            }
        }
        return null;
    }

    /**
     * The password was changed (in band): reconnects log in with the new one, and SCRAM's keys are derived
     * afresh the next time (the old salted password is gone).
     */
    public void passwordChanged(String newPassword) {
        if (saltedPassword != null) {
            java.util.Arrays.fill(saltedPassword, (byte) 0);
        }
        saltedPassword = null;
        scramSalt = null;
        password = newPassword;
    }

    /** Forgets everything (logout). */
    public void clear() {
        password = null;
        oauthToken = null;
        if (saltedPassword != null) {
            java.util.Arrays.fill(saltedPassword, (byte) 0);
        }
        saltedPassword = null;
        scramSalt = null;
    }
}
