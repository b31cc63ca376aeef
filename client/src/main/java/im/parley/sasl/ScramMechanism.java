package im.parley.sasl;

import im.parley.crypto.Crypto;
import im.parley.util.Base64;
import im.parley.util.Strings;
import java.nio.charset.StandardCharsets;

/**
 * SCRAM-SHA-1, SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677; SHA-512 as registered by
 * draft-melnikov-scram-sha-512) without channel binding ("n,,"). The server's signature
 * is verified on success; a server that cannot prove it knows the password fails the login.
 */
public final class ScramMechanism implements SaslMechanism {
    /** Iteration counts above this are refused: a hostile server could otherwise stall the worker. */
    public static final int MAX_ITERATIONS = 1_000_000;
    private static final int MIN_ITERATIONS = 1024;

    private final String name;
    private final String hash;
    private final int hashLength;
    private final Crypto crypto;
    private final String username;
    private String password;
    private Credentials credentials;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private byte[] saltedPassword;
    private int step;
    private String saltSeen;
    private int iterationsSeen;

    public ScramMechanism(String name, Crypto crypto, String username, String password) {
        this(name, crypto, username, password, Base64.encode(crypto.randomBytes(24)));
    }

    /**
     * With stored credentials: uses the password if there still is one, else the salted password cached from
     * an earlier login (which works while the server keeps the same salt and iteration count). On success the
     * salted password is stored back and the password dropped.
     */
    public ScramMechanism(String name, Crypto crypto, Credentials credentials) {
        this(name, crypto, credentials.username(), credentials.password(), Base64.encode(crypto.randomBytes(24)));
        this.credentials = credentials;
    }

    /** With a fixed nonce, for test vectors only. */
    public ScramMechanism(String name, Crypto crypto, String username, String password, String clientNonce) {
        this.name = name;
        switch (name) {
            case "SCRAM-SHA-1": hash = "SHA-1"; hashLength = 20; break;
            case "SCRAM-SHA-256": hash = "SHA-256"; hashLength = 32; break;
            case "SCRAM-SHA-512": hash = "SHA-512"; hashLength = 64; break;
            default: throw new IllegalArgumentException("unsupported mechanism " + name);
        }
        this.crypto = crypto;
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    @Override
    public String name() {
        return name;
    }

    /** The salted password computed during the exchange (what a reconnect without the password needs). */
    public byte[] saltedPassword() {
        return saltedPassword;
    }

    static String saslName(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                sb.append("=3D");
            } else if (c == ',') {
                sb.append("=2C");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public byte[] initialResponse() {
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        step = 1;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (step != 1) {
            throw new SaslException("unexpected SCRAM challenge");
        }
        step = 2;
        String serverFirst = new String(challenge, StandardCharsets.UTF_8);
        String nonce = null;
        String salt = null;
        String iter = null;
        for (String part : Strings.split(serverFirst, ',')) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                continue;
            }
            String v = part.substring(2);
            switch (part.charAt(0)) {
                case 'r': nonce = v; break;
                case 's': salt = v; break;
                case 'i': iter = v; break;
                case 'm': throw new SaslException("server requires an unsupported SCRAM extension");
                case 'e': throw new SaslException("server error: " + v);
                default: break;
            }
        }
        if (nonce == null || salt == null || iter == null) {
            throw new SaslException("incomplete SCRAM server-first-message");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslException("server nonce does not extend the client nonce");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iter);
        } catch (NumberFormatException e) {
            throw new SaslException("bad SCRAM iteration count");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new SaslException("SCRAM iteration count " + iterations + " outside " + MIN_ITERATIONS + ".."
                    + MAX_ITERATIONS);
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.decode(salt);
        } catch (IllegalArgumentException e) {
            throw new SaslException("bad SCRAM salt");
        }
        byte[] cached = credentials == null ? null : credentials.saltedPasswordFor(name, salt, iterations);
        if (cached != null) {
            saltedPassword = cached;
        } else if (password != null) {
            saltedPassword = crypto.pbkdf2(hash, password.getBytes(StandardCharsets.UTF_8), saltBytes, iterations,
                    hashLength);
        } else {
            throw new SaslException("the server changed the account's SCRAM salt; log in again with the password");
        }
        password = null;
        saltSeen = salt;
        iterationsSeen = iterations;
        String clientFinalNoProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalNoProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = crypto.hmac(hash, saltedPassword, "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = crypto.hash(hash, clientKey);
        byte[] clientSignature = crypto.hmac(hash, storedKey, authBytes);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = crypto.hmac(hash, saltedPassword, "Server Key".getBytes(StandardCharsets.UTF_8));
        expectedServerSignature = crypto.hmac(hash, serverKey, authBytes);
        return (clientFinalNoProof + ",p=" + Base64.encode(proof)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void verifySuccess(byte[] additionalData) throws SaslException {
        if (expectedServerSignature == null) {
            throw new SaslException("SCRAM success before the exchange finished");
        }
        String serverFinal = additionalData == null ? "" : new String(additionalData, StandardCharsets.UTF_8);
        if (!serverFinal.startsWith("v=")) {
            throw new SaslException("SCRAM success without a server signature");
        }
        byte[] got;
        try {
            int comma = serverFinal.indexOf(',');
            got = Base64.decode(comma < 0 ? serverFinal.substring(2) : serverFinal.substring(2, comma));
        } catch (IllegalArgumentException e) {
            throw new SaslException("bad SCRAM server signature encoding");
        }
        if (!constantTimeEquals(got, expectedServerSignature)) {
            throw new SaslException("the server's SCRAM signature is wrong: it does not know the password");
        }
        if (credentials != null) {
            credentials.rememberScram(name, saltSeen, iterationsSeen, saltedPassword);
        }
    }

    private static boolean constantTimeEquals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }
}
