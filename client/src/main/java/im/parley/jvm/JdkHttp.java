package im.parley.jvm;

import im.parley.bosh.BoshTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * BOSH's HTTP POST and discovery's GET on the JVM (java.net.http, HTTP/1.1; no cookie store); answers are handed
 * to the client's event thread.
 */
public final class JdkHttp implements BoshTransport.Http, im.parley.stream.HttpGet {
    private final Executor events;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public JdkHttp(Executor events) {
        this.events = events;
    }

    @Override
    public void get(String url, boolean withCookies, im.parley.stream.HttpGet.Answer answer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
                events.execute(() -> answer.done(error == null ? response.statusCode() : 0,
                        error == null ? response.body() : String.valueOf(error.getMessage()))));
    }

    @Override
    public void postForm(String url, String body, im.parley.stream.HttpGet.Answer answer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
                events.execute(() -> answer.done(error == null ? response.statusCode() : 0,
                        error == null ? response.body() : String.valueOf(error.getMessage()))));
    }

    @Override
    public void post(String url, String body, im.parley.bosh.ConnectionOptions options,
            BoshTransport.Http.Answer answer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body));
        options.headers().forEach(builder::header); // (no cookie jar on the JVM: withCredentials has nothing to send)
        HttpRequest request = builder.build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
                events.execute(() -> answer.done(error == null ? response.statusCode() : 0,
                        error == null ? response.body() : String.valueOf(error.getMessage()))));
    }
}
