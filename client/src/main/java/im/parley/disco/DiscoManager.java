package im.parley.disco;

import im.parley.crypto.Crypto;
import im.parley.stream.Ns;
import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Base64;
import im.parley.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Answers {@code disco#info} (XEP-0030) for this client, with or without the caps node, and builds the XEP-0115
 * {@code <c/>} element for presence: {@code ver} is base64(SHA-1("client/web//Parley<" + sorted features + "<")).
 * Queries of other nodes get item-not-found.
 */
public final class DiscoManager implements StanzaHandler {
    public static final String INFO = "http://jabber.org/protocol/disco#info";
    public static final String CAPS = "http://jabber.org/protocol/caps";
    /** The caps node: where Parley comes from (XEP-0115 4: a URI identifying the software). */
    public static final String NODE = "https://github.com/parley-im/parley";
    static final String CATEGORY = "client";
    static final String TYPE = "web";
    static final String NAME = "Parley";

    private final XmppConnection connection;
    private final TreeSet<String> features = new TreeSet<>();
    private final String ver;

    public DiscoManager(XmppConnection connection, Crypto crypto, Collection<String> features) {
        this.connection = connection;
        this.features.addAll(features);
        this.features.add(INFO);
        this.features.add(CAPS);
        this.ver = ver(crypto, this.features);
        connection.addHandler(this);
    }

    /** XEP-0115 5.1 for one identity without xml:lang and no extended forms. */
    static String ver(Crypto crypto, Collection<String> sortedFeatures) {
        StringBuilder s = new StringBuilder(CATEGORY + "/" + TYPE + "//" + NAME + "<");
        for (String f : new TreeSet<>(sortedFeatures)) {
            s.append(f).append('<');
        }
        return Base64.encode(crypto.hash("SHA-1", s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public String ver() {
        return ver;
    }

    public List<String> features() {
        return new ArrayList<>(features);
    }

    /** The {@code <c/>} element for the client's presence. */
    public XmlElement.Builder capsElement() {
        return XmlElement.builder("c", CAPS).attr("hash", "sha-1").attr("node", NODE).attr("ver", ver);
    }

    @Override
    public boolean handle(XmlElement stanza) {
        if (!"iq".equals(stanza.name()) || !"get".equals(stanza.attr("type"))) {
            return false;
        }
        XmlElement query = stanza.child("query", INFO);
        if (query == null || stanza.attr("from") == null) {
            return false;
        }
        String node = query.attr("node");
        if (node != null && !node.equals(NODE + "#" + ver)) {
            connection.sendIqError(stanza, "cancel", "item-not-found");
            return true;
        }
        XmlElement.Builder answer = XmlElement.builder("query", INFO);
        if (node != null) {
            answer.attr("node", node);
        }
        answer.child(XmlElement.builder("identity", INFO).attr("category", CATEGORY).attr("type", TYPE)
                .attr("name", NAME));
        for (String f : features) {
            answer.child(XmlElement.builder("feature", INFO).attr("var", f));
        }
        connection.send(XmlElement.builder("iq", Ns.CLIENT).attr("type", "result").attr("id", stanza.attr("id"))
                .attr("to", stanza.attr("from")).child(answer).build());
        return true;
    }
}
