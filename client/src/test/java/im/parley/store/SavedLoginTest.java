package im.parley.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.jvm.JvmCacheCrypto;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Stay logged in": the sealed record of a login's SCRAM keys, and the cache opened without the password. */
class SavedLoginTest {
    private static final int ITER = 1000;
    private static final String JID = "romeo@montague.lit";
    private static final byte[] SALTED = "salted-password-20b!".getBytes(StandardCharsets.UTF_8);
    private final MemoryBackend backend = new MemoryBackend();
    private final JvmCacheCrypto crypto = new JvmCacheCrypto();
    private final SecureRandom random = new SecureRandom();
    private final List<String> notices = new ArrayList<>();
    private final AccountCache.Notices noticeSink = (code, text, args) -> notices.add(code);

    private byte[] random(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static SavedLogin keys() {
        return new SavedLogin(JID, "SCRAM-SHA-256", "c2FsdHNhbHQ=", 4096, SALTED,
                List.of("SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"));
    }

    private void save(SavedLogin login, AccountCache cache) {
        String[] err = {"not called"};
        login.save(backend, crypto, noticeSink, cache, (v, e) -> err[0] = e);
        assertNull(err[0]);
    }

    private SavedLogin load() {
        Object[] out = {"not called", null};
        SavedLogin.load(backend, crypto, noticeSink, (saved, e) -> {
            out[0] = saved;
            out[1] = e;
        });
        assertNull(out[1]);
        return (SavedLogin) out[0];
    }

    private AccountCache openCache(String secret) {
        AccountCache[] out = {null};
        AccountCache.open(backend, crypto, this::random, JID, AccountCache.PASSWORD, secret, ITER, noticeSink,
                (c, e) -> {
                    assertNull(e);
                    out[0] = c;
                });
        return out[0];
    }

    private AccountCache openSaved(SavedLogin saved, String[] error) {
        AccountCache[] out = {null};
        AccountCache.openSaved(backend, crypto, this::random, saved, ITER, noticeSink, (c, e) -> {
            out[0] = c;
            error[0] = e;
        });
        return out[0];
    }

    private static List<ChatMessage> recent(AccountCache cache) {
        List<List<ChatMessage>> out = new ArrayList<>();
        cache.recent("juliet@capulet.lit", 9, (items, err) -> out.add(items));
        return out.get(0);
    }

    @Test
    void keysComeBackSealedAndNothingIsReadableInStorage() {
        assertNull(load(), "nothing saved yet");
        save(keys(), null);
        SavedLogin back = load();
        assertNotNull(back);
        assertEquals(JID, back.jid());
        assertEquals("SCRAM-SHA-256", back.mechanism());
        assertEquals("c2FsdHNhbHQ=", back.salt());
        assertEquals(4096, back.iterations());
        assertArrayEquals(SALTED, back.saltedPassword());
        assertEquals(List.of("SCRAM-SHA-1", "SCRAM-SHA-256", "PLAIN"), back.offer());
        assertNull(back.cacheWrapped());
        String[] secrets = {"romeo", "montague", "SCRAM", "salted-password", "c2FsdHNhbHQ",
            im.parley.util.Base64.encode(SALTED)};
        for (byte[][] e : backend.dump()) {
            for (byte[] part : e) {
                for (String s : secrets) {
                    assertFalse(AccountCacheTest.contains(part, s.getBytes(StandardCharsets.UTF_8)), "'" + s + "' stored");
                }
                assertFalse(AccountCacheTest.contains(part, SALTED), "the salted password is stored as it is");
            }
        }
    }

    @Test
    void anOAuthLoginKeepsTheProviderAndTheRefreshTokenSealed() {
        String refresh = "rt-Zx81kPq0vLmN3aQ7yT5";
        save(SavedLogin.oauth(JID, "https://id.montague.lit", "verona-app", refresh), null);
        SavedLogin back = load();
        assertTrue(back.isOAuth());
        assertEquals(JID, back.jid());
        assertEquals("https://id.montague.lit", back.issuer());
        assertEquals("verona-app", back.clientId());
        assertEquals(refresh, back.refreshToken());
        assertNull(back.saltedPassword());
        assertFalse(keys().isOAuth());
        for (byte[][] e : backend.dump()) {
            for (byte[] part : e) {
                for (String s : new String[] {refresh, "montague", "verona-app", "OAUTHBEARER"}) {
                    assertFalse(AccountCacheTest.contains(part, s.getBytes(StandardCharsets.UTF_8)), "'" + s + "' stored");
                }
            }
        }
        // A rotated refresh token replaces the one kept.
        save(SavedLogin.oauth(JID, "https://id.montague.lit", "verona-app", "rt-rotated"), null);
        assertEquals("rt-rotated", load().refreshToken());
        assertThrows(IllegalArgumentException.class, () -> SavedLogin.oauth(JID, "https://id.montague.lit", "parley",
                ""));
    }

    @Test
    void aDamagedRecordIsDeletedAndCountsAsNone() {
        save(keys(), null);
        byte[] sealed = backend.raw(StoreBackend.ACCOUNTS).get(SavedLogin.KEY);
        sealed[sealed.length - 1] ^= 1;
        assertNull(load());
        assertNull(backend.raw(StoreBackend.ACCOUNTS).get(SavedLogin.KEY), "the damaged record is gone");
    }

    @Test
    void forgettingDeletesIt() {
        save(keys(), null);
        SavedLogin.forget(backend, noticeSink, (v, e) -> assertNull(e));
        assertNull(load());
    }

    @Test
    void theCacheThePasswordProtectsOpensWithTheSavedCopyAndStillWithThePassword() {
        AccountCache cache = openCache("s3cret");
        cache.putMessage(new ChatMessage("m1", "juliet@capulet.lit", "Wherefore art thou", false, 1000));
        save(keys(), cache);
        SavedLogin saved = load();
        assertEquals(AccountCache.PASSWORD, saved.cacheMode());
        assertNotNull(saved.cacheWrapped());

        String[] err = {null};
        AccountCache restored = openSaved(saved, err);
        assertNull(err[0]);
        assertTrue(restored.isOpen());
        assertEquals("Wherefore art thou", recent(restored).get(0).body());
        restored.putMessage(new ChatMessage("m2", "juliet@capulet.lit", "Under thy balcony", true, 2000));
        // The password still opens it, with what was written meanwhile.
        assertEquals(2, recent(openCache("s3cret")).size());
        // A password change in a restored session re-wraps from the saved copy: the new password opens it.
        String[] changed = {"not called"};
        restored.changeSecret("n3w", (v, e) -> changed[0] = e);
        assertNull(changed[0]);
        assertEquals(2, recent(openCache("n3w")).size());
    }

    @Test
    void aCopyForACacheReplacedSinceDoesNotOpenIt() {
        AccountCache cache = openCache("s3cret");
        save(keys(), cache);
        SavedLogin saved = load();
        // The password was changed elsewhere: the next login with the new one replaced the cache.
        AccountCache replaced = openCache("other");
        replaced.accepted();
        assertTrue(replaced.isOpen());
        String[] err = {null};
        assertNull(openSaved(saved, err));
        assertEquals("saved", Callback.code(err[0]), err[0]);
    }

    @Test
    void aSavedLoginWithoutACacheCopyOpensNoCache() {
        String[] err = {null};
        assertNull(openSaved(keys(), err));
        assertEquals("saved", Callback.code(err[0]), err[0]);
    }
}
