package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.plugin.Plugin;
import im.parley.plugin.PluginStorage;
import im.parley.policy.StanzaPolicy;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import im.parley.xml.XmlElement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Java plugin in a session against Prosody, with Smack as the peer: its handler is asked after the client's
 * own features, it sends through the private API, and the stanza policy holds (ad-hoc commands refused, incoming
 * group chat invitations dropped).
 */
@ExtendWith(TestServers.class)
class PluginsAgainstProsodyTest {
    @Test
    void aPluginHandlesWhatTheFeaturesLeaveAndThePolicyHolds() throws Exception {
        BlockingQueue<String> pluginSaw = new LinkedBlockingQueue<>();
        Plugin echo = Plugin.of("echo", ctx -> ctx.addHandler(stanza -> {
            pluginSaw.add(stanza.name() + " " + (stanza.child("probe", "urn:parley:test:probe") != null));
            if (stanza.child("probe", "urn:parley:test:probe") == null) {
                return false;
            }
            String peer = Jid.parse(stanza.attr("from")).bare().toString();
            String refusal;
            try {
                ctx.send(XmlElement.builder("iq", "jabber:client").attr("type", "set").attr("to", "localhost")
                        .child(XmlElement.builder("command", StanzaPolicy.COMMANDS).attr("node", "x")).build());
                refusal = "accepted";
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
            ctx.send(XmlElement.builder("message", "jabber:client").attr("to", peer).attr("type", "chat")
                    .textChild("body", "echo: " + refusal).build());
            return true;
        }));
        try (SmackPeer oto = new SmackPeer(TestServers.prosody(), "oto", "oto-Pw7-pass");
                JvmSession nia = new JvmSession()) {
            nia.client.setStanzaPolicy(new StanzaPolicy(false, false));
            nia.client.usePlugins(List.of(echo), name -> null, name -> (PluginStorage) null);
            nia.login("nia", "nia-Pw7-pass", true);

            oto.sendPayload("nia@localhost", "normal", "probe", "urn:parley:test:probe", null);
            Message answer = oto.next(10, TimeUnit.SECONDS);
            assertNotNull(answer, "the plugin did not answer; it saw " + pluginSaw);
            assertEquals("echo: ad-hoc commands are switched off (allow_adhoc_commands)", answer.getBody());

            // A direct invitation (XEP-0249) is dropped before any feature or plugin sees it; the message after it
            // is shown.
            oto.sendPayload("nia@localhost", "normal", "x", StanzaPolicy.CONFERENCE, "join us",
                    "jid", "room@conference.localhost");
            oto.send("nia@localhost", "after the invitation");
            assertEquals("after the invitation", nia.events.await(ChatMessage.class, null).body(),
                    "the invitation must not be shown");
            // The chat message went to the chat feature, not to the plugin.
            assertTrue(pluginSaw.stream().noneMatch(s -> s.startsWith("message false")), pluginSaw.toString());
        }
    }
}
