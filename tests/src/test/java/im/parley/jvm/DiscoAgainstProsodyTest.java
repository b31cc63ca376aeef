package im.parley.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.parley.core.XmppClient;
import im.parley.testkit.SmackPeer;
import im.parley.testkit.TestServers;
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
        try (SmackPeer bob = new SmackPeer(TestServers.prosody(), "bob", "bob-secret-pw");
                JvmSession alice = new JvmSession().login("alice", "alice-secret-pw", false)) {
            DiscoverInfo info = bob.discoverInfo(alice.self);
            assertEquals("client", info.getIdentities().get(0).getCategory());
            assertEquals("web", info.getIdentities().get(0).getType());
            assertEquals("Parley", info.getIdentities().get(0).getName());
            for (String f : XmppClient.DISCO_FEATURES) {
                assertTrue(info.containsFeature(f), "feature " + f);
            }
            assertTrue(info.containsFeature("http://jabber.org/protocol/caps"));

            // The caps hash in Parley's presence, as Smack recorded it, matches the disco answer by Smack's algorithm.
            EntityCapsManager.NodeVerHash caps = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (caps == null && System.currentTimeMillis() < deadline) {
                caps = EntityCapsManager.getNodeVerHashByJid(JidCreate.from(alice.self));
                Thread.sleep(50);
            }
            assertNotNull(caps, "no caps in Parley's presence");
            assertEquals("sha-1", caps.getHash());
            assertTrue(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), info),
                    "Smack does not verify the caps hash " + caps.getVer());
            // The node#ver query gets the same answer.
            DiscoverInfo byNode = bob.discoverInfo(alice.self, caps.getNode() + "#" + caps.getVer());
            assertTrue(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), byNode));

            assertTrue(bob.ping(alice.self), "Parley did not answer the ping");
        }
    }
}
