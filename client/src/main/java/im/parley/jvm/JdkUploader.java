package im.parley.jvm;

import im.parley.upload.Uploader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** XEP-0363's PUT on the JVM: java.net.http with the body as bytes; the answer is handled on the client's thread. */
public final class JdkUploader implements Uploader {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Executor loop;

    public JdkUploader(Executor loop) {
        this.loop = loop;
    }

    @Override
    public void put(String url, List<String[]> headers, String contentType, Object body, Progress progress,
            Consumer<String> done) {
        byte[] bytes = (byte[]) body;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", contentType);
        for (String[] h : headers) {
            request.header(h[0], h[1]);
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) ->
                loop.execute(() -> {
                    if (err != null) {
                        done.accept(String.valueOf(err.getMessage()));
                    } else if (resp.statusCode() / 100 != 2) {
                        done.accept("the server answered HTTP " + resp.statusCode());
                    } else {
                        progress.progress(bytes.length, bytes.length);
                        done.accept(null);
                    }
                }));
    }
}
