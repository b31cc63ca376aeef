package im.parley.sasl;

/** A SASL exchange failed on the client side (bad server data, failed server verification). */
public final class SaslException extends Exception {
    public SaslException(String message) {
        super(message);
    }
}
