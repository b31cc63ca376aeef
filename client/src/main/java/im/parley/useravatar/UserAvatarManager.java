package im.parley.useravatar;

import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.vcard.Avatar;
import im.parley.vcard.AvatarManager;
import im.parley.xml.XmlElement;

/**
 * XEP-0084, both ways. Publishing puts the image in the data node and then the metadata naming it by its SHA-1 (an
 * empty metadata item says there is none). A metadata notification from a contact names the avatar's SHA-1 (the item id)
 * and its type; the data item with that id is fetched from the contact's PEP service, and shown only if its SHA-1
 * matches. XEP-0153 (vCard) announcements of the same hash are the same avatar: {@link AvatarManager} keeps one
 * record of what each contact announced, so an avatar is fetched once whichever way it is announced.
 */
public final class UserAvatarManager implements StanzaHandler {
    public static final String METADATA = "urn:xmpp:avatar:metadata";
    public static final String DATA = "urn:xmpp:avatar:data";
    /** The disco feature that asks the server for metadata notifications (XEP-0163 filtered notifications). */
    public static final String NOTIFY = METADATA + "+notify";
    static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";

    private final XmppConnection connection;
    private final AvatarManager avatars;
    private final AvatarManager.Listener listener;

    public UserAvatarManager(XmppConnection connection, AvatarManager avatars, AvatarManager.Listener listener) {
        this.connection = connection;
        this.avatars = avatars;
        this.listener = listener;
        connection.addHandler(this);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"message".equals(stanza.name()) || "error".equals(stanza.attr("type"))) {
            return false;
        }
        XmlElement event = stanza.child("event", EVENT);
        XmlElement items = event == null ? null : event.child("items", EVENT);
        if (items == null || !METADATA.equals(items.attr("node"))) {
            return false;
        }
        Jid from = Jid.parseOrNull(stanza.attr("from"));
        if (from == null || from.local() == null || !from.isBare()
                || from.equals(connection.boundJid().bare())) {
            return true; // PEP notifications come from an account's bare JID; the own avatar is known already
        }
        XmlElement item = items.child("item", EVENT);
        XmlElement metadata = item == null ? null : item.child("metadata", METADATA);
        if (metadata == null) {
            return true;
        }
        XmlElement info = shownInfo(metadata);
        String bare = from.toString();
        if (metadata.children("info", METADATA).isEmpty()) {
            if (avatars.claim(bare, "")) {
                listener.onAvatar(bare, null); // XEP-0084 4.5: the contact removed their avatar
            }
            return true;
        }
        if (info == null) {
            return true;
        }
        String id = info.attr("id");
        String hash = id == null ? "" : id.trim().toLowerCase();
        if (hash.length() != 40 || !avatars.claim(bare, hash)) {
            return true;
        }
        fetchData(bare, id, info.attr("type"), avatar -> {
            if (avatar == null) {
                avatars.release(bare, hash); // try again at the next announcement
                return;
            }
            listener.onAvatar(bare, avatar);
        });
        return true;
    }

    /**
     * Fetches the data item {@code id} from an account's PEP service ({@code to} null: the own) and hands over the
     * image if it passes the checks and its SHA-1 is the id, else null.
     */
    private void fetchData(String to, String id, String type, java.util.function.Consumer<Avatar> done) {
        String hash = id.trim().toLowerCase();
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("pubsub", PUBSUB).child(XmlElement.builder("items", PUBSUB)
                        .attr("node", DATA).child(XmlElement.builder("item", PUBSUB).attr("id", id)))), to,
                result -> {
                    Avatar avatar = data(result, id, type);
                    done.accept(avatar != null && hash.equals(avatars.sha1Hex(avatar.bytes())) ? avatar : null);
                });
    }

    /** The avatar in the PEP data node (no url attribute), in a type Parley shows; or null. */
    private static XmlElement shownInfo(XmlElement metadata) {
        for (XmlElement i : metadata.children("info", METADATA)) {
            if (i.attr("url") == null && Avatar.isAcceptedType(i.attr("type"))) {
                return i;
            }
        }
        return null;
    }

    /**
     * Publishes the user's avatar over PEP (null: says there is none): the data item first, then the metadata that
     * points to it, as XEP-0084 4.1-4.2 orders. {@code done} gets null, or why the server refused.
     */
    public void publish(Avatar avatar, java.util.function.Consumer<String> done) {
        if (avatar == null) {
            publishItem(METADATA, "current", XmlElement.builder("metadata", METADATA), done);
            return;
        }
        String id = avatars.sha1Hex(avatar.bytes());
        publishItem(DATA, id, XmlElement.builder("data", DATA).text(avatar.base64()), err -> {
            if (err != null) {
                done.accept(err);
                return;
            }
            publishItem(METADATA, id, XmlElement.builder("metadata", METADATA).child(XmlElement.builder("info", METADATA)
                    .attr("bytes", String.valueOf(avatar.bytes().length)).attr("id", id)
                    .attr("type", avatar.type())), done);
        });
    }

    private void publishItem(String node, String id, XmlElement.Builder payload,
            java.util.function.Consumer<String> done) {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "set")
                .child(XmlElement.builder("pubsub", PUBSUB).child(XmlElement.builder("publish", PUBSUB)
                        .attr("node", node).child(XmlElement.builder("item", PUBSUB).attr("id", id).child(payload)))),
                null, result -> done.accept("result".equals(result.attr("type")) ? null
                        : im.parley.stream.StanzaErrors.refusal(result)));
    }

    /**
     * Reads an account's current PEP avatar (the own when {@code jid} is null): the newest metadata item, then the data
     * it names, checked like a notified one. {@code done} gets the avatar, or null if there is none or it fails.
     */
    public void fetch(Jid jid, java.util.function.Consumer<Avatar> done) {
        String to = jid == null ? null : jid.bare().toString();
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("pubsub", PUBSUB).child(XmlElement.builder("items", PUBSUB)
                        .attr("node", METADATA).attr("max_items", "1"))), to, result -> {
                    XmlElement info = "result".equals(result.attr("type")) ? currentInfo(result) : null;
                    String id = info == null ? null : info.attr("id");
                    if (id == null || id.trim().length() != 40) {
                        done.accept(null);
                        return;
                    }
                    fetchData(to, id, info.attr("type"), done);
                });
    }

    /** The metadata's info for an image in the data node of a type Parley shows, in an items result; or null. */
    private static XmlElement currentInfo(XmlElement result) {
        XmlElement pubsub = result.child("pubsub", PUBSUB);
        XmlElement items = pubsub == null ? null : pubsub.child("items", PUBSUB);
        XmlElement item = items == null ? null : items.child("item", PUBSUB);
        XmlElement metadata = item == null ? null : item.child("metadata", METADATA);
        return metadata == null ? null : shownInfo(metadata);
    }

    /** The avatar in a data item result, or null if it is missing or fails the checks. */
    static Avatar data(XmlElement result, String id, String type) {
        if (result == null || !"result".equals(result.attr("type"))) {
            return null;
        }
        XmlElement pubsub = result.child("pubsub", PUBSUB);
        XmlElement items = pubsub == null ? null : pubsub.child("items", PUBSUB);
        if (items == null) {
            return null;
        }
        for (XmlElement item : items.children("item", PUBSUB)) {
            XmlElement data = item.child("data", DATA);
            if (id.equals(item.attr("id")) && data != null) {
                try {
                    return Avatar.of(type, data.text().trim());
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
