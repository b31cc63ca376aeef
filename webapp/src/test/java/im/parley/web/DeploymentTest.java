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

    @Test
    void aPageCannotAddTheOtherEndpoint() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"websocket_url\":\"wss://xmpp.example.com/ws\"}", errors);
        d.merge(Map.of("bosh_service_url", "https://evil.example/http-bind"), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'bosh_service_url' is locked"), errors.toString());
        errors.clear();
        Deployment bosh = deployment("{\"bosh_service_url\":\"https://xmpp.example.com/http-bind\"}", errors);
        bosh.merge(Map.of("websocket_url", "wss://evil.example/ws"), errors);
        assertTrue(errors.get(0).contains("'websocket_url' is locked"), errors.toString());
    }

    @Test
    void aPageCannotGiveTheDeploymentsBoshRequestsCookiesOrHeaders() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"bosh_service_url\":\"https://xmpp.example.com/http-bind\"}", errors);
        d.merge(Map.of("connection_options", Map.of("withCredentials", true)), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'connection_options' is locked"), errors.toString());
    }

    @Test
    void connectionOptionsAreCheckedWithTheOtherSettings() {
        List<String> errors = new ArrayList<>();
        Map<String, Object> ok = Settings.check(Map.of("connection_options", Map.of("withCredentials", true,
                "customHeaders", Map.of("X-Tenant", "acme"))), errors);
        assertEquals(List.of(), errors);
        assertEquals(Map.of("withCredentials", true, "customHeaders", Map.of("X-Tenant", "acme")),
                ok.get("connection_options"));
        Settings.check(Map.of("connection_options", Map.of("customHeaders", Map.of("X-A", "a\nb"))), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("setting connection_options.customHeaders"), errors.toString());
        errors.clear();
        Settings.check(Map.of("connection_options", new Settings.BadType("function")), errors);
        assertTrue(errors.get(0).contains("must be an object"), errors.toString());
    }

    @Test
    void aPageCannotPointTheDeploymentsCredentialsElsewhere() {
        List<String> errors = new ArrayList<>();
        Deployment d = deployment("{\"credentials_url\":\"https://www.example.com/xmpp-credentials\"}", errors);
        d.merge(Map.of("credentials_url", "https://evil.example/creds"), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'credentials_url' is locked"), errors.toString());
    }

    @Test
    void theDeploymentDecidesWhichPluginsMayRunAndThePageCanOnlyNarrowIt() {
        List<String> errors = new ArrayList<>();
        String pinned = "sha256-" + im.parley.util.Base64.encode(new byte[32]);
        Deployment d = deployment("{\"whitelisted_plugins\":[\"a\",\"b\"],\"blacklisted_plugins\":[\"c\"],"
                + "\"plugins\":{\"a\":{\"url\":\"plugins/a.js\",\"integrity\":\"" + pinned + "\"},"
                + "\"broken\":{\"url\":\"plugins/x.js\"}}}", errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("plugin 'broken' needs a url and an integrity value"), errors.toString());
        errors.clear();
        Map<String, Object> merged = d.merge(Map.of("whitelisted_plugins", List.of("b", "evil"),
                "blacklisted_plugins", List.of("b")), errors);
        assertEquals(List.of(), errors);
        assertEquals(List.of("b"), merged.get("whitelisted_plugins"), "the page cannot add 'evil' to the whitelist");
        assertEquals(List.of("c", "b"), merged.get("blacklisted_plugins"));

        // The page may declare other plugins, but not redeclare the deployment's with another digest.
        List<Object> plugins = d.plugins(List.of(
                Map.of("name", "a", "url", "plugins/a.js", "integrity", "sha256-" + im.parley.util.Base64.encode(new byte[32]).replace('A', 'B')),
                Map.of("name", "b", "url", "plugins/b.js", "integrity", pinned),
                Map.of("name", "c", "url", "plugins/c.js")), errors);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("plugin 'a' is declared by this deployment with another URL or integrity"));
        assertTrue(errors.get(1).contains("not {name, url, integrity}"));
        assertEquals(List.of("a", "b"), plugins.stream().map(p -> ((Map<?, ?>) p).get("name")).toList());
        assertEquals(pinned, ((Map<?, ?>) plugins.get(0)).get("integrity"), "the deployment's digest stays");
    }

    @Test
    void converseNamesForTheSecureSettingsAreAccepted() {
        List<String> errors = new ArrayList<>();
        Map<String, Object> s = Settings.check(Map.of("allow_muc_invites", false, "whitelisted_plugins", List.of("x")),
                errors);
        assertEquals(List.of(), errors);
        assertEquals(Boolean.FALSE, s.get("allow_muc_invitations"));
        assertEquals(Boolean.TRUE, s.get("allow_adhoc_commands"));
        Settings.check(Map.of("whitelisted_plugins", List.of(1)), errors);
        assertTrue(errors.get(0).contains("'whitelisted_plugins' must be a list of strings"), errors.toString());
    }
}
