package im.parley.vcard;

import im.parley.crypto.Crypto;
import im.parley.stream.Ns;
import im.parley.stream.StanzaErrors;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * XEP-0153 avatars over vCard-temp (XEP-0054). A contact's presence names the SHA-1 of its avatar; when that changes,
 * the vCard is fetched, the image checked ({@link Avatar}) and its hash verified against the announced one, so that
 * what is shown is what the contact published. The user's own avatar is published into the own vCard (its other
 * fields kept) and announced in presence.
 */
public final class AvatarManager implements StanzaHandler {
    public static final String VCARD = "vcard-temp";
    public static final String UPDATE = "vcard-temp:x:update";

    /** A contact's avatar: its bare JID, and the image (null: it has none any more). */
    public interface Listener {
        void onAvatar(String jid, Avatar avatar);
    }

    private final XmppConnection connection;
    private final Crypto crypto;
    private final Listener listener;
    /** Per bare JID, the hash last announced ("" for none) and whether it is being fetched. */
    private final Map<String, String> known = new HashMap<>();
    /** The SHA-1 of the user's avatar, for presence (null: unknown, "" : none). */
    private String ownHash;

    public AvatarManager(XmppConnection connection, Crypto crypto, Listener listener) {
        this.connection = connection;
        this.crypto = crypto;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** The element for the user's presence (XEP-0153 3.2), or null while the own avatar is unknown. */
    public XmlElement.Builder updateElement() {
        if (ownHash == null) {
            return null;
        }
        XmlElement.Builder x = XmlElement.builder("x", UPDATE);
        return x.child(ownHash.isEmpty() ? XmlElement.builder("photo", UPDATE) : XmlElement.builder("photo", UPDATE)
                .text(ownHash));
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"presence".equals(stanza.name()) || stanza.attr("type") != null) {
            return false;
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        XmlElement x = stanza.child("x", UPDATE);
        XmlElement photo = x == null ? null : x.child("photo", UPDATE);
        if (from == null || photo == null) {
            return false; // no avatar news (an empty <x/> means "not ready to say"): the presence goes on
        }
        String bare = from.bare().toString();
        String hash = photo.text().trim().toLowerCase();
        if (from.bare().equals(connection.boundJid().bare()) || hash.equals(known.get(bare))) {
            return false;
        }
        known.put(bare, hash);
        if (hash.isEmpty()) {
            listener.onAvatar(bare, null);
        } else {
            fetch(from.bare(), hash);
        }
        return false;
    }

    private void fetch(Jid jid, String hash) {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("vCard", VCARD)), jid.toString(), result -> {
                    Avatar avatar = photo(result);
                    if (avatar == null || !hash.equals(sha1Hex(avatar.bytes()))) {
                        known.remove(jid.toString()); // try again at the next presence
                        return;
                    }
                    listener.onAvatar(jid.toString(), avatar);
                });
    }

    /** The avatar in a vCard result, or null if there is none or it does not pass the checks. */
    static Avatar photo(XmlElement result) {
        XmlElement vcard = result == null ? null : result.child("vCard", VCARD);
        XmlElement photo = vcard == null ? null : vcard.child("PHOTO", VCARD);
        if (!"result".equals(result == null ? null : result.attr("type")) || photo == null) {
            return null;
        }
        try {
            return Avatar.of(photo.childText("TYPE", VCARD), photo.childText("BINVAL", VCARD));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Records that {@code bare} announced the avatar {@code hash} ("" for none), by vCard presence or by PEP; true if
     * that is news (to fetch), false if it is what was last announced.
     */
    public boolean claim(String bare, String hash) {
        if (hash.equals(known.get(bare))) {
            return false;
        }
        known.put(bare, hash);
        return true;
    }

    /** The fetch of {@code hash} failed: the next announcement of it is news again. */
    public void release(String bare, String hash) {
        if (hash.equals(known.get(bare))) {
            known.remove(bare);
        }
    }

    public String sha1Hex(byte[] bytes) {
        byte[] d = crypto.hash("SHA-1", bytes);
        StringBuilder sb = new StringBuilder();
        for (byte b : d) {
            sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    /** Reads the own vCard's avatar hash, for presence; then {@code done} runs (also if there is no vCard). */
    public void loadOwn(Runnable done) {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("vCard", VCARD)), null, result -> {
                    Avatar own = photo(result);
                    ownHash = own == null ? "" : sha1Hex(own.bytes());
                    done.run();
                });
    }

    /**
     * Publishes the user's avatar (null removes it): the own vCard is read, its PHOTO replaced, and written back, so
     * its other fields stay. {@code done} gets null, or why the server refused.
     */
    public void publish(Avatar avatar, Consumer<String> done) {
        updateOwn(connection, java.util.Collections.singletonList("PHOTO"), vcard -> {
            if (avatar != null) {
                vcard.child(XmlElement.builder("PHOTO", VCARD).textChild("TYPE", avatar.type())
                        .textChild("BINVAL", avatar.base64()));
            }
        }, err -> {
            if (err == null) {
                ownHash = avatar == null ? "" : sha1Hex(avatar.bytes());
            }
            done.accept(err);
        });
    }

    /** Reads a vCard (the own one when {@code jid} is null): the element, or null if there is none or it failed. */
    public static void fetchVCard(XmppConnection connection, Jid jid, Consumer<XmlElement> done) {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("vCard", VCARD)), jid == null ? null : jid.bare().toString(), result ->
                done.accept("result".equals(result.attr("type")) ? result.child("vCard", VCARD) : null));
    }

    /**
     * Rewrites the own vCard: reads it, drops the named fields, lets {@code fill} add their new values, and writes it
     * back, so that what Parley does not edit stays as it was. {@code done} gets null, or why the server refused.
     */
    static void updateOwn(XmppConnection connection, java.util.List<String> replaced,
            Consumer<XmlElement.Builder> fill, Consumer<String> done) {
        fetchVCard(connection, null, old -> {
            XmlElement.Builder vcard = XmlElement.builder("vCard", VCARD);
            if (old != null) {
                for (XmlElement field : old.children()) {
                    if (!replaced.contains(field.name())) {
                        vcard.child(field);
                    }
                }
            }
            fill.accept(vcard);
            connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "set").child(vcard), null,
                    result -> done.accept("result".equals(result.attr("type")) ? null : StanzaErrors.refusal(result)));
        });
    }

    /** A contact's profile (or the own, {@code jid} null); an account without a vCard has an empty one. */
    public void profile(Jid jid, Consumer<Profile> done) {
        fetchVCard(connection, jid, vcard -> done.accept(Profile.of(vcard)));
    }

    /** Publishes the user's profile fields into the own vCard; the avatar and other fields stay. */
    public void publishProfile(Profile profile, Consumer<String> done) {
        updateOwn(connection, Profile.FIELDS, profile::writeTo, done);
    }
}
