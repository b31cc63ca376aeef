package im.parley.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentTest {
    private static Deployment deployment(String json, List<String> errors) {
        return new Deployment(Json.parseObject(json), errors);
    }

    @Test
    void onlyListedOriginsMayEmbed() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"allowed_host_origins\":[\"https://www.example.com\",\"http://127.0.0.1:8381\"]}", errors);
        assertEquals(List.of(), errors);
        assertTrue(d.allowsHost("https://www.example.com"));
        assertTrue(d.allowsHost("http://127.0.0.1:8381"));
        assertFalse(d.allowsHost("https://www.example.com.evil.net"));
        assertFalse(d.allowsHost("http://www.example.com"));
        assertFalse(d.allowsHost("null"));
        assertFalse(d.allowsHost(null));
        assertFalse(deployment("{}", errors).allowsHost("https://www.example.com"), "nothing is allowed by default");
    }

    @Test
    void malformedEntriesAreReportedAndIgnored() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"allowed_host_origins\":[\"*\",\"https://a.example/path\",\"example.com\",3],"
                + "\"locked_settings\":[\"nope\"],\"password\":\"x\"}", errors);
        assertEquals(6, errors.size(), errors.toString());
        assertTrue(d.allowedHosts().isEmpty());
        assertFalse(d.defaults().containsKey("password"));
    }

    @Test
    void aDeploymentsServerCannotBeChangedByThePage() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"websocket_url\":\"wss://xmpp.example.com/ws\",\"locked_settings\":[\"allow_non_roster_messaging\"]}", errors);
        Map<String, Object> merged = d.merge(Map.of("websocket_url", "wss://evil.example/ws", "jid", "a@b"), errors);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("'websocket_url' is locked"), errors.get(0));
        errors.clear();
        d.merge(Map.of("allow_non_roster_messaging", true), errors);
        assertTrue(errors.get(0).contains("'allow_non_roster_messaging' is locked"), errors.toString());
        errors.clear();
        merged = d.merge(Map.of("websocket_url", "wss://xmpp.example.com/ws", "jid", "a@b"), errors);
        assertEquals(List.of(), errors, "repeating the deployment's own value is fine");
        assertEquals("a@b", merged.get("jid"));
    }
}
