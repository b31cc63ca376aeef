package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.upload.UploadSlot;
import im.parley.util.Jid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * File upload (XEP-0363) against Prosody's http_file_share: the client finds the service, gets a slot, PUTs the
 * bytes and shares the link (body and XEP-0066); Smack receives it, and the file downloads intact. A file over the
 * service's limit is refused before any byte is sent.
 */
@ExtendWith(TestServers.class)
class UploadAgainstProsodyTest {
    @Test
    void uploadAFileAndShareItsLink() throws Exception {
        byte[] png = SmackPeer.png(0x3366cc);
        try (SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass");
                JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            CompletableFuture<UploadSlot> slot = new CompletableFuture<>();
            uma.run(() -> uma.client.requestUploadSlot("../holiday photo.png", png.length, "image/png", (s, why) -> {
                if (s != null) {
                    slot.complete(s);
                } else {
                    slot.completeExceptionally(new AssertionError(why));
                }
            }));
            UploadSlot s = slot.get(15, TimeUnit.SECONDS);
            assertTrue(s.getUrl().startsWith("http://127.0.0.1:" + TestServers.prosody().httpPort() + "/"), s.getUrl());
            assertTrue(s.getUrl().endsWith("/holiday%20photo.png") || s.getUrl().endsWith("/holiday photo.png"),
                    s.getUrl());

            CompletableFuture<String> put = new CompletableFuture<>();
            double[] progress = new double[2];
            new JdkUploader(uma.loop).put(s.putUrl(), s.headers(), "image/png", png, (loaded, total) -> {
                progress[0] = loaded;
                progress[1] = total;
            }, err -> put.complete(err == null ? "ok" : err));
            assertEquals("ok", put.get(15, TimeUnit.SECONDS));
            assertEquals(png.length, progress[1]);

            ChatMessage sent = uma.call(() -> uma.client.sendLink(Jid.parse("vic@localhost"), s.getUrl()));
            assertEquals(s.getUrl(), sent.oob());
            Message got = vic.next(10, TimeUnit.SECONDS);
            while (got != null && !s.getUrl().equals(got.getBody())) {
                got = vic.next(10, TimeUnit.SECONDS);
            }
            assertNotNull(got, "vic received the link");
            assertEquals(s.getUrl(), SmackPeer.extensionText(got, "x", "jabber:x:oob", "url"));

            HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(s.getUrl())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertArrayEquals(png, download.body());
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeUploading() throws Exception {
        try (JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            CompletableFuture<String> why = new CompletableFuture<>();
            uma.run(() -> uma.client.requestUploadSlot("big.bin", Prosody.UPLOAD_LIMIT + 1L, null,
                    (s, err) -> why.complete(s == null ? err : "got a slot")));
            String reason = why.get(15, TimeUnit.SECONDS);
            assertTrue(reason.contains("larger than the server accepts"), reason);
            CompletableFuture<String> empty = new CompletableFuture<>();
            uma.run(() -> uma.client.requestUploadSlot("e.txt", 0, "text/plain", (s, err) -> empty.complete(err)));
            assertEquals("the file is empty", empty.get(5, TimeUnit.SECONDS));
        }
    }
}
