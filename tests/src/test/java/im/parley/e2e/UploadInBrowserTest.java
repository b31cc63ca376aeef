package im.parley.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import im.parley.testkit.Prosody;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File upload (XEP-0363) in Chromium against Prosody's http_file_share, Smack on the other side: a picture chosen in
 * the composer is uploaded by the worker and shared as a link; the contact receives it and the file downloads intact;
 * both sides see a preview. A file over the service's limit is refused with the reason; a picture from anywhere but
 * the deployment's upload service is not loaded.
 */
class UploadInBrowserTest extends BrowserSupport {
    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void shareAPictureAndReceiveOne(String build) throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        byte[] png = SmackPeer.png(0x22aa66);
        try (SmackPeer xia = new SmackPeer(TestServers.prosody(), "xia", "xia-Pw7-pass")) {
            loginAs(build, "wes", "wes-Pw7-pass");
            page.locator(".p-contact-button[data-jid='xia@localhost']").click();
            page.locator(".p-upload-file").setInputFiles(new FilePayload("pic-" + tag + ".png", "image/png", png));

            Message got = xia.next(15, TimeUnit.SECONDS);
            while (got != null && (got.getBody() == null || !got.getBody().contains("pic-" + tag))) {
                got = xia.next(15, TimeUnit.SECONDS);
            }
            assertNotNull(got, "xia received the link");
            String url = got.getBody();
            assertEquals(url, SmackPeer.extensionText(got, "x", "jabber:x:oob", "url"));
            HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(png, download.body());

            // The placeholder gives way to the message, whose preview loads from the upload service.
            assertThat(page.locator(".p-upload")).hasCount(0);
            Locator preview = page.locator(".p-message.p-out img.p-oob-image[src='" + url + "']");
            assertThat(preview).hasCount(1);
            page.waitForCondition(() -> ((Number) preview.evaluate("img => img.complete ? img.naturalWidth : 0"))
                    .intValue() > 0);

            // xia shares the same picture back, and a "picture" from elsewhere, which the policy keeps out.
            xia.sendLink("wes@localhost", "back-" + tag, url);
            Locator incoming = page.locator(".p-message.p-in img.p-oob-image[src='" + url + "']");
            assertThat(incoming).hasCount(1);
            String foreign = "http://203.0.113.7/track-" + tag + ".png";
            xia.sendLink("wes@localhost", "foreign-" + tag, foreign);
            Locator blocked = page.locator(".p-message.p-in img.p-oob-image[src='" + foreign + "']");
            assertThat(blocked).isHidden();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "wasm"})
    void aFileOverTheLimitIsRefusedWithTheReason(String build) {
        loginAs(build, "wes", "wes-Pw7-pass");
        page.locator(".p-contact-button[data-jid='xia@localhost']").click();
        page.locator(".p-upload-file").setInputFiles(new FilePayload("big.bin", "application/octet-stream",
                new byte[Prosody.UPLOAD_LIMIT + 1]));
        Locator failed = page.locator(".p-upload[data-state='failed'] .p-upload-error");
        assertThat(failed).containsText("larger than the server accepts");
        assertTrue(page.locator(".p-upload-progress").count() == 0);
    }
}
