package im.parley.store;

/**
 * The end of an asynchronous operation: exactly one call, with the value and a null error, or with a null value
 * and an error text. Error texts start with a short code ("quota", "unavailable", "integrity", "unwrap") and a
 * colon when the caller may act on them.
 */
public interface Callback<T> {
    void done(T value, String error);

    /** An error text's code: what comes before the first colon. */
    static String code(String error) {
        if (error == null) {
            return null;
        }
        int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }
}
