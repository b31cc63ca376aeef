package im.parley.testkit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jxmpp.jid.impl.JidCreate;

/** A second, independent XMPP client (Smack over c2s TCP) playing the other side of a conversation. */
public final class SmackPeer implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final java.util.Set<String> receipts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> chatStates = new LinkedBlockingQueue<>();
    /** Presence subscription stanzas received: "type from". */
    private final BlockingQueue<String> subscriptions = new LinkedBlockingQueue<>();
    /** Availability received from others: "from-bare show|- status|- idle-since|-" ("unavailable" as the show). */
    private final BlockingQueue<String> presences = new LinkedBlockingQueue<>();
    /** Reactions received (XEP-0444): "target r1 r2 ...". */
    private final BlockingQueue<String> reactions = new LinkedBlockingQueue<>();
    /** Chat markers received (XEP-0333): "type id". */
    private final BlockingQueue<String> markers = new LinkedBlockingQueue<>();

    public SmackPeer(Prosody prosody, String user, String password) throws Exception {
        this(prosody, user, password, "smack");
    }

    public SmackPeer(Prosody prosody, String user, String password, String resource) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(Prosody.DOMAIN)
                .setHost("127.0.0.1")
                .setPort(prosody.c2sPort())
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
                .build();
        connection = new XMPPTCPConnection(config);
        // The peer talks to Prosody directly (never through a fault proxy): stream management gives it nothing, and
        // Smack 4.4's can deadlock under a burst (its writer waits for room in the full queue of unacknowledged
        // stanzas while its reader waits for room in the writer's queue to answer an ack request).
        connection.setUseStreamManagement(false);
        connection.setReplyTimeout(10_000);
        ChatManager.getInstanceFor(connection).addIncomingListener((from, message, chat) -> received.add(message));
        org.jivesoftware.smackx.receipts.DeliveryReceiptManager receiptManager =
                org.jivesoftware.smackx.receipts.DeliveryReceiptManager.getInstanceFor(connection);
        receiptManager.setAutoReceiptMode(org.jivesoftware.smackx.receipts.DeliveryReceiptManager.AutoReceiptMode.always);
        receiptManager.addReceiptReceivedListener((from, to, receiptId, receipt) -> receipts.add(receiptId));
        org.jivesoftware.smackx.chatstates.ChatStateManager.getInstance(connection)
                .addChatStateListener((chat, state, message) -> chatStates.add(chat.getXmppAddressOfChatPartner() + " " + state));
        // Answer subscription requests by hand (Smack's default rejects them all).
        org.jivesoftware.smack.roster.Roster.getInstanceFor(connection)
                .setSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.manual);
        connection.addAsyncStanzaListener(stanza -> {
            org.jivesoftware.smack.packet.Presence p = (org.jivesoftware.smack.packet.Presence) stanza;
            switch (p.getType()) {
                case subscribe, subscribed, unsubscribe, unsubscribed ->
                        subscriptions.add(p.getType() + " " + p.getFrom().asBareJid());
                case available, unavailable -> {
                    String idle = extensionAttribute(p, "idle", "urn:xmpp:idle:1", "since");
                    String show = p.getType() == org.jivesoftware.smack.packet.Presence.Type.unavailable ? "unavailable"
                            : p.getMode() == org.jivesoftware.smack.packet.Presence.Mode.available ? "-"
                            : p.getMode().toString();
                    presences.add(p.getFrom().asBareJid() + " " + show + " " + (p.getStatus() == null ? "-"
                            : p.getStatus().replace(' ', '_')) + " " + (idle == null ? "-" : idle));
                }
                default -> { }
            }
        }, org.jivesoftware.smack.filter.StanzaTypeFilter.PRESENCE);
        connection.addAsyncStanzaListener(stanza -> {
            org.jivesoftware.smack.packet.ExtensionElement r =
                    ((Message) stanza).getExtensionElement("reactions", "urn:xmpp:reactions:0");
            if (r != null) {
                String xml = r.toXML().toString();
                StringBuilder line = new StringBuilder(extensionAttribute((Message) stanza, "reactions",
                        "urn:xmpp:reactions:0", "id"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<reaction>([^<]*)</reaction>").matcher(xml);
                while (m.find()) {
                    line.append(' ').append(m.group(1));
                }
                reactions.add(line.toString());
            }
            for (String type : new String[] {"received", "displayed", "acknowledged"}) {
                String id = extensionAttribute((Message) stanza, type, "urn:xmpp:chat-markers:0", "id");
                if (id != null) {
                    markers.add(type + " " + id);
                }
            }
        }, org.jivesoftware.smack.filter.StanzaTypeFilter.MESSAGE);
        connection.connect().login();
    }

    /** Sends a presence subscription stanza: subscribe, subscribed, unsubscribe or unsubscribed. */
    public void subscription(String type, String to) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza()
                .ofType(org.jivesoftware.smack.packet.Presence.Type.valueOf(type)).to(JidCreate.entityBareFrom(to))
                .build());
    }

    /** The next subscription stanza received ("type from-bare-jid"), or null after the timeout. */
    public String nextSubscription(long timeout, TimeUnit unit) throws InterruptedException {
        return subscriptions.poll(timeout, unit);
    }

    /** Changes this account's password on the server (XEP-0077, in band; the tests' server has no TLS on c2s). */
    public void changePassword(String newPassword) throws Exception {
        org.jivesoftware.smackx.iqregister.AccountManager accounts =
                org.jivesoftware.smackx.iqregister.AccountManager.getInstance(connection);
        accounts.sensitiveOperationOverInsecureConnection(true);
        accounts.changePassword(newPassword);
    }

    public void send(String to, String body) throws Exception {
        ChatManager.getInstanceFor(connection).chatWith(JidCreate.entityBareFrom(to)).send(body);
    }

    /** Sends a chat message that asks for a delivery receipt (XEP-0184); returns its id. */
    public String sendWithReceiptRequest(String to, String body) throws Exception {
        Message m = connection.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(to))
                .ofType(Message.Type.chat).setBody(body).build();
        org.jivesoftware.smackx.receipts.DeliveryReceiptRequest.addTo(m);
        connection.sendStanza(m);
        return m.getStanzaId();
    }

    /** Sends a presence update (e.g. away with a status). */
    public void setPresence(String show, String status) throws Exception {
        org.jivesoftware.smack.packet.Presence p = connection.getStanzaFactory().buildPresenceStanza()
                .ofType(org.jivesoftware.smack.packet.Presence.Type.available)
                .setMode(org.jivesoftware.smack.packet.Presence.Mode.fromString(show)).setStatus(status).build();
        connection.sendStanza(p);
    }

    /** Available presence with a show (or null), a status (or null) and XEP-0319 idle since (or null). */
    public void setPresence(String show, String status, String idleSince) throws Exception {
        org.jivesoftware.smack.packet.PresenceBuilder b = connection.getStanzaFactory().buildPresenceStanza()
                .ofType(org.jivesoftware.smack.packet.Presence.Type.available);
        if (show != null) {
            b.setMode(org.jivesoftware.smack.packet.Presence.Mode.fromString(show));
        }
        if (status != null) {
            b.setStatus(status);
        }
        if (idleSince != null) {
            b.addExtension(org.jivesoftware.smack.packet.StandardExtensionElement.builder("idle", "urn:xmpp:idle:1")
                    .addAttribute("since", idleSince).build());
        }
        connection.sendStanza(b.build());
    }

    /** The next availability from {@code fromBare} ("from show status idle", '-' for none), or null after the timeout. */
    public String nextPresence(String fromBare, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String p = presences.poll(left, TimeUnit.NANOSECONDS);
            if (p != null && p.startsWith(fromBare + " ")) {
                return p;
            }
        }
        return null;
    }

    /**
     * The first availability from {@code fromBare} that starts with {@code prefix} ("from show status idle"), within
     * {@code timeout}, or null; others are skipped (an earlier session's unavailable, presence sent twice).
     */
    public String presenceStartingWith(String fromBare, String prefix, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String p = nextPresence(fromBare, left, TimeUnit.NANOSECONDS);
            if (p != null && p.startsWith(prefix)) {
                return p;
            }
        }
        return null;
    }

    /** This account's roster item for a contact as the server now has it: "name [group, ...]" (groups sorted). */
    public String rosterItem(String bareJid) throws Exception {
        org.jivesoftware.smack.roster.Roster roster = org.jivesoftware.smack.roster.Roster.getInstanceFor(connection);
        roster.reloadAndWait();
        org.jivesoftware.smack.roster.RosterEntry e = roster.getEntry(JidCreate.entityBareFrom(bareJid));
        if (e == null) {
            return null;
        }
        java.util.List<String> groups = new java.util.ArrayList<>();
        for (org.jivesoftware.smack.roster.RosterGroup g : e.getGroups()) {
            groups.add(g.getName());
        }
        java.util.Collections.sort(groups);
        return e.getName() + " " + groups;
    }

    /** Tells {@code to} that this peer is composing (XEP-0085). */
    public void sendComposing(String to) throws Exception {
        org.jivesoftware.smackx.chatstates.ChatStateManager.getInstance(connection).setCurrentState(
                org.jivesoftware.smackx.chatstates.ChatState.composing,
                ChatManager.getInstanceFor(connection).chatWith(JidCreate.entityBareFrom(to)));
    }

    /** The next chat state received, as "bare-jid state", or null after the timeout. */
    public String nextChatState(long timeout, TimeUnit unit) throws InterruptedException {
        return chatStates.poll(timeout, unit);
    }

    /** Whether a receipt for message {@code id} came back within the timeout. */
    public boolean awaitReceipt(String id, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (receipts.contains(id)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * A chat message to the bare JID, without Smack's chat2 resource locking (which keeps addressing the full JID of
     * the last resource that wrote, even a session the other side has lost).
     */
    public void sendToBareJid(String bareJid, String body) throws Exception {
        Message m = connection.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(bareJid))
                .ofType(Message.Type.chat).setBody(body).build();
        connection.sendStanza(m);
    }

    /** Sends a chat message to one resource (a full JID), not to the account. */
    public void sendToResource(String fullJid, String body) throws Exception {
        Message m = connection.getStanzaFactory().buildMessageStanza().to(JidCreate.entityFullFrom(fullJid))
                .ofType(Message.Type.chat).setBody(body).build();
        connection.sendStanza(m);
    }

    /**
     * Sends a forged XEP-0280 carbon: a message from this peer wrapping a "received" copy of a message that
     * claims to come from {@code claimedFrom}.
     */
    public void sendForgedCarbon(String to, String claimedFrom, String body) throws Exception {
        org.jivesoftware.smack.packet.StandardExtensionElement inner =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("message", "jabber:client")
                        .addAttribute("from", claimedFrom).addAttribute("to", to).addAttribute("type", "chat")
                        .addElement("body", body).build();
        org.jivesoftware.smack.packet.StandardExtensionElement forwarded =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("forwarded", "urn:xmpp:forward:0")
                        .addElement(inner).build();
        org.jivesoftware.smack.packet.StandardExtensionElement received =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("received", "urn:xmpp:carbons:2")
                        .addElement(forwarded).build();
        Message m = connection.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom(to))
                .ofType(Message.Type.chat).addExtension(received).build();
        connection.sendStanza(m);
    }

    /**
     * Sends a message of the given type whose only payload is {@code <element xmlns=namespace/>} with the given
     * attributes (name, value, ...), and a body when {@code body} is not null.
     */
    public void sendPayload(String to, String type, String element, String namespace, String body,
            String... attributes) throws Exception {
        org.jivesoftware.smack.packet.StandardExtensionElement.Builder x =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder(element, namespace);
        for (int i = 0; i < attributes.length; i += 2) {
            x.addAttribute(attributes[i], attributes[i + 1]);
        }
        org.jivesoftware.smack.packet.MessageBuilder m = connection.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.from(to)).ofType(Message.Type.fromString(type)).addExtension(x.build());
        if (body != null) {
            m.setBody(body);
        }
        connection.sendStanza(m.build());
    }

    /**
     * Sends a chat message with the given id and body (null: none) and extension elements, each given as
     * {element, namespace, attribute, value, ...}.
     */
    public void sendMessage(String to, String id, String body, String[]... extensions) throws Exception {
        org.jivesoftware.smack.packet.MessageBuilder m = org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(id)
                .to(JidCreate.from(to)).ofType(Message.Type.chat);
        if (body != null) {
            m.setBody(body);
        }
        for (String[] x : extensions) {
            org.jivesoftware.smack.packet.StandardExtensionElement.Builder e =
                    org.jivesoftware.smack.packet.StandardExtensionElement.builder(x[0], x[1]);
            for (int i = 2; i < x.length; i += 2) {
                e.addAttribute(x[i], x[i + 1]);
            }
            m.addExtension(e.build());
        }
        connection.sendStanza(m.build());
    }

    /** Asks an entity what it is and supports (XEP-0030), optionally for a node. */
    public org.jivesoftware.smackx.disco.packet.DiscoverInfo discoverInfo(String jid, String... node) throws Exception {
        org.jivesoftware.smackx.disco.ServiceDiscoveryManager disco =
                org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(connection);
        return node.length == 0 ? disco.discoverInfo(JidCreate.from(jid)) : disco.discoverInfo(JidCreate.from(jid), node[0]);
    }

    /** Pings an entity (XEP-0199); true if it answered. */
    public boolean ping(String jid) throws Exception {
        return org.jivesoftware.smackx.ping.PingManager.getInstanceFor(connection).ping(JidCreate.from(jid));
    }

    /**
     * Publishes an avatar in this account's vCard (XEP-0054) and announces {@code announcedHash} (normally the
     * image's SHA-1, hex) in presence (XEP-0153).
     */
    public void publishAvatar(byte[] image, String type, String announcedHash) throws Exception {
        org.jivesoftware.smackx.vcardtemp.VCardManager vcards =
                org.jivesoftware.smackx.vcardtemp.VCardManager.getInstanceFor(connection);
        org.jivesoftware.smackx.vcardtemp.packet.VCard vcard = vcards.loadVCard();
        vcard.setAvatar(image, type);
        vcards.saveVCard(vcard);
        org.jivesoftware.smack.packet.StandardExtensionElement x =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("x", "vcard-temp:x:update")
                        .addElement("photo", announcedHash).build();
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().addExtension(x).build());
    }

    /** The avatar in another account's vCard, or null. */
    public byte[] avatarOf(String bareJid) throws Exception {
        return org.jivesoftware.smackx.vcardtemp.VCardManager.getInstanceFor(connection)
                .loadVCard(JidCreate.entityBareFrom(bareJid)).getAvatar();
    }

    /** A small PNG of one colour, for avatars. */
    public static byte[] png(int rgb) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                img.setRGB(x, y, rgb);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    public static String sha1Hex(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(data));
    }

    /** The next chat marker received ("displayed ID"), or null after the timeout. */
    public String nextMarker(long timeout, TimeUnit unit) throws InterruptedException {
        return markers.poll(timeout, unit);
    }

    /**
     * The next chat marker on a message whose id contains {@code tag}, or null after the timeout; markers on other
     * messages (stored for this account by earlier tests) are skipped.
     */
    public String nextMarker(String tag, long timeout, TimeUnit unit) throws InterruptedException {
        return pollMatching(markers, tag, timeout, unit);
    }

    /** Waits until the server has processed everything sent so far (a ping to the server, answered in order). */
    public void sync() throws Exception {
        connection.sendIqRequestAndWaitForResponse(new org.jivesoftware.smackx.ping.packet.Ping(
                JidCreate.domainBareFrom(Prosody.DOMAIN)));
    }

    /** Sends an IQ of the given type whose payload is {@code <element xmlns=namespace>inner</element>}. */
    public void sendIq(String to, String type, String element, String namespace, String inner) throws Exception {
        org.jivesoftware.smack.packet.IQ iq = new org.jivesoftware.smack.packet.IQ(element, namespace) {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.rightAngleBracket();
                xml.append(inner);
                return xml;
            }
        };
        iq.setType(org.jivesoftware.smack.packet.IQ.Type.fromString(type));
        iq.setTo(JidCreate.from(to));
        connection.sendStanza(iq);
    }

    /** Sends a chat message marked as a spoiler (XEP-0382, hint may be null) and pointing to {@code url} (XEP-0066). */
    public void sendSpoilerWithLink(String to, String id, String body, String hint, String url) throws Exception {
        org.jivesoftware.smack.packet.StandardExtensionElement.Builder spoiler =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("spoiler", "urn:xmpp:spoiler:0");
        if (hint != null) {
            spoiler.setText(hint);
        }
        org.jivesoftware.smack.packet.StandardExtensionElement oob =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("x", "jabber:x:oob")
                        .addElement("url", url).build();
        connection.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(id).to(JidCreate.from(to))
                .ofType(Message.Type.chat).setBody(body).addExtension(spoiler.build()).addExtension(oob).build());
    }

    /**
     * A vCard's profile fields as Smack reads them: "NICKNAME|EMAIL|URL|ROLE|photo-bytes" (null fields as -). Not FN:
     * Smack 4.4 answers a full name it builds from N instead of the FN element.
     */
    public String profileOf(String bareJid) throws Exception {
        org.jivesoftware.smackx.vcardtemp.packet.VCard v = org.jivesoftware.smackx.vcardtemp.VCardManager
                .getInstanceFor(connection).loadVCard(JidCreate.entityBareFrom(bareJid));
        byte[] photo = v.getAvatar();
        return dash(v.getNickName()) + "|" + dash(v.getEmailHome()) + "|" + dash(v.getField("URL")) + "|"
                + dash(v.getField("ROLE")) + "|" + (photo == null ? 0 : photo.length);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Publishes this account's vCard with a full name, nickname and web address (no photo). */
    public void saveProfile(String fullName, String nickname, String url) throws Exception {
        org.jivesoftware.smackx.vcardtemp.packet.VCard v = new org.jivesoftware.smackx.vcardtemp.packet.VCard();
        v.setField("FN", fullName);
        v.setNickName(nickname);
        v.setField("URL", url);
        org.jivesoftware.smackx.vcardtemp.VCardManager.getInstanceFor(connection).saveVCard(v);
    }

    /**
     * Publishes an avatar over PEP (XEP-0084) as Conversations does: the data item, then the metadata naming it by its
     * SHA-1. No presence is sent, so only PEP notifications carry the news.
     */
    public void publishPepAvatar(byte[] image, String type) throws Exception {
        String id = sha1Hex(image);
        String b64 = java.util.Base64.getEncoder().encodeToString(image);
        publish("urn:xmpp:avatar:data", id, "<data xmlns='urn:xmpp:avatar:data'>" + b64 + "</data>");
        publish("urn:xmpp:avatar:metadata", id, "<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='"
                + image.length + "' id='" + id + "' type='" + type + "' width='4' height='4'/></metadata>");
    }

    private void publish(String node, String id, String payload) throws Exception {
        org.jivesoftware.smack.packet.IQ iq = new org.jivesoftware.smack.packet.IQ("pubsub",
                "http://jabber.org/protocol/pubsub") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.rightAngleBracket();
                xml.append("<publish node='" + node + "'><item id='" + id + "'>" + payload + "</item></publish>");
                return xml;
            }
        };
        iq.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        connection.createStanzaCollectorAndSend(iq).nextResultOrThrow();
    }

    /** Shares a link the way clients share uploaded files: the URL as the body and in XEP-0066's element. */
    public void sendLink(String to, String id, String url) throws Exception {
        org.jivesoftware.smack.packet.StandardExtensionElement oob =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("x", "jabber:x:oob")
                        .addElement("url", url).build();
        connection.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(id).to(JidCreate.from(to))
                .ofType(Message.Type.chat).setBody(url).addExtension(oob).build());
    }

    /** Sends this account's whole set of reactions (XEP-0444) to message {@code target}. */
    public void sendReactions(String to, String id, String target, String... reactions) throws Exception {
        org.jivesoftware.smack.packet.StandardExtensionElement.Builder r =
                org.jivesoftware.smack.packet.StandardExtensionElement.builder("reactions", "urn:xmpp:reactions:0")
                        .addAttribute("id", target);
        for (String reaction : reactions) {
            r.addElement("reaction", reaction);
        }
        connection.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage(id).to(JidCreate.from(to))
                .ofType(Message.Type.chat).addExtension(r.build()).build());
    }

    /**
     * The next reactions (XEP-0444) to a message whose id contains {@code tag}, as "TARGET r1 r2 ...", or null after
     * the timeout; reactions to other messages (stored for this account by earlier tests) are skipped.
     */
    public String nextReactions(String tag, long timeout, TimeUnit unit) throws InterruptedException {
        return pollMatching(reactions, tag, timeout, unit);
    }

    private static String pollMatching(BlockingQueue<String> queue, String tag, long timeout, TimeUnit unit)
            throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        String m;
        while ((m = queue.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (m.contains(tag)) {
                return m;
            }
        }
        return null;
    }

    /** An attribute of an extension element of a received message, or null. */
    public static String extensionAttribute(org.jivesoftware.smack.packet.Stanza m, String element, String namespace,
            String attribute) {
        // Smack parses some extensions with its own providers; their XML is the common ground.
        org.jivesoftware.smack.packet.ExtensionElement e = m.getExtensionElement(element, namespace);
        if (e == null) {
            return null;
        }
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("\\s" + attribute + "=['\"]([^'\"]*)['\"]")
                .matcher(e.toXML().toString());
        return v.find() ? v.group(1) : null;
    }

    /** The text of a child element of an extension (e.g. the url of jabber:x:oob), or null. */
    public static String extensionText(org.jivesoftware.smack.packet.Stanza m, String element, String namespace,
            String child) {
        org.jivesoftware.smack.packet.ExtensionElement e = m.getExtensionElement(element, namespace);
        if (e == null) {
            return null;
        }
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("<" + child + "(?:\\s[^>]*)?>([^<]*)</" + child + ">")
                .matcher(e.toXML().toString());
        return v.find() ? v.group(1).replace("&amp;", "&") : null;
    }

    /** The next chat message received, or null after the timeout. */
    public Message next(long timeout, TimeUnit unit) throws InterruptedException {
        return received.poll(timeout, unit);
    }

    public void drain() {
        received.clear();
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
