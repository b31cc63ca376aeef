package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.chat.ChatMessage;
import im.parley.core.ClientListener;
import im.parley.core.XmppClient;
import im.parley.stream.ConnectionError;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
import im.parley.util.Jid;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Service discovery (XEP-0030), entity capabilities (XEP-0115) and ping (XEP-0199) with Smack asking: Parley names
 * itself a web client with its features, its presence carries a caps hash that Smack's own algorithm verifies
 * against that answer, and it answers pings.
 */
@ExtendWith(TestServers.class)
class DiscoAgainstProsodyTest {
    @Test
    void smackDiscoversParleyAndVerifiesItsCaps() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        String[] self = {null};
        XmppClient client = new XmppClient(new JdkWebSocketTransport(loop), new JvmCrypto(), System::currentTimeMillis,
                new ClientListener() {
                    @Override
                    public void onState(String state, ConnectionError error) {
                        events.add(state);
                    }

                    @Override
                    public void onSelf(String fullJid) {
                        self[0] = fullJid;
                    }

                    @Override
                    public void onMessage(ChatMessage message) {
                    }
                });
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw")) {
            loop.submit(() -> client.login(TestServers.prosody().websocketUrl(), Jid.parse("alice@localhost"),
                    "alice-secret-pw", false)).get();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!events.contains("online") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(events.contains("online"));
            DiscoverInfo info = bob.discoverInfo(self[0]);
            assertEquals("client", info.getIdentities().get(0).getCategory());
            assertEquals("web", info.getIdentities().get(0).getType());
            assertEquals("Parley", info.getIdentities().get(0).getName());
            for (String f : XmppClient.DISCO_FEATURES) {
                assertTrue(info.containsFeature(f), "feature " + f);
            }
            assertTrue(info.containsFeature("http://jabber.org/protocol/caps"));

            // The caps hash in Parley's presence, as Smack recorded it, matches the disco answer by Smack's algorithm.
            EntityCapsManager.NodeVerHash caps = null;
            deadline = System.currentTimeMillis() + 10_000;
            while (caps == null && System.currentTimeMillis() < deadline) {
                caps = EntityCapsManager.getNodeVerHashByJid(JidCreate.from(self[0]));
                Thread.sleep(50);
            }
            assertNotNull(caps, "no caps in Parley's presence");
            assertEquals("sha-1", caps.getHash());
            assertTrue(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), info),
                    "Smack does not verify the caps hash " + caps.getVer());
            // The node#ver query gets the same answer.
            DiscoverInfo byNode = bob.discoverInfo(self[0], caps.getNode() + "#" + caps.getVer());
            assertTrue(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), byNode));

            assertTrue(bob.ping(self[0]), "Parley did not answer the ping");
        } finally {
            loop.submit(client::logout).get();
            loop.shutdown();
        }
    }
}
