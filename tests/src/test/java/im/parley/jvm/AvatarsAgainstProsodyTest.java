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
