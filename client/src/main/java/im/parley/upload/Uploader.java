package im.parley.upload;

import java.util.List;

/** The HTTP PUT of a file's bytes (a platform binding). */
public interface Uploader {
    interface Progress {
        void progress(double loaded, double total);
    }

    /**
     * PUTs {@code body} (a Blob in the worker, a byte[] on the JVM) to {@code url} with the slot's headers and the
     * content type; {@code done} gets null on a 2xx answer, else why it failed. No cookies, no redirects.
     */
    void put(String url, List<String[]> headers, String contentType, Object body, Progress progress,
            java.util.function.Consumer<String> done);
}
