package im.parley.stream;

/**
 * One HTTP GET: fetch in the worker, java.net.http on the JVM. Used for the discovery of connection endpoints
 * (XEP-0156 host-meta), Converse's {@code credentials_url}, and OAuth's token request. The answer comes on the client's event thread.
 */
public interface HttpGet {
    /**
     * @param withCookies whether the browser sends the site's cookies (a credentials endpoint knows the user by
     *                    them); never for discovery
     */
    void get(String url, boolean withCookies, Answer answer);

    /** A POST of an {@code application/x-www-form-urlencoded} body, without cookies (OAuth's token request). */
    void postForm(String url, String body, Answer answer);

    interface Answer {
        /** The HTTP status and body, or status 0 and what went wrong. */
        void done(int status, String text);
    }
}
