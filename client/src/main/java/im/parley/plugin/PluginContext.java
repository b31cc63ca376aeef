package im.parley.plugin;

import im.parley.stream.StanzaHandler;
import im.parley.stream.XmppConnection;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The private API a plugin gets for one session: send stanzas, handle incoming ones, read settings, listen to the
 * client's events, and keep data in its own namespaced, encrypted storage. Everything a plugin sends passes the
 * deployment's stanza policy ({@link im.parley.policy.StanzaPolicy}); handlers of plugins are asked after those
 * of the features registered before them, so a plugin cannot take over the roster, carbons or chat.
 */
public interface PluginContext {
    /** The plugin's registered name. */
    String pluginName();

    /** The session's bound JID, or null before binding. */
    Jid self();

    /**
     * Sends a stanza; refused with {@link IllegalArgumentException} if the policy forbids it, and with
     * {@link IllegalStateException} when the session is not online.
     */
    void send(XmlElement stanza);

    /** Sends an IQ get or set and calls back with the answer (a result or error IQ). */
    void sendIq(XmlElement iq, Consumer<XmlElement> answer);

    /** Adds a handler for incoming stanzas; it returns true when it handled the stanza. */
    void addHandler(StanzaHandler handler);

    /** A setting's value as the deployment and the page gave it (strings and booleans as text), or null. */
    String setting(String name);

    /** Client events: ("state", "online"|"offline"|...) and ("self", full JID). */
    void onEvent(BiConsumer<String, String> listener);

    PluginStorage storage();

    /**
     * The session's connection, for the client's own features, which are part of Parley's code. Scripts never get
     * it: their API is the methods above.
     */
    XmppConnection connection();
}
