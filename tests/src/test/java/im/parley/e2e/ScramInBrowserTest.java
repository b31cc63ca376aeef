package im.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.parley.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SCRAM as the worker computes it (the pure-Java SHA-1, SHA-256 and SHA-512, HMAC and PBKDF2 compiled by TeaVM to
 * JS and Wasm-GC, in a worker in Chromium) against the server's side computed on the JVM with javax.crypto. SHA-1
 * and SHA-256 also log in against Prosody in the other browser tests; Prosody 0.12 has no SCRAM-SHA-512, so this
 * is where its compiled code is checked.
 */
class ScramInBrowserTest extends BrowserSupport {
    @BeforeAll
    void mountSelfCheck() throws IOException {
        SelfCheckWorker.mount();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"js, SCRAM-SHA-1", "js, SCRAM-SHA-256", "js, SCRAM-SHA-512",
        "wasm, SCRAM-SHA-1", "wasm, SCRAM-SHA-256", "wasm, SCRAM-SHA-512"})
    void theCompiledExchangeMatchesTheJdk(String build, String mechanism) throws Exception {
        String jdk = mechanism.substring("SCRAM-".length()).replace("-", ""); // SHA1, SHA256, SHA512
        int bits = switch (mechanism) {
            case "SCRAM-SHA-1" -> 160;
            case "SCRAM-SHA-256" -> 256;
            default -> 512;
        };
        int iterations = 10_000;
        String password = "pässwörd ☃ pencil";
        byte[] salt = b("salt-for-" + mechanism);
        String nonce = "rOprNGfwEbeRWgbNEkqO";
        String serverFirst = "r=" + nonce + "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=" + Base64.getEncoder().encodeToString(salt)
                + ",i=" + iterations;
        // The server's side: PBKDF2 (RFC 8018) over the UTF-8 password, by hand with javax.crypto's HMAC.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("Hmac" + jdk);
        mac.init(new javax.crypto.spec.SecretKeySpec(b(password), "Hmac" + jdk));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] salted = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int k = 0; k < salted.length; k++) {
                salted[k] ^= u[k];
            }
        }
        assertEquals(bits / 8, salted.length);
        mac.init(new javax.crypto.spec.SecretKeySpec(salted, "Hmac" + jdk));
        byte[] clientKey = mac.doFinal(b("Client Key"));
        byte[] serverKey = mac.doFinal(b("Server Key"));
        byte[] storedKey = java.security.MessageDigest.getInstance(mechanism.substring("SCRAM-".length()))
                .digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce + "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] authMessage = b("n=user,r=" + nonce + "," + serverFirst + "," + withoutProof);
        mac.init(new javax.crypto.spec.SecretKeySpec(storedKey, "Hmac" + jdk));
        byte[] proof = mac.doFinal(authMessage);
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientKey[i];
        }
        mac.init(new javax.crypto.spec.SecretKeySpec(serverKey, "Hmac" + jdk));
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(mac.doFinal(authMessage));

        SelfCheckWorker.start(page, build);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("t", "scram");
        request.put("mechanism", mechanism);
        request.put("user", "user");
        request.put("password", password);
        request.put("nonce", nonce);
        request.put("serverFirst", serverFirst);
        request.put("serverFinal", serverFinal);
        Map<String, Object> reply = Json.parseObject(SelfCheckWorker.ask(page, Json.asciiOnly(Json.write(request))));
        assertEquals("n,,n=user,r=" + nonce, reply.get("first"), reply.toString());
        assertEquals(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof), reply.get("final"),
                reply.toString());
        assertEquals(Boolean.TRUE, reply.get("verified"), reply.toString());
        double ms = ((Number) reply.get("ms")).doubleValue();
        System.out.printf("SCRAM in the browser: %s, %s build, %d iterations: %.0f ms%n", mechanism, build,
                iterations, ms); // for the curious; timings are the benchmarks' business, not a test's
    }
}
