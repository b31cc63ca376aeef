package im.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.stream.HttpGet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XEP-0156 host-meta documents (the examples of XEP-0156 section 3) and the choice of endpoint. */
class HostMetaTest {
    static final String XRD = "<?xml version='1.0' encoding='utf-8'?>\n"
            + "<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n"
            + "  <Link rel=\"urn:xmpp:alt-connections:xbosh\" href=\"https://web.example.com:5280/bosh\" />\n"
            + "  <Link rel=\"urn:xmpp:alt-connections:websocket\" href=\"wss://web.example.com:443/ws\" />\n"
            + "</XRD>";
    static final String JSON = "{\"links\": [{\"rel\": \"urn:xmpp:alt-connections:xbosh\", \"href\":"
            + " \"https://web.example.com:5280/bosh\"}, {\"rel\": \"urn:xmpp:alt-connections:websocket\","
            + " \"href\": \"wss://web.example.com:443/ws\"}]}";

    @Test
    void readsTheXrdAndTheJsonForm() {
        for (HostMeta m : new HostMeta[] {HostMeta.parseXrd(XRD), HostMeta.parseJson(JSON)}) {
            assertEquals(List.of("wss://web.example.com:443/ws"), m.websocket());
            assertEquals(List.of("https://web.example.com:5280/bosh"), m.bosh());
            assertEquals("wss://web.example.com:443/ws", ConnectionDiscovery.pick(m));
        }
    }

    @Test
    void plainEndpointsAreTakenOnlyOnThisComputer() {
        HostMeta m = HostMeta.parseJson("{\"links\": [{\"rel\": \"urn:xmpp:alt-connections:websocket\", \"href\":"
                + " \"ws://chat.example.com/ws\"}, {\"rel\": \"urn:xmpp:alt-connections:xbosh\", \"href\":"
                + " \"http://chat.example.com/bosh\"}, {\"rel\": \"urn:xmpp:alt-connections:xbosh\", \"href\":"
                + " \"javascript:alert(1)\"}]}");
        assertNull(ConnectionDiscovery.pick(m), "plain ws:// and http:// over the network are not taken");
        HostMeta local = HostMeta.parseJson("{\"links\": [{\"rel\": \"urn:xmpp:alt-connections:websocket\", \"href\":"
                + " \"ws://127.0.0.1:5280/xmpp-websocket\"}]}");
        assertEquals("ws://127.0.0.1:5280/xmpp-websocket", ConnectionDiscovery.pick(local));
    }

    @Test
    void badDocumentsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> HostMeta.parseJson("not json"));
        IllegalArgumentException dtd = assertThrows(IllegalArgumentException.class, () -> HostMeta.parseXrd(
                "<!DOCTYPE x [<!ENTITY a 'b'>]><XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'/>"));
        assertTrue(dtd.getMessage().contains("not XML Parley accepts"), dtd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostMeta.parseXrd("<html/>"));
        assertThrows(IllegalArgumentException.class, () -> HostMeta.parseJson("{\"links\": \""
                + "x".repeat(HostMeta.MAX_CHARS) + "\"}"));
    }

    /** Answers from a map of URL to [status, body]; records what was asked. */
    static final class FakeHttp implements HttpGet {
        final Map<String, Object[]> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public void get(String url, boolean withCookies, Answer answer) {
            asked.add(url + (withCookies ? " with cookies" : ""));
            Object[] a = answers.getOrDefault(url, new Object[] {404, "not found"});
            answer.done((Integer) a[0], (String) a[1]);
        }

        @Override
        public void postForm(String url, String body, Answer answer) {
            asked.add("POST " + url + " " + body);
            Object[] a = answers.getOrDefault("POST " + url, new Object[] {404, "not found"});
            answer.done((Integer) a[0], (String) a[1]);
        }
    }

    @Test
    void triesTheJsonThenTheXrdOverHttpsWithoutCookies() {
        FakeHttp http = new FakeHttp();
        http.answers.put("https://example.com/.well-known/host-meta", new Object[] {200, XRD});
        String[] got = new String[2];
        new ConnectionDiscovery(http).discover("example.com", (url, error) -> {
            got[0] = url;
            got[1] = error;
        });
        assertEquals(List.of("https://example.com/.well-known/host-meta.json",
                "https://example.com/.well-known/host-meta"), http.asked);
        assertEquals("wss://web.example.com:443/ws", got[0]);
        assertNull(got[1]);
    }

    @Test
    void saysWhyNothingWasFound() {
        FakeHttp http = new FakeHttp();
        http.answers.put("https://example.com/.well-known/host-meta.json", new Object[] {200, "{\"links\": []}"});
        http.answers.put("https://example.com/.well-known/host-meta", new Object[] {0, "TypeError: Failed to fetch"});
        String[] got = new String[2];
        new ConnectionDiscovery(http).discover("example.com", (url, error) -> {
            got[0] = url;
            got[1] = error;
        });
        assertNull(got[0]);
        assertEquals("no chat server endpoint found for example.com (host-meta.json lists no secure WebSocket or BOSH"
                + " endpoint; host-meta: TypeError: Failed to fetch); set websocket_url or bosh_service_url", got[1]);
    }
}
