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
        read(origin + "/.well-known/host-meta.json", HostMeta::parseJson, "host-meta.json", (url, jsonProblem) -> {
            if (url != null) {
                result.done(url, null);
                return;
            }
            read(origin + "/.well-known/host-meta", HostMeta::parseXrd, "host-meta", (url2, problem) -> {
                if (url2 != null) {
                    result.done(url2, null);
                    return;
                }
                result.done(null, "no chat server endpoint found for " + domain + " (" + jsonProblem + "; " + problem
                        + "); set websocket_url or bosh_service_url");
            });
        });
    }

    /** Reads one host-meta document ({@code name} in messages): the endpoint it names, or null and what was wrong. */
    private void read(String url, Function<String, HostMeta> parse, String name, Result then) {
        http.get(url, false, (status, text) -> {
            if (status != 200) {
                then.done(null, name + ": " + (status == 0 ? text : "HTTP " + status));
                return;
            }
            String found;
            try {
                found = pick(parse.apply(text));
            } catch (IllegalArgumentException e) {
                then.done(null, name + ": " + e.getMessage());
                return;
            }
            then.done(found, found == null ? name + " lists no secure WebSocket or BOSH endpoint" : null);
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
