package im.parley.discovery;

import im.parley.stream.HttpGet;
import im.parley.stream.Urls;
import java.util.function.Function;

/**
 * Finds a domain's connection endpoint (XEP-0156) when the settings name no {@code websocket_url} or
 * {@code bosh_service_url}: reads {@code https://DOMAIN/.well-known/host-meta.json}, then the XRD
 * {@code host-meta}, and takes the first secure WebSocket endpoint, else the first secure BOSH one. Only HTTPS
 * host-meta is read (anyone on the path could rewrite a plain one) and only wss:// or https:// endpoints are taken,
 * ws:// or http:// only to the loopback interface.
 */
public final class ConnectionDiscovery {
    /** The outcome: the endpoint found, or why none was. */
    public interface Result {
        void done(String url, String error);
    }

    private final HttpGet http;
    private final Function<String, String> base;

    /** Reads host-meta from {@code https://DOMAIN}. */
    public ConnectionDiscovery(HttpGet http) {
        this(http, domain -> "https://" + domain);
    }

    /** @param base the origin to read a domain's host-meta from (tests serve it on loopback) */
    public ConnectionDiscovery(HttpGet http, Function<String, String> base) {
        this.http = http;
        this.base = base;
    }

    public void discover(String domain, Result result) {
        String origin = base.apply(domain);
        http.get(origin + "/.well-known/host-meta.json", false, (status, text) -> {
            String jsonProblem;
            if (status == 200) {
                try {
                    String url = pick(HostMeta.parseJson(text));
                    if (url != null) {
                        result.done(url, null);
                        return;
                    }
                    jsonProblem = "host-meta.json lists no secure WebSocket or BOSH endpoint";
                } catch (IllegalArgumentException e) {
                    jsonProblem = "host-meta.json: " + e.getMessage();
                }
            } else {
                jsonProblem = "host-meta.json: " + (status == 0 ? text : "HTTP " + status);
            }
            String first = jsonProblem;
            http.get(origin + "/.well-known/host-meta", false, (status2, text2) -> {
                String problem;
                if (status2 == 200) {
                    try {
                        String url = pick(HostMeta.parseXrd(text2));
                        if (url != null) {
                            result.done(url, null);
                            return;
                        }
                        problem = "host-meta lists no secure WebSocket or BOSH endpoint";
                    } catch (IllegalArgumentException e) {
                        problem = "host-meta: " + e.getMessage();
                    }
                } else {
                    problem = "host-meta: " + (status2 == 0 ? text2 : "HTTP " + status2);
                }
                result.done(null, "no chat server endpoint found for " + domain + " (" + first + "; " + problem
                        + "); set websocket_url or bosh_service_url");
            });
        });
    }

    /** The first secure WebSocket endpoint, else the first secure BOSH one, else null. */
    static String pick(HostMeta meta) {
        for (String url : meta.websocket()) {
            if ((url.startsWith("wss://") || url.startsWith("ws://")) && Urls.isSecure(url)) {
                return url;
            }
        }
        for (String url : meta.bosh()) {
            if ((url.startsWith("https://") || url.startsWith("http://")) && Urls.isSecure(url)) {
                return url;
            }
        }
        return null;
    }
}
