package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import im.parley.vcard.Avatar;
import im.parley.vcard.Profile;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Profiles (vCard-temp, XEP-0054) against Prosody, Smack reading and writing the other side: the user's profile is
 * published without losing the avatar, and a contact's profile is read; what the user types is checked.
 */
@ExtendWith(TestServers.class)
class ProfileAgainstProsodyTest {
    @Test
    void publishTheOwnProfileKeepingTheAvatarAndReadAContacts() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        byte[] png = SmackPeer.png(0x884422);
        try (SmackPeer vic = new SmackPeer(TestServers.prosody(), "vic", "vic-Pw7-pass");
                JvmSession uma = new JvmSession().login("uma", "uma-Pw7-pass", false)) {
            CompletableFuture<String> avatar = new CompletableFuture<>();
            uma.run(() -> uma.client.setAvatar(Avatar.of("image/png", Base64.getEncoder().encodeToString(png)),
                    avatar::complete));
            assertNull(avatar.get(10, TimeUnit.SECONDS));
            CompletableFuture<String> saved = new CompletableFuture<>();
            uma.run(() -> uma.client.setProfile(Profile.checked("Uma " + tag, " umi ", "uma@example.org",
                    "https://uma.example.org/" + tag, "Tester"), saved::complete));
            assertNull(saved.get(10, TimeUnit.SECONDS));
            assertEquals("umi|uma@example.org|https://uma.example.org/" + tag + "|Tester|" + png.length,
                    vic.profileOf("uma@localhost"));

            vic.saveProfile("Victoria " + tag, "vee", "javascript:alert(1)");
            CompletableFuture<Profile> read = new CompletableFuture<>();
            uma.run(() -> uma.client.profile(Jid.parse("vic@localhost"), read::complete));
            Profile p = read.get(10, TimeUnit.SECONDS);
            assertEquals("Victoria " + tag, p.fullName());
            assertEquals("vee", p.nickname());
            assertNull(p.url(), "a web address that is not http(s) is not kept");

            // The user's own, as the form shows it.
            CompletableFuture<Profile> own = new CompletableFuture<>();
            uma.run(() -> uma.client.profile(null, own::complete));
            Profile mine = own.get(10, TimeUnit.SECONDS);
            assertEquals("Uma " + tag, mine.fullName());
            assertEquals("https://uma.example.org/" + tag, mine.url());
        }
    }

    @Test
    void whatTheUserTypesIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> Profile.checked("x".repeat(501), null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Profile.checked(null, null, null, "ftp://x", null));
        assertEquals("a b", Profile.checked(" a\nb ", null, null, null, null).fullName());
        assertNull(Profile.checked("", " ", null, "", null).fullName());
    }
}
