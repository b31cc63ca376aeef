package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Base64;
import im.parley.vcard.Avatar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Avatars (XEP-0153 over XEP-0054) against Prosody with Smack: a contact's announced avatar is fetched (and shown
 * only if its bytes match the announced hash); the user's avatar is published in the vCard, where Smack finds it.
 */
@ExtendWith(TestServers.class)
class AvatarsAgainstProsodyTest {
    @Test
    void avatarsBothWays() throws Exception {
        byte[] red = SmackPeer.png(0xcc2222);
        byte[] blue = SmackPeer.png(0x2222cc);
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw");
                JvmSession alice = new JvmSession()) {
            alice.login("alice", "alice-secret-pw", false);
            // (Prosody's vcard_legacy also announces "no avatar" for bob before he publishes one.)
            bob.publishAvatar(blue, "image/png", SmackPeer.sha1Hex(blue));
            String shown = alice.events.await(String.class, "avatar bob@localhost image/");
            assertEquals("avatar bob@localhost image/png " + Base64.encode(blue), shown);

            Avatar mine = Avatar.of("image/png", Base64.encode(red));
            alice.run(() -> alice.client.setAvatar(mine, err -> alice.events.add("published " + err)));
            alice.events.await(String.class, "published null");
            assertArrayEquals(red, bob.avatarOf("alice@localhost"));
        }
    }

    /**
     * XEP-0084 publishing: the client puts the avatar in PEP itself, data then metadata, where any client reads it.
     * On the test server's host without vCards (no vcard-temp, no vCard-to-PEP bridge) the PEP items can only be the
     * client's, and publishing still succeeds. Removing it leaves metadata without an image.
     */
    @Test
    void theOwnAvatarIsPublishedOverPep() throws Exception {
        byte[] image = SmackPeer.png((int) (System.nanoTime() & 0xffffff));
        try (JvmSession anon = new JvmSession().loginJid(im.parley.testkit.Prosody.PEP_ONLY_USER + "@"
                + im.parley.testkit.Prosody.PEP_ONLY_DOMAIN, im.parley.testkit.Prosody.PEP_ONLY_PASSWORD)) {
            Avatar mine = Avatar.of("image/png", Base64.encode(image));
            anon.run(() -> anon.client.setAvatar(mine, err -> anon.events.add("published " + err)));
            anon.events.await(String.class, "published null");
            java.util.concurrent.CompletableFuture<Avatar> read = new java.util.concurrent.CompletableFuture<>();
            anon.run(() -> anon.client.pepAvatar(null, read::complete));
            Avatar got = read.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("image/png", got.type());
            assertArrayEquals(image, got.bytes());

            anon.run(() -> anon.client.setAvatar(null, err -> anon.events.add("removed " + err)));
            anon.events.await(String.class, "removed null");
            java.util.concurrent.CompletableFuture<Avatar> none = new java.util.concurrent.CompletableFuture<>();
            anon.run(() -> anon.client.pepAvatar(null, a -> none.complete(a)));
            assertEquals(null, none.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    /**
     * XEP-0084: a contact publishes an avatar over PEP and sends no presence; the client, whose caps ask for metadata
     * notifications, fetches the data item and shows it once.
     */
    @Test
    void pepAvatarsArriveByNotification() throws Exception {
        byte[] image = SmackPeer.png((int) (System.nanoTime() & 0xffffff));
        try (JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false);
                SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass")) {
            Thread.sleep(1000); // Prosody learns uma's caps (+notify) from her presence first
            vic.publishPepAvatar(image, "image/png");
            assertEquals("avatar vic@localhost image/png " + Base64.encode(image),
                    uma.events.await(String.class, "avatar vic@localhost image/png " + Base64.encode(image)));
        }
    }
}
