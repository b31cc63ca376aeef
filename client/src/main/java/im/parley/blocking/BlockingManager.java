package im.parley.blocking;

import im.parley.stream.Ns;
import im.parley.stream.StanzaErrors;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * XEP-0191. The server enforces the list (a blocked JID's messages and presence never reach this account, and it
 * sees this account as offline); the client reads it, shows it, and changes it. Pushes are accepted only from the
 * account's own bare JID (or with no 'from'), like roster pushes: anyone else could otherwise claim that the user
 * unblocked them.
 */
public final class BlockingManager implements StanzaHandler {
    public static final String NS = "urn:xmpp:blocking";

    private final XmppConnection connection;
    private final Consumer<List<String>> listener;
    private final TreeSet<String> blocked = new TreeSet<>();
    private boolean supported;

    public BlockingManager(XmppConnection connection, Consumer<List<String>> listener) {
        this.connection = connection;
        this.listener = listener;
        connection.addHandler(this);
    }

    /** Asks the server for the block list; servers without XEP-0191 answer with an error and nothing changes. */
    public void fetch() {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "get")
                .child(XmlElement.builder("blocklist", NS)), null, result -> {
                    XmlElement list = result.child("blocklist", NS);
                    if (!"result".equals(result.attr("type")) || list == null) {
                        return;
                    }
                    supported = true;
                    blocked.clear();
                    for (XmlElement item : list.children("item", NS)) {
                        Jid jid = Jid.parseOrNull(item.attr("jid"));
                        if (jid != null) {
                            blocked.add(jid.toString());
                        }
                    }
                    report();
                });
    }

    public boolean isSupported() {
        return supported;
    }

    public List<String> blocked() {
        return Collections.unmodifiableList(new ArrayList<>(blocked));
    }

    /** Blocks (true) or unblocks a JID; {@code done} gets null or why the server refused. */
    public void set(Jid jid, boolean block, Consumer<String> done) {
        connection.sendIq(XmlElement.builder("iq", Ns.CLIENT).attr("type", "set")
                .child(XmlElement.builder(block ? "block" : "unblock", NS)
                        .child(XmlElement.builder("item", NS).attr("jid", jid.toString()))), null,
                result -> done.accept("result".equals(result.attr("type")) ? null : StanzaErrors.refusal(result)));
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"iq".equals(stanza.name()) || !"set".equals(stanza.attr("type"))) {
            return false;
        }
        XmlElement block = stanza.child("block", NS);
        XmlElement unblock = stanza.child("unblock", NS);
        if (block == null && unblock == null) {
            return false;
        }
        String from = stanza.attr("from");
        Jid own = connection.boundJid();
        if (from != null && !own.bare().equals(Jid.parseOrNull(from))) {
            connection.sendIqError(stanza, "cancel", "service-unavailable"); // a forged push: ignored
            return true;
        }
        if (block != null) {
            for (XmlElement item : block.children("item", NS)) {
                Jid jid = Jid.parseOrNull(item.attr("jid"));
                if (jid != null) {
                    blocked.add(jid.toString());
                }
            }
        } else {
            List<XmlElement> items = unblock.children("item", NS);
            if (items.isEmpty()) {
                blocked.clear(); // XEP-0191 3.4: an empty unblock unblocks everyone
            }
            for (XmlElement item : items) {
                Jid jid = Jid.parseOrNull(item.attr("jid"));
                if (jid != null) {
                    blocked.remove(jid.toString());
                }
            }
        }
        XmlElement.Builder ack = XmlElement.builder("iq", Ns.CLIENT).attr("type", "result").attr("id", stanza.attr("id"));
        if (from != null) {
            ack.attr("to", from);
        }
        connection.send(ack.build());
        report();
        return true;
    }

    private void report() {
        listener.accept(blocked());
    }
}
