package im.parley.upload;

import java.util.Collections;
import java.util.List;

/** Where to PUT a file and where it can be fetched afterwards, with the headers the PUT must carry. */
public final class UploadSlot {
    private final String putUrl;
    private final String getUrl;
    private final List<String[]> headers;

    UploadSlot(String putUrl, String getUrl, List<String[]> headers) {
        this.putUrl = putUrl;
        this.getUrl = getUrl;
        this.headers = Collections.unmodifiableList(headers);
    }

    public String putUrl() {
        return putUrl;
    }

    public String getUrl() {
        return getUrl;
    }

    /** [name, value] pairs: only Authorization, Cookie and Expires, as XEP-0363 allows. */
    public List<String[]> headers() {
        return headers;
    }
}
